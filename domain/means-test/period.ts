/**
 * Status period and validity (BRIEF §4.1; SPSP art. 36(3)).
 * - Working age (project rule): aged minAge..maxAge (18..64) in whole years on the evaluation date and without a
 *   disability group. A member turns 18 (working age) on their 18th birthday and leaves it on their 65th.
 * - Period: 3 months with ≥ 1 working-age member, 6 with none, 1 for non-conformity (income within a threshold
 *   but another condition not met).
 * - Validity: from the first day of the application month to the last day of the period's last month.
 */
import type { IsoDate } from '../calendar.js';
import { addMonthsClamped, ageInWholeYears, firstDayOfMonth, lastDayOfMonth } from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { requireEffective } from '../effective-dated.js';

export type DisabilityGroup = 'I' | 'II' | 'III';
export const DISABILITY_GROUPS: readonly DisabilityGroup[] = ['I', 'II', 'III'];

export interface MeansTestPeriodSettings extends EffectiveDated {
  readonly workingAge: { readonly minAge: number; readonly maxAge: number };
  readonly periodMonths: {
    readonly withWorkingAgeMember: number;
    readonly withoutWorkingAgeMember: number;
    readonly nonConformity: number;
  };
}

export const MEANS_TEST_PERIOD_SETTINGS: readonly MeansTestPeriodSettings[] = [
  {
    effectiveFrom: '2025-01-01',
    workingAge: { minAge: 18, maxAge: 64 },
    periodMonths: { withWorkingAgeMember: 3, withoutWorkingAgeMember: 6, nonConformity: 1 },
  },
];

export function periodSettingsOn(
  date: IsoDate,
  table: readonly MeansTestPeriodSettings[] = MEANS_TEST_PERIOD_SETTINGS,
): MeansTestPeriodSettings {
  return requireEffective(table, date, 'means-test period settings');
}

export interface HouseholdMemberForAge {
  readonly birthDate: IsoDate;
  readonly disabilityGroup: DisabilityGroup | null;
}

export function isWorkingAge(
  member: HouseholdMemberForAge,
  date: IsoDate,
  settings: MeansTestPeriodSettings = periodSettingsOn(date),
): boolean {
  if (member.disabilityGroup !== null) return false;
  const age = ageInWholeYears(member.birthDate, date);
  return age >= settings.workingAge.minAge && age <= settings.workingAge.maxAge;
}

export function countWorkingAgeMembers(
  members: readonly HouseholdMemberForAge[],
  date: IsoDate,
  settings: MeansTestPeriodSettings = periodSettingsOn(date),
): number {
  return members.filter((m) => isWorkingAge(m, date, settings)).length;
}

export function statusPeriodMonths(
  household: { readonly workingAgeMembers: number; readonly nonConformity: boolean },
  settings: MeansTestPeriodSettings,
): number {
  if (household.nonConformity) return settings.periodMonths.nonConformity;
  return household.workingAgeMembers > 0
    ? settings.periodMonths.withWorkingAgeMember
    : settings.periodMonths.withoutWorkingAgeMember;
}

export interface ValidityPeriod {
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate;
}

/** 2026-03-15, 3 months → 2026-03-01 … 2026-05-31. */
export function validityPeriod(applicationDate: IsoDate, months: number): ValidityPeriod {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be ≥ 1: ${months}`);
  const validFrom = firstDayOfMonth(applicationDate);
  return { validFrom, validTo: lastDayOfMonth(addMonthsClamped(validFrom, months - 1)) };
}
