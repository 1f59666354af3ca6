/** Project rules of the queue for state-funded long-term social care (BRIEF §4.13), as an effective-dated table. */
import type { IsoDate } from '../calendar.js';
import { findEffective, type EffectiveDated } from '../effective-dated.js';

export const PRIORITY_GROUPS = [1, 2, 3] as const;
export type PriorityGroup = (typeof PRIORITY_GROUPS)[number];

export interface CareQueueRules {
  /** Days a person has to accept an offered place (silence is a refusal). */
  offerAcceptDays: number;
}
export interface EffectiveCareQueueRules extends CareQueueRules, EffectiveDated {}

export const CARE_QUEUE_RULES: readonly EffectiveCareQueueRules[] = [
  { effectiveFrom: '2009-01-01', offerAcceptDays: 14 },
];

export function careQueueRulesOn(
  date: IsoDate,
  table: readonly EffectiveCareQueueRules[] = CARE_QUEUE_RULES,
): EffectiveCareQueueRules {
  const row = findEffective(table, date) ?? table[0];
  if (!row) throw new Error('the care-queue rules table is empty');
  return row;
}

/** The request's decision rules: group 1 needs a reason. */
export function validatePriority(
  group: PriorityGroup,
  reason: string | null | undefined,
): { path: string; message: string }[] {
  return group === 1 && !(reason ?? '').trim()
    ? [{ path: 'priorityReason', message: 'required for priority group 1' }]
    : [];
}

/** The catalogue's state-funded long-term care types that LM queues (BRIEF §4.13). */
export const QUEUE_SERVICE_TYPES = ['long-term-institutional-care'] as const;

export function isQueueServiceType(code: string): boolean {
  return (QUEUE_SERVICE_TYPES as readonly string[]).includes(code);
}
