/**
 * The pure helpers of registryCheck: the periods asked for, the input's validation, how a failed registry call is
 * described, and how the outcomes of one registry (several subjects, bank requests) combine into one.
 */
import { ActivityFailure, ApplicationFailure, TimeoutFailure, type sleep } from '@temporalio/workflow';
import type { MonthPeriod } from '../../activities/registries/types.js';
import { ALL_REGISTRY_CODES } from '../registry-policies.js';
import type {
  BankRequestState,
  FailureReason,
  RegistryCheckInput,
  RegistryOutcome,
  RegistryStatus,
} from './contract.js';

const DURATION =
  /^\d+(\.\d+)?\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$/i;
export type Duration = Parameters<typeof sleep>[0];

function monthIndex(d: Date): number {
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
function monthOfIndex(i: number): string {
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export function lastFullMonths(count: number, now: Date): MonthPeriod {
  const current = monthIndex(now);
  return { fromMonth: monthOfIndex(current - count), toMonth: monthOfIndex(current - 1) };
}

export function lastFullMonthDates(count: number, now: Date): { fromDate: string; toDate: string } {
  const firstOfThisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - count, 1));
  const to = new Date(firstOfThisMonth - 24 * 3600 * 1000);
  return { fromDate: from.toISOString().slice(0, 10), toDate: to.toISOString().slice(0, 10) };
}

export function describeFailure(err: unknown): { error: string; reason: FailureReason } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const reason: FailureReason =
      cause.type === 'RegistryMalformedResponse'
        ? 'malformed'
        : cause.type === 'RegistryRejected'
          ? 'rejected'
          : cause.type === 'RegistryTimeout'
            ? 'timeout'
            : 'failed';
    return { error: cause.message, reason };
  }
  if (cause instanceof TimeoutFailure)
    return { error: `activity timed out (${cause.timeoutType})`, reason: 'timeout' };
  return { error: cause instanceof Error ? cause.message : String(cause), reason: 'failed' };
}

export function validate(input: RegistryCheckInput): void {
  const problem = (message: string) => ApplicationFailure.nonRetryable(message, 'InvalidRegistryCheckInput');
  if (input.subjects.length === 0) throw problem('subjects: at least one subject is required');
  const ids = new Set(input.subjects.map((s) => s.personId));
  if (ids.size !== input.subjects.length) throw problem('subjects: a person appears twice');
  if (input.bankDeadline !== undefined && !DURATION.test(input.bankDeadline.trim())) {
    throw problem(`bankDeadline: "${input.bankDeadline}" is not a duration such as "3 days"`);
  }
  const unknown = (input.registries ?? []).filter((r) => !ALL_REGISTRY_CODES.includes(r));
  if (unknown.length > 0) throw problem(`registries: unknown ${unknown.join(', ')}`);
}

/** Combines outcomes of one registry: pending wins, then unavailable, then ok, else not-found. */
export function combine(outcomes: RegistryOutcome[]): RegistryOutcome {
  const pick = (s: RegistryStatus) => outcomes.filter((o) => o.status === s);
  const snapshots = outcomes.flatMap((o) => o.snapshotDocumentIds);
  const received = outcomes
    .map((o) => o.receivedAt)
    .filter((r): r is string => r !== null)
    .sort();
  const latest = [...outcomes]
    .filter((o) => o.snapshotDocumentId !== null)
    .sort((a, b) => (a.receivedAt ?? '').localeCompare(b.receivedAt ?? ''))
    .at(-1);
  const status: RegistryStatus = pick('pending').length
    ? 'pending'
    : pick('unavailable').length
      ? 'unavailable'
      : pick('ok').length
        ? 'ok'
        : 'not-found';
  const failures = pick('unavailable');
  const combined: RegistryOutcome = {
    status,
    receivedAt: received.at(-1) ?? null,
    snapshotDocumentId: latest?.snapshotDocumentId ?? null,
    snapshotDocumentIds: snapshots,
  };
  if (failures.length > 0) {
    combined.error = [...new Set(failures.map((f) => f.error ?? 'unavailable'))].join('; ');
    combined.reason = failures[0]?.reason ?? 'failed';
  }
  return combined;
}

export function bankRequestOutcome(r: BankRequestState): RegistryOutcome {
  const base = {
    receivedAt: r.receivedAt,
    snapshotDocumentId: r.snapshotDocumentId,
    snapshotDocumentIds: r.snapshotDocumentId ? [r.snapshotDocumentId] : [],
  };
  switch (r.status) {
    case 'sending':
    case 'pending':
    case 'storing':
      return { ...base, status: 'pending' };
    case 'received':
      return { ...base, status: 'ok' };
    case 'timeout':
      return {
        ...base,
        status: 'unavailable',
        reason: 'timeout',
        error: r.error ?? `bank ${r.bankCode} did not answer`,
      };
    case 'rejected':
      return {
        ...base,
        status: 'unavailable',
        reason: 'rejected',
        error: r.error ?? `bank ${r.bankCode} rejected`,
      };
    case 'failed':
      return {
        ...base,
        status: 'unavailable',
        reason: 'failed',
        error: r.error ?? `bank ${r.bankCode} failed`,
      };
  }
}
