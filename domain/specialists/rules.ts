/**
 * BRIEF §4.8: the training rules for children's-rights specialists as an effective-dated table (MK 729 of 2005), so
 * that the current regulation's figures can be entered as a new row. Due dates add months (or years) with the day
 * clamped to the month's last day, then subtract one day.
 */
import type { IsoDate } from '../calendar.js';
import { addDays, addMonthsClamped, addYearsClamped } from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { earliestEffectiveFrom, findEffective } from '../effective-dated.js';

export interface QualificationRules {
  /** Minimum academic hours of the initial training. */
  readonly initialMinHours: number;
  /** The initial training is due within this many months of starting the position. */
  readonly initialWithinMonths: number;
  /** Minimum academic hours of a refresher training. */
  readonly refresherMinHours: number;
  /** A refresher is due this many years after the latest completed training. */
  readonly refresherEveryYears: number;
  /** `refresher-due` starts this many days before the refresher due date. */
  readonly refresherDueSoonDays: number;
}

export interface EffectiveQualificationRules extends QualificationRules, EffectiveDated {}

export const QUALIFICATION_RULES: readonly EffectiveQualificationRules[] = [
  {
    effectiveFrom: '2005-10-01',
    initialMinHours: 40,
    initialWithinMonths: 12,
    refresherMinHours: 24,
    refresherEveryYears: 5,
    refresherDueSoonDays: 90,
  },
];

/**
 * The rules in force on `date`. A date before the first row (a training completed, or a position started, before the
 * regulation) is judged by the first row: the knowledge still counts and the obligation starts with the regulation.
 */
export function qualificationRulesOn(
  date: IsoDate,
  table: readonly EffectiveQualificationRules[] = QUALIFICATION_RULES,
): EffectiveQualificationRules {
  const found = findEffective(table, date);
  if (found) return found;
  const first = earliestEffectiveFrom(table);
  const entry = first === undefined ? undefined : table.find((r) => r.effectiveFrom === first);
  if (!entry) throw new RangeError('no qualification rules are defined');
  return entry;
}

/** `employedFrom` + the initial period (months, day clamped) − 1 day: 2026-03-15 → 2027-03-14. */
export function initialDueBy(
  employedFrom: IsoDate,
  rules: QualificationRules = qualificationRulesOn(employedFrom),
): IsoDate {
  return addDays(addMonthsClamped(employedFrom, rules.initialWithinMonths), -1);
}

/** The latest completed training + the refresher period (years, day clamped) − 1 day: 2021-06-10 → 2026-06-09. */
export function refresherDueBy(
  latestTrainingOn: IsoDate,
  rules: QualificationRules = qualificationRulesOn(latestTrainingOn),
): IsoDate {
  return addDays(addYearsClamped(latestTrainingOn, rules.refresherEveryYears), -1);
}

/** The minimum academic hours a training of this kind must have under `rules`. */
export function requiredHours(kind: 'initial' | 'refresher', rules: QualificationRules): number {
  return kind === 'initial' ? rules.initialMinHours : rules.refresherMinHours;
}
