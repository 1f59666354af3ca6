/**
 * How a person is classified in a report (BRIEF §4.9): by their attributes on the last day they were served within
 * the period; age groups 0–17, 18–64, 65+; sex from the population register (unknown when it does not say).
 */
import { ageInWholeYears, type IsoDate } from '../calendar.js';

export const AGE_GROUPS = ['0-17', '18-64', '65+'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number] | 'unknown';
export const SEXES = ['female', 'male', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export interface PersonAttributes {
  readonly personId: string;
  readonly birthDate: IsoDate | null;
  readonly sex: 'female' | 'male' | null;
}

export function ageGroupOn(birthDate: IsoDate | null, on: IsoDate): AgeGroup {
  if (birthDate === null) return 'unknown';
  const age = ageInWholeYears(birthDate, on);
  return age < 18 ? '0-17' : age < 65 ? '18-64' : '65+';
}

export function sexOf(p: PersonAttributes | undefined): Sex {
  return p?.sex ?? 'unknown';
}
