/**
 * A municipality's own low-income threshold (BRIEF §4.1): not above the maximum and not below the needy threshold
 * in force on its effective date; without a setting the maximum applies.
 *
 * Project rule for resolution: the latest setting of the municipality with effectiveFrom ≤ date applies. If the
 * national table has changed since, so that the setting is outside [needy, maximum] on the evaluation date, each
 * amount is clamped into that range (and `clamped` is reported), so the law's bounds always hold.
 */
import type { IsoDate } from '../calendar.js';
import { isValidIsoDate } from '../calendar.js';
import { findEffective } from '../effective-dated.js';
import { eurToCents } from '../money.js';
import type { ValidationIssue } from '../validation.js';
import { DomainValidationError, throwIfIssues } from '../validation.js';
import type { MeansTestThresholdTable, ThresholdPair } from './thresholds.js';
import { MEANS_TEST_THRESHOLDS, thresholdsOn } from './thresholds.js';

export interface MunicipalityLowIncomeSetting {
  readonly municipalityCode: string;
  readonly effectiveFrom: IsoDate;
  readonly lowIncomeThreshold: ThresholdPair;
}

/** The request body of `PUT /municipalities/{atvk}/settings`. */
export type MunicipalityLowIncomeSettingInput = Omit<MunicipalityLowIncomeSetting, 'municipalityCode'>;

/** Issues (empty when valid), with paths `effectiveFrom`, `lowIncomeThreshold.firstEur` / `.otherEur`. */
export function validateMunicipalitySetting(
  setting: MunicipalityLowIncomeSettingInput,
  table: MeansTestThresholdTable = MEANS_TEST_THRESHOLDS,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isValidIsoDate(setting.effectiveFrom)) {
    return [{ path: 'effectiveFrom', message: 'not a valid date (YYYY-MM-DD)' }];
  }
  let entry;
  try {
    entry = thresholdsOn(setting.effectiveFrom, table, 'effectiveFrom');
  } catch (err) {
    if (err instanceof DomainValidationError) return [...err.issues];
    throw err;
  }
  for (const key of ['firstEur', 'otherEur'] as const) {
    const path = `lowIncomeThreshold.${key}`;
    const value = setting.lowIncomeThreshold[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      issues.push({ path, message: 'must be a non-negative amount in euros' });
      continue;
    }
    const cents = eurToCents(value);
    if (cents > eurToCents(entry.lowIncomeMaximum[key])) {
      issues.push({
        path,
        message: `${value} is above the maximum ${entry.lowIncomeMaximum[key]} in force on ${setting.effectiveFrom}`,
      });
    } else if (cents < eurToCents(entry.needy[key])) {
      issues.push({
        path,
        message: `${value} is below the needy threshold ${entry.needy[key]} in force on ${setting.effectiveFrom}`,
      });
    }
  }
  return issues;
}

export function assertValidMunicipalitySetting(
  setting: MunicipalityLowIncomeSettingInput,
  table: MeansTestThresholdTable = MEANS_TEST_THRESHOLDS,
): void {
  throwIfIssues(validateMunicipalitySetting(setting, table));
}

export interface ResolvedLowIncomeThreshold {
  readonly pair: ThresholdPair;
  readonly source: 'municipality' | 'maximum';
  /** effectiveFrom of the municipality setting, or of the national table entry when the maximum applies. */
  readonly effectiveFrom: IsoDate;
  /** True when a municipality setting had to be clamped into [needy, maximum] for the date. */
  readonly clamped: boolean;
}

export function resolveLowIncomeThreshold(
  municipalityCode: string | undefined,
  date: IsoDate,
  settings: readonly MunicipalityLowIncomeSetting[],
  table: MeansTestThresholdTable = MEANS_TEST_THRESHOLDS,
): ResolvedLowIncomeThreshold {
  const entry = thresholdsOn(date, table);
  const own =
    municipalityCode === undefined
      ? undefined
      : findEffective(
          settings.filter((s) => s.municipalityCode === municipalityCode),
          date,
        );
  if (own === undefined) {
    return {
      pair: entry.lowIncomeMaximum,
      source: 'maximum',
      effectiveFrom: entry.effectiveFrom,
      clamped: false,
    };
  }
  const clamp = (key: 'firstEur' | 'otherEur'): number =>
    Math.min(entry.lowIncomeMaximum[key], Math.max(entry.needy[key], own.lowIncomeThreshold[key]));
  const pair = { firstEur: clamp('firstEur'), otherEur: clamp('otherEur') };
  const clamped =
    pair.firstEur !== own.lowIncomeThreshold.firstEur || pair.otherEur !== own.lowIncomeThreshold.otherEur;
  return { pair, source: 'municipality', effectiveFrom: own.effectiveFrom, clamped };
}
