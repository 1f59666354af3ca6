/**
 * The provider register's rules (BRIEF §4.12, MK 951 in the seeds' time) as an effective-dated table, so that a later
 * regulation's figures can be entered as a new row.
 */
import type { IsoDate } from '../calendar.js';
import { findEffective, type EffectiveDated } from '../effective-dated.js';

export interface ProviderRules {
  /** A certificate is valid this many years from the decision (then minus one day). */
  certificateYears: number;
  /** Reminders to re-register this many months before the certificate ends (project rule). */
  reminderMonthsBefore: number[];
  /** LM decides within this many months of a complete application. */
  decisionWithinMonths: number;
}

export interface EffectiveProviderRules extends ProviderRules, EffectiveDated {}

export const PROVIDER_RULES: readonly EffectiveProviderRules[] = [
  { effectiveFrom: '2009-01-01', certificateYears: 5, reminderMonthsBefore: [6, 1], decisionWithinMonths: 1 },
];

/** The row in force on `date`; a date before the first row is judged by the first row. */
export function providerRulesOn(
  date: IsoDate,
  table: readonly EffectiveProviderRules[] = PROVIDER_RULES,
): EffectiveProviderRules {
  const row =
    findEffective(table, date) ?? [...table].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))[0];
  if (!row) throw new Error('the provider rules table is empty');
  return row;
}
