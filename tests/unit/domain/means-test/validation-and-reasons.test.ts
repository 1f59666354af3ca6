/**
 * The means-test rules' remaining promises, found by mutation testing (docs/testing.md): every validation issue with
 * its path and message, and the exact reasoning lines of each kind of outcome (they are the decision's reasoning).
 */
import { describe, expect, it } from '@jest/globals';
import {
  evaluateMeansTest,
  validateMeansTestInput,
  type MeansTestContext,
  type MeansTestInput,
  type MeansTestReason,
} from '../../../../domain/means-test/calculate.js';
import {
  resolveLowIncomeThreshold,
  validateMunicipalitySetting,
  type MunicipalityLowIncomeSettingInput,
} from '../../../../domain/means-test/municipality-settings.js';
import { MEANS_TEST_THRESHOLDS } from '../../../../domain/means-test/thresholds.js';

const RIGA = '0001000';
const CESIS = '0420200';
const context: MeansTestContext = {
  thresholds: MEANS_TEST_THRESHOLDS,
  municipalitySettings: [
    {
      municipalityCode: RIGA,
      effectiveFrom: '2026-01-01',
      lowIncomeThreshold: { firstEur: 600, otherEur: 420 },
    },
    {
      municipalityCode: CESIS,
      effectiveFrom: '2025-01-01',
      lowIncomeThreshold: { firstEur: 380, otherEur: 265 },
    },
  ],
};
const adult = (monthlyIncomeEur: number, birthDate = '1985-02-01') => ({
  birthDate,
  disabilityGroup: null,
  monthlyIncomeEur,
});
const pensioner = (monthlyIncomeEur: number) => adult(monthlyIncomeEur, '1950-02-01');
/** Inputs as a client could send them: wrong types included. */
const raw = (input: Record<string, unknown>) => input as unknown as MeansTestInput;

describe('validation: each issue with its path and message', () => {
  it.each([
    [
      'a valid household',
      { date: '2026-03-15', members: [adult(0)], savingsEur: 0, extraProperty: false, nonConformity: false },
      [],
    ],
    [
      'an impossible date',
      { date: '2026-02-30', members: [adult(0)] },
      [{ path: 'date', message: 'not a valid date (YYYY-MM-DD)' }],
    ],
    [
      'an empty municipality code',
      { date: '2026-03-15', municipalityCode: '', members: [adult(0)] },
      [{ path: 'municipalityCode', message: 'must be an ATVK code' }],
    ],
    [
      'a municipality code that is not text',
      { date: '2026-03-15', municipalityCode: 26000, members: [adult(0)] },
      [{ path: 'municipalityCode', message: 'must be an ATVK code' }],
    ],
    [
      'no members',
      { date: '2026-03-15', members: [] },
      [{ path: 'members', message: 'the household must have at least one member' }],
    ],
    [
      'members not a list',
      { date: '2026-03-15', members: 'two' },
      [{ path: 'members', message: 'the household must have at least one member' }],
    ],
    [
      'an impossible birth date',
      { date: '2026-03-15', members: [adult(0, '1985-13-01')] },
      [{ path: 'members[0].birthDate', message: 'not a valid date (YYYY-MM-DD)' }],
    ],
    [
      'born after the evaluation date',
      { date: '2026-03-15', members: [adult(0), adult(0, '2026-03-16')] },
      [{ path: 'members[1].birthDate', message: 'is after the evaluation date' }],
    ],
    [
      'an unknown disability group',
      { date: '2026-03-15', members: [{ ...adult(0), disabilityGroup: 'IV' }] },
      [{ path: 'members[0].disabilityGroup', message: 'must be null, "I", "II" or "III"' }],
    ],
    [
      'a negative income',
      { date: '2026-03-15', members: [adult(-0.01)] },
      [{ path: 'members[0].monthlyIncomeEur', message: 'must be a non-negative amount in euros' }],
    ],
    [
      'an infinite income',
      { date: '2026-03-15', members: [adult(Number.POSITIVE_INFINITY)] },
      [{ path: 'members[0].monthlyIncomeEur', message: 'must be a non-negative amount in euros' }],
    ],
    [
      'an income as text',
      { date: '2026-03-15', members: [{ ...adult(0), monthlyIncomeEur: '5' }] },
      [{ path: 'members[0].monthlyIncomeEur', message: 'must be a non-negative amount in euros' }],
    ],
    [
      'negative savings',
      { date: '2026-03-15', members: [adult(0)], savingsEur: -1 },
      [{ path: 'savingsEur', message: 'must be a non-negative amount in euros' }],
    ],
    [
      'extra property as text',
      { date: '2026-03-15', members: [adult(0)], extraProperty: 'yes' },
      [{ path: 'extraProperty', message: 'must be true or false' }],
    ],
    [
      'non-conformity as a number',
      { date: '2026-03-15', members: [adult(0)], nonConformity: 1 },
      [{ path: 'nonConformity', message: 'must be true or false' }],
    ],
  ])('%s', (_title, input, issues) => {
    expect(validateMeansTestInput(raw(input), context)).toEqual(issues);
  });

  it('names a municipality the register does not know, and accepts one it knows', () => {
    const known = { ...context, knownMunicipalityCodes: [RIGA] };
    expect(
      validateMeansTestInput({ date: '2026-03-15', municipalityCode: '0999999', members: [adult(0)] }, known),
    ).toEqual([{ path: 'municipalityCode', message: 'unknown municipality 0999999' }]);
    expect(
      validateMeansTestInput({ date: '2026-03-15', municipalityCode: RIGA, members: [adult(0)] }, known),
    ).toEqual([]);
  });

  it('a date before the first threshold table is an issue on the date; birth dates are not compared with it', () => {
    const issues = validateMeansTestInput({ date: '2024-12-31', members: [adult(0, '2025-06-01')] }, context);
    expect(issues.map((i) => i.path)).toEqual(['date']);
  });
});

describe('the reasoning of each kind of outcome, line by line', () => {
  const CASES: [string, MeansTestInput, MeansTestReason[]][] = [
    [
      'a needy family of two in Rīga with a GMI benefit',
      { date: '2026-03-15', municipalityCode: RIGA, members: [adult(250), adult(0, '2015-06-10')] },
      [
        {
          code: 'low-income-threshold-municipal',
          text: 'Municipality 0001000 low-income threshold 600 / 420 EUR (effective from 2026-01-01).',
        },
        {
          code: 'income-within-needy',
          text: 'Household income 250.00 EUR is within the needy threshold 723.00 EUR (425 + 298 × 1).',
        },
        {
          code: 'gmi-benefit',
          text: 'GMI benefit 68.00 EUR = GMI threshold 318.00 EUR (187 + 131 × 1) − income 250.00 EUR.',
        },
        {
          code: 'period-working-age-member',
          text: '1 member(s) of working age (18–64, no disability group): status for 3 months.',
        },
      ],
    ],
    [
      'needy, income not below the GMI threshold: no benefit',
      { date: '2026-03-15', members: [adult(400)] },
      [
        {
          code: 'low-income-threshold-maximum',
          text: 'No municipality low-income threshold applies; the maximum 680 / 476 EUR is used.',
        },
        {
          code: 'income-within-needy',
          text: 'Household income 400.00 EUR is within the needy threshold 425.00 EUR (425 + 298 × 0).',
        },
        {
          code: 'no-gmi-benefit',
          text: 'No GMI benefit: income 400.00 EUR is not below the GMI threshold 187.00 EUR.',
        },
        {
          code: 'period-working-age-member',
          text: '1 member(s) of working age (18–64, no disability group): status for 3 months.',
        },
      ],
    ],
    [
      "low-income under Rīga's own threshold",
      { date: '2026-03-15', municipalityCode: RIGA, members: [adult(500)] },
      [
        {
          code: 'low-income-threshold-municipal',
          text: 'Municipality 0001000 low-income threshold 600 / 420 EUR (effective from 2026-01-01).',
        },
        {
          code: 'income-within-low-income',
          text: 'Household income 500.00 EUR is above the needy threshold 425.00 EUR and within the low-income threshold 600.00 EUR (600 + 420 × 0).',
        },
        {
          code: 'period-working-age-member',
          text: '1 member(s) of working age (18–64, no disability group): status for 3 months.',
        },
      ],
    ],
    [
      'income above the maximum low-income threshold',
      { date: '2026-03-15', members: [adult(2000)] },
      [
        {
          code: 'low-income-threshold-maximum',
          text: 'No municipality low-income threshold applies; the maximum 680 / 476 EUR is used.',
        },
        {
          code: 'income-above-low-income',
          text: 'Household income 2000.00 EUR is above the low-income threshold 680.00 EUR (680 + 476 × 0): not eligible.',
        },
      ],
    ],
    [
      'savings above the needy sum and extra property',
      { date: '2026-03-15', members: [adult(0)], savingsEur: 5000, extraProperty: true },
      [
        {
          code: 'low-income-threshold-maximum',
          text: 'No municipality low-income threshold applies; the maximum 680 / 476 EUR is used.',
        },
        {
          code: 'savings-above-needy-sum',
          text: "Savings 5000.00 EUR exceed the household's needy threshold 425.00 EUR: not eligible.",
        },
        {
          code: 'extra-property',
          text: 'The household owns real property beyond the dwelling it lives in: not eligible.',
        },
        {
          code: 'income-within-needy',
          text: 'Household income 0.00 EUR is within the needy threshold 425.00 EUR (425 + 298 × 0).',
        },
      ],
    ],
    [
      "Cēsis' 2025 setting clamped to the 2026 needy threshold",
      { date: '2026-02-01', municipalityCode: CESIS, members: [adult(0)] },
      [
        {
          code: 'low-income-threshold-municipal',
          text: 'Municipality 0420200 low-income threshold 425 / 298 EUR (effective from 2025-01-01).',
        },
        {
          code: 'low-income-threshold-clamped',
          text: "The municipality's setting was outside the needy threshold and the maximum in force on 2026-02-01 and was limited to them.",
        },
        {
          code: 'income-within-needy',
          text: 'Household income 0.00 EUR is within the needy threshold 425.00 EUR (425 + 298 × 0).',
        },
        {
          code: 'gmi-benefit',
          text: 'GMI benefit 187.00 EUR = GMI threshold 187.00 EUR (187 + 131 × 0) − income 0.00 EUR.',
        },
        {
          code: 'period-working-age-member',
          text: '1 member(s) of working age (18–64, no disability group): status for 3 months.',
        },
      ],
    ],
    [
      'non-conformity: status for one month',
      { date: '2026-03-15', members: [adult(0)], nonConformity: true },
      [
        {
          code: 'low-income-threshold-maximum',
          text: 'No municipality low-income threshold applies; the maximum 680 / 476 EUR is used.',
        },
        {
          code: 'income-within-needy',
          text: 'Household income 0.00 EUR is within the needy threshold 425.00 EUR (425 + 298 × 0).',
        },
        {
          code: 'gmi-benefit',
          text: 'GMI benefit 187.00 EUR = GMI threshold 187.00 EUR (187 + 131 × 0) − income 0.00 EUR.',
        },
        {
          code: 'period-non-conformity',
          text: 'The household does not meet another condition (non-conformity): status for 1 month(s).',
        },
      ],
    ],
    [
      'two pensioners: no member of working age, six months',
      { date: '2026-03-15', members: [pensioner(100), pensioner(50)] },
      [
        {
          code: 'low-income-threshold-maximum',
          text: 'No municipality low-income threshold applies; the maximum 680 / 476 EUR is used.',
        },
        {
          code: 'income-within-needy',
          text: 'Household income 150.00 EUR is within the needy threshold 723.00 EUR (425 + 298 × 1).',
        },
        {
          code: 'gmi-benefit',
          text: 'GMI benefit 168.00 EUR = GMI threshold 318.00 EUR (187 + 131 × 1) − income 150.00 EUR.',
        },
        { code: 'period-no-working-age-member', text: 'No member of working age: status for 6 months.' },
      ],
    ],
  ];
  it.each(CASES)('%s', (_title, input, reasons) => {
    expect(evaluateMeansTest(input, context).reasonDetails).toEqual(reasons);
  });
});

describe("a municipality's low-income setting: validation and clamping", () => {
  it.each([
    [
      'an impossible date',
      { effectiveFrom: '2026-02-30', lowIncomeThreshold: { firstEur: 500, otherEur: 350 } },
      [{ path: 'effectiveFrom', message: 'not a valid date (YYYY-MM-DD)' }],
    ],
    [
      'a negative amount',
      { effectiveFrom: '2026-01-01', lowIncomeThreshold: { firstEur: -1, otherEur: 350 } },
      [{ path: 'lowIncomeThreshold.firstEur', message: 'must be a non-negative amount in euros' }],
    ],
    [
      'an infinite amount',
      {
        effectiveFrom: '2026-01-01',
        lowIncomeThreshold: { firstEur: 500, otherEur: Number.POSITIVE_INFINITY },
      },
      [{ path: 'lowIncomeThreshold.otherEur', message: 'must be a non-negative amount in euros' }],
    ],
    [
      'an amount as text',
      { effectiveFrom: '2026-01-01', lowIncomeThreshold: { firstEur: '500', otherEur: 350 } },
      [{ path: 'lowIncomeThreshold.firstEur', message: 'must be a non-negative amount in euros' }],
    ],
    [
      'amounts within the range',
      { effectiveFrom: '2026-01-01', lowIncomeThreshold: { firstEur: 500, otherEur: 350 } },
      [],
    ],
  ])('%s', (_title, setting, issues) => {
    expect(validateMunicipalitySetting(setting as unknown as MunicipalityLowIncomeSettingInput)).toEqual(
      issues,
    );
  });

  it.each([
    // only one of the two amounts outside the range is still clamped
    [{ firstEur: 600, otherEur: 100 }, { firstEur: 600, otherEur: 298 }, true],
    [{ firstEur: 100, otherEur: 420 }, { firstEur: 425, otherEur: 420 }, true],
    [{ firstEur: 600, otherEur: 420 }, { firstEur: 600, otherEur: 420 }, false],
  ])('setting %j in force on 2026-03-15 → %j, clamped %s', (own, pair, clamped) => {
    const resolved = resolveLowIncomeThreshold(RIGA, '2026-03-15', [
      { municipalityCode: RIGA, effectiveFrom: '2026-01-01', lowIncomeThreshold: own },
    ]);
    expect(resolved).toEqual({ pair, source: 'municipality', effectiveFrom: '2026-01-01', clamped });
  });

  it('without a municipality the maximum applies, whatever settings exist', () => {
    expect(
      resolveLowIncomeThreshold(undefined, '2026-03-15', [
        {
          municipalityCode: RIGA,
          effectiveFrom: '2026-01-01',
          lowIncomeThreshold: { firstEur: 600, otherEur: 420 },
        },
      ]).source,
    ).toBe('maximum');
  });
});
