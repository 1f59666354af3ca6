/**
 * Retry policies and timeouts of every registry exchange, in one place. Plain data: workflows import it.
 * Malformed answers and 4xx rejections are never retried; 5xx, timeouts and network errors retry with backoff.
 */
import type { ActivityOptions } from '@temporalio/workflow';
import type { RegistryCode, SubjectRole } from '../activities/registries/types.js';

/** ApplicationFailure types thrown by activities/registries/http.ts that must not be retried. */
export const NON_RETRYABLE_REGISTRY_ERRORS = ['RegistryMalformedResponse', 'RegistryRejected'] as const;

function policy(options: {
  startToCloseTimeout: ActivityOptions['startToCloseTimeout'];
  initialInterval: string;
  maximumInterval: string;
  maximumAttempts: number;
}): ActivityOptions {
  return {
    startToCloseTimeout: options.startToCloseTimeout,
    retry: {
      initialInterval: options.initialInterval,
      backoffCoefficient: 2,
      maximumInterval: options.maximumInterval,
      maximumAttempts: options.maximumAttempts,
      nonRetryableErrorTypes: [...NON_RETRYABLE_REGISTRY_ERRORS],
    },
  };
}

/** State registries answer within seconds; a short outage is ridden out, a long one marks the registry unavailable. */
const stateRegistry = policy({
  startToCloseTimeout: '30 seconds',
  initialInterval: '2 seconds',
  maximumInterval: '1 minute',
  maximumAttempts: 6,
});

export const REGISTRY_ACTIVITY_OPTIONS: Readonly<Record<RegistryCode, ActivityOptions>> = {
  pmlp: stateRegistry,
  vdeavk: stateRegistry,
  vsaa: stateRegistry,
  vid: stateRegistry,
  nva: stateRegistry,
  vzd: stateRegistry,
  'account-register': stateRegistry,
  /** Sending a statement request (idempotent by request id); the answer itself comes by callback. */
  banks: policy({
    startToCloseTimeout: '30 seconds',
    initialInterval: '5 seconds',
    maximumInterval: '5 minutes',
    maximumAttempts: 8,
  }),
  npais: stateRegistry,
  baris: stateRegistry,
};

/**
 * Activities that only touch the case file and notifications (evidence of a bank callback, letters, deadline alerts).
 * They retry until they succeed (every one is idempotent by key): a database or MinIO that is busy or down for a while
 * must delay a long-running process, never fail it and lose its alerts. Bugs surface as non-retryable failures.
 */
export const CASE_FILE_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
  },
};

export const ALL_REGISTRY_CODES = Object.keys(REGISTRY_ACTIVITY_OPTIONS) as RegistryCode[];

/** Which registries are relevant for whom (a household is asked of PMLP for the applicant only). */
export const REGISTRIES_BY_ROLE: Readonly<Record<SubjectRole, readonly RegistryCode[]>> = {
  applicant: ['pmlp', 'vdeavk', 'vsaa', 'vid', 'nva', 'vzd', 'account-register', 'banks'],
  'household-member': ['pmlp', 'vdeavk', 'vsaa', 'vid', 'nva', 'vzd', 'account-register', 'banks'],
  child: ['pmlp', 'vdeavk', 'vsaa', 'account-register', 'banks', 'npais', 'baris'],
};

/** How long a registry check waits for banks' asynchronous answers before telling the worker. */
export const DEFAULT_BANK_DEADLINE = '3 days';
/** Months of VSAA payments and VID income asked for (full calendar months before the check). */
export const INCOME_MONTHS = 12;
/** Months of bank turnover asked for (the means test's 3 full calendar months). */
export const BANK_STATEMENT_MONTHS = 3;
