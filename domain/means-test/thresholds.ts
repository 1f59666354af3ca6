/**
 * Means-test thresholds (BRIEF §4.1; SPSP law art. 33, MK 809), effective-dated. Each pair gives the amount for
 * the first (or only) household member and for each other member.
 */
import type { IsoDate } from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { requireEffective } from '../effective-dated.js';
import type { Cents } from '../money.js';
import { eurToCents } from '../money.js';

export interface ThresholdPair {
  readonly firstEur: number;
  readonly otherEur: number;
}

export interface MeansTestThresholdEntry extends EffectiveDated {
  /** Guaranteed minimum income threshold (GMI benefit = household GMI sum − income). */
  readonly gmi: ThresholdPair;
  /** Needy household threshold (trūcīga mājsaimniecība). */
  readonly needy: ThresholdPair;
  /** Highest low-income threshold a municipality may set (maznodrošināta mājsaimniecība). */
  readonly lowIncomeMaximum: ThresholdPair;
}

export type MeansTestThresholdTable = readonly MeansTestThresholdEntry[];

export const MEANS_TEST_THRESHOLDS: MeansTestThresholdTable = [
  {
    effectiveFrom: '2025-01-01',
    gmi: { firstEur: 166, otherEur: 116 },
    needy: { firstEur: 377, otherEur: 264 },
    lowIncomeMaximum: { firstEur: 604, otherEur: 423 },
  },
  {
    effectiveFrom: '2026-01-01',
    gmi: { firstEur: 187, otherEur: 131 },
    needy: { firstEur: 425, otherEur: 298 },
    lowIncomeMaximum: { firstEur: 680, otherEur: 476 },
  },
];

/** The thresholds in force on `date`; a DomainValidationError on `path` before the first entry. */
export function thresholdsOn(
  date: IsoDate,
  table: MeansTestThresholdTable = MEANS_TEST_THRESHOLDS,
  path = 'date',
): MeansTestThresholdEntry {
  return requireEffective(table, date, 'means-test thresholds', path);
}

/** Household sum in cents: first + other × (members − 1). */
export function householdThresholdCents(pair: ThresholdPair, members: number): Cents {
  if (!Number.isInteger(members) || members < 1) throw new RangeError(`members must be ≥ 1: ${members}`);
  return eurToCents(pair.firstEur) + eurToCents(pair.otherEur) * (members - 1);
}
