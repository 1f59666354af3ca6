/**
 * Timeouts and retries of the DMS exchanges. Plain data: workflows import it. A 4xx answer (DmsRejected) is never
 * retried; network errors, timeouts and 5xx retry with backoff.
 */
import type { ActivityOptions } from '@temporalio/workflow';

const NON_RETRYABLE = ['DmsRejected'];

/** Filing the application and creating its task: database and object storage only. */
export const DMS_CASE_FILE_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 20,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
};

/** "Registered in DigiSoc as …" back to the DMS: retried for up to a week, then given up (the task exists anyway). */
export const DMS_CONFIRMATION_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '7 days',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '15 minutes',
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
};

/** Delivering a decision letter: backoff from 30 s to 30 min, without an attempt limit. */
export const DMS_OUTBOUND_RETRY = {
  initialInterval: '30 seconds',
  backoffCoefficient: 2,
  maximumInterval: '30 minutes',
  nonRetryableErrorTypes: NON_RETRYABLE,
} as const;

export function dmsOutboundOptions(scheduleToClose?: string): ActivityOptions {
  return {
    startToCloseTimeout: '1 minute',
    ...(scheduleToClose ? { scheduleToCloseTimeout: scheduleToClose } : {}),
    retry: { ...DMS_OUTBOUND_RETRY, nonRetryableErrorTypes: [...DMS_OUTBOUND_RETRY.nonRetryableErrorTypes] },
  };
}

export const DEFAULT_OUTBOUND_ALERT_AFTER = '24 hours';

/** How long an intake waits for its triage task to be completed before it ends (the task stays in the queue). */
export const TRIAGE_WAIT = '90 days';
