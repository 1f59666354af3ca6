/**
 * The means-test calculation (BRIEF §4.1, issue 5): request and answer shapes of
 * `POST /api/v1/means-tests/calculate`.
 *
 * - The first member is the "first person"; household sums = first + other × (n − 1).
 * - Savings above the household's needy sum, or real property beyond the dwelling lived in → not eligible.
 * - needy if income ≤ needy sum; else low-income if ≤ the municipality's low-income sum; else not eligible
 *   (exactly equal → the lower status).
 * - GMI benefit = GMI sum − income when positive, only for needy households.
 * - Period 3 / 6 / 1 (non-conformity) months; validity from the first day of the application month.
 * All amounts are computed in integer cents and answered in euros rounded to cents.
 */
import type { IsoDate } from '../calendar.js';
import { isAfter, isValidIsoDate } from '../calendar.js';
import type { Cents } from '../money.js';
import { centsToEur, eurToCents } from '../money.js';
import type { ValidationIssue } from '../validation.js';
import { DomainValidationError, throwIfIssues } from '../validation.js';
import type { MunicipalityLowIncomeSetting } from './municipality-settings.js';
import { resolveLowIncomeThreshold } from './municipality-settings.js';
import type { DisabilityGroup, MeansTestPeriodSettings } from './period.js';
import {
  countWorkingAgeMembers,
  DISABILITY_GROUPS,
  MEANS_TEST_PERIOD_SETTINGS,
  periodSettingsOn,
  statusPeriodMonths,
  validityPeriod,
} from './period.js';
import type { MeansTestThresholdTable, ThresholdPair } from './thresholds.js';
import { householdThresholdCents, thresholdsOn } from './thresholds.js';

export interface MeansTestMemberInput {
  readonly birthDate: IsoDate;
  readonly disabilityGroup: DisabilityGroup | null;
  /** The member's average monthly income in euros. */
  readonly monthlyIncomeEur: number;
}

export interface MeansTestInput {
  /** Evaluation (application) date. */
  readonly date: IsoDate;
  readonly municipalityCode?: string;
  readonly members: readonly MeansTestMemberInput[];
  readonly savingsEur?: number;
  readonly extraProperty?: boolean;
  readonly nonConformity?: boolean;
}

export type MeansTestStatus = 'needy' | 'low-income' | 'not-eligible';

export interface MeansTestResult {
  readonly status: MeansTestStatus;
  readonly periodMonths: number | null;
  readonly validFrom: IsoDate | null;
  readonly validTo: IsoDate | null;
  readonly householdIncomeEur: number;
  readonly thresholds: { readonly gmiEur: number; readonly needyEur: number; readonly lowIncomeEur: number };
  readonly gmiBenefitEur: number;
  readonly workingAgeMembers: number;
  readonly reasons: string[];
}

export type MeansTestReasonCode =
  | 'income-within-needy'
  | 'income-within-low-income'
  | 'income-above-low-income'
  | 'savings-above-needy-sum'
  | 'extra-property'
  | 'low-income-threshold-municipal'
  | 'low-income-threshold-maximum'
  | 'low-income-threshold-clamped'
  | 'gmi-benefit'
  | 'no-gmi-benefit'
  | 'period-working-age-member'
  | 'period-no-working-age-member'
  | 'period-non-conformity';

export interface MeansTestReason {
  readonly code: MeansTestReasonCode;
  readonly text: string;
}

export interface MeansTestContext {
  readonly thresholds: MeansTestThresholdTable;
  readonly municipalitySettings: readonly MunicipalityLowIncomeSetting[];
  readonly periodSettings?: readonly MeansTestPeriodSettings[];
  /** When given, a municipalityCode outside this list is a validation error. */
  readonly knownMunicipalityCodes?: readonly string[];
}

const eur = (cents: Cents): string => `${(cents / 100).toFixed(2)} EUR`;
const pairText = (p: ThresholdPair, n: number): string => `${p.firstEur} + ${p.otherEur} × ${n - 1}`;

function isNonNegativeAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Validation issues of the request (paths as in the request body); empty when valid. */
export function validateMeansTestInput(input: MeansTestInput, context: MeansTestContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let dateUsable = false;
  if (!isValidIsoDate(input.date)) {
    issues.push({ path: 'date', message: 'not a valid date (YYYY-MM-DD)' });
  } else {
    try {
      thresholdsOn(input.date, context.thresholds);
      periodSettingsOn(input.date, context.periodSettings ?? MEANS_TEST_PERIOD_SETTINGS);
      dateUsable = true;
    } catch (err) {
      if (!(err instanceof DomainValidationError)) throw err;
      issues.push(...err.issues);
    }
  }
  if (input.municipalityCode !== undefined) {
    if (typeof input.municipalityCode !== 'string' || input.municipalityCode === '') {
      issues.push({ path: 'municipalityCode', message: 'must be an ATVK code' });
    } else if (
      context.knownMunicipalityCodes !== undefined &&
      !context.knownMunicipalityCodes.includes(input.municipalityCode)
    ) {
      issues.push({ path: 'municipalityCode', message: `unknown municipality ${input.municipalityCode}` });
    }
  }
  if (!Array.isArray(input.members) || input.members.length === 0) {
    issues.push({ path: 'members', message: 'the household must have at least one member' });
  } else {
    input.members.forEach((m, i) => {
      if (!isValidIsoDate(m.birthDate)) {
        issues.push({ path: `members[${i}].birthDate`, message: 'not a valid date (YYYY-MM-DD)' });
      } else if (dateUsable && isAfter(m.birthDate, input.date)) {
        issues.push({ path: `members[${i}].birthDate`, message: 'is after the evaluation date' });
      }
      if (m.disabilityGroup !== null && !DISABILITY_GROUPS.includes(m.disabilityGroup)) {
        issues.push({ path: `members[${i}].disabilityGroup`, message: 'must be null, "I", "II" or "III"' });
      }
      if (!isNonNegativeAmount(m.monthlyIncomeEur)) {
        issues.push({
          path: `members[${i}].monthlyIncomeEur`,
          message: 'must be a non-negative amount in euros',
        });
      }
    });
  }
  if (input.savingsEur !== undefined && !isNonNegativeAmount(input.savingsEur)) {
    issues.push({ path: 'savingsEur', message: 'must be a non-negative amount in euros' });
  }
  if (input.extraProperty !== undefined && typeof input.extraProperty !== 'boolean') {
    issues.push({ path: 'extraProperty', message: 'must be true or false' });
  }
  if (input.nonConformity !== undefined && typeof input.nonConformity !== 'boolean') {
    issues.push({ path: 'nonConformity', message: 'must be true or false' });
  }
  return issues;
}

export interface MeansTestEvaluation {
  readonly result: MeansTestResult;
  readonly reasonDetails: readonly MeansTestReason[];
}

/** The calculation with machine-readable reason codes alongside the English texts. */
export function evaluateMeansTest(input: MeansTestInput, context: MeansTestContext): MeansTestEvaluation {
  throwIfIssues(validateMeansTestInput(input, context));
  const n = input.members.length;
  const entry = thresholdsOn(input.date, context.thresholds);
  const periodSettings = periodSettingsOn(input.date, context.periodSettings ?? MEANS_TEST_PERIOD_SETTINGS);
  const lowIncome = resolveLowIncomeThreshold(
    input.municipalityCode,
    input.date,
    context.municipalitySettings,
    context.thresholds,
  );

  const gmiSum = householdThresholdCents(entry.gmi, n);
  const needySum = householdThresholdCents(entry.needy, n);
  const lowSum = householdThresholdCents(lowIncome.pair, n);
  const income = input.members.reduce((sum, m) => sum + eurToCents(m.monthlyIncomeEur), 0);
  const savings = eurToCents(input.savingsEur ?? 0);
  const workingAgeMembers = countWorkingAgeMembers(input.members, input.date, periodSettings);

  const reasons: MeansTestReason[] = [];
  const add = (code: MeansTestReasonCode, text: string): void => {
    reasons.push({ code, text });
  };

  if (lowIncome.source === 'municipality') {
    add(
      'low-income-threshold-municipal',
      `Municipality ${input.municipalityCode ?? ''} low-income threshold ${lowIncome.pair.firstEur} / ${lowIncome.pair.otherEur} EUR (effective from ${lowIncome.effectiveFrom}).`,
    );
    if (lowIncome.clamped) {
      add(
        'low-income-threshold-clamped',
        `The municipality's setting was outside the needy threshold and the maximum in force on ${input.date} and was limited to them.`,
      );
    }
  } else {
    add(
      'low-income-threshold-maximum',
      `No municipality low-income threshold applies; the maximum ${lowIncome.pair.firstEur} / ${lowIncome.pair.otherEur} EUR is used.`,
    );
  }

  let status: MeansTestStatus | undefined;
  if (savings > needySum) {
    status = 'not-eligible';
    add(
      'savings-above-needy-sum',
      `Savings ${eur(savings)} exceed the household's needy threshold ${eur(needySum)}: not eligible.`,
    );
  }
  if (input.extraProperty === true) {
    status = 'not-eligible';
    add('extra-property', 'The household owns real property beyond the dwelling it lives in: not eligible.');
  }
  if (income <= needySum) {
    add(
      'income-within-needy',
      `Household income ${eur(income)} is within the needy threshold ${eur(needySum)} (${pairText(entry.needy, n)}).`,
    );
    status ??= 'needy';
  } else if (income <= lowSum) {
    add(
      'income-within-low-income',
      `Household income ${eur(income)} is above the needy threshold ${eur(needySum)} and within the low-income threshold ${eur(lowSum)} (${pairText(lowIncome.pair, n)}).`,
    );
    status ??= 'low-income';
  } else {
    add(
      'income-above-low-income',
      `Household income ${eur(income)} is above the low-income threshold ${eur(lowSum)} (${pairText(lowIncome.pair, n)}): not eligible.`,
    );
    status = 'not-eligible';
  }

  let benefit: Cents = 0;
  if (status === 'needy') {
    benefit = Math.max(0, gmiSum - income);
    add(
      benefit > 0 ? 'gmi-benefit' : 'no-gmi-benefit',
      benefit > 0
        ? `GMI benefit ${eur(benefit)} = GMI threshold ${eur(gmiSum)} (${pairText(entry.gmi, n)}) − income ${eur(income)}.`
        : `No GMI benefit: income ${eur(income)} is not below the GMI threshold ${eur(gmiSum)}.`,
    );
  }

  let periodMonths: number | null = null;
  let validity: { validFrom: IsoDate | null; validTo: IsoDate | null } = { validFrom: null, validTo: null };
  if (status !== 'not-eligible') {
    const nonConformity = input.nonConformity === true;
    periodMonths = statusPeriodMonths({ workingAgeMembers, nonConformity }, periodSettings);
    validity = validityPeriod(input.date, periodMonths);
    if (nonConformity) {
      add(
        'period-non-conformity',
        `The household does not meet another condition (non-conformity): status for ${periodMonths} month(s).`,
      );
    } else if (workingAgeMembers > 0) {
      add(
        'period-working-age-member',
        `${workingAgeMembers} member(s) of working age (${periodSettings.workingAge.minAge}–${periodSettings.workingAge.maxAge}, no disability group): status for ${periodMonths} months.`,
      );
    } else {
      add('period-no-working-age-member', `No member of working age: status for ${periodMonths} months.`);
    }
  }

  return {
    result: {
      status,
      periodMonths,
      validFrom: validity.validFrom,
      validTo: validity.validTo,
      householdIncomeEur: centsToEur(income),
      thresholds: {
        gmiEur: centsToEur(gmiSum),
        needyEur: centsToEur(needySum),
        lowIncomeEur: centsToEur(lowSum),
      },
      gmiBenefitEur: centsToEur(benefit),
      workingAgeMembers,
      reasons: reasons.map((r) => r.text),
    },
    reasonDetails: reasons,
  };
}

/** The answer of `POST /api/v1/means-tests/calculate`; throws DomainValidationError naming the field. */
export function calculateMeansTest(input: MeansTestInput, context: MeansTestContext): MeansTestResult {
  return evaluateMeansTest(input, context).result;
}

/** Only the reason codes of a calculation, in the order of `reasons`. */
export function meansTestReasonCodes(
  input: MeansTestInput,
  context: MeansTestContext,
): MeansTestReasonCode[] {
  return evaluateMeansTest(input, context).reasonDetails.map((r) => r.code);
}
