import { describe, expect, it } from '@jest/globals';
import type {
  MeansTestContext,
  MeansTestInput,
  MeansTestMemberInput,
} from '../../../../domain/means-test/calculate.js';
import { calculateMeansTest, meansTestReasonCodes } from '../../../../domain/means-test/calculate.js';
import type { MunicipalityLowIncomeSetting } from '../../../../domain/means-test/municipality-settings.js';
import { MEANS_TEST_THRESHOLDS } from '../../../../domain/means-test/thresholds.js';
import { DomainValidationError } from '../../../../domain/validation.js';

const RIGA = '0001000';
const CESIS = '0420200';
const context: MeansTestContext = { thresholds: MEANS_TEST_THRESHOLDS, municipalitySettings: [] };

const adult = (monthlyIncomeEur: number, birthDate = '1985-02-01'): MeansTestMemberInput => ({
  birthDate,
  disabilityGroup: null,
  monthlyIncomeEur,
});
const child = (monthlyIncomeEur = 0): MeansTestMemberInput => ({
  birthDate: '2015-06-10',
  disabilityGroup: null,
  monthlyIncomeEur,
});

function pathsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainValidationError) return err.issues.map((i) => i.path);
    throw err;
  }
  throw new Error('expected a DomainValidationError');
}

describe('the issue-5 example', () => {
  it('2026-03-15, incomes 250 and 0, Rīga → needy for 3 months, benefit 68', () => {
    const input: MeansTestInput = {
      date: '2026-03-15',
      municipalityCode: RIGA,
      members: [adult(250.0), child(0)],
      savingsEur: 0,
      extraProperty: false,
      nonConformity: false,
    };
    const result = calculateMeansTest(input, context);
    expect(result).toEqual({
      status: 'needy',
      periodMonths: 3,
      validFrom: '2026-03-01',
      validTo: '2026-05-31',
      householdIncomeEur: 250,
      thresholds: { gmiEur: 318, needyEur: 723, lowIncomeEur: 1156 },
      gmiBenefitEur: 68,
      workingAgeMembers: 1,
      reasons: expect.any(Array),
    });
    expect(result.reasons.length).toBeGreaterThan(0);
    expect(result.reasons.every((r) => typeof r === 'string' && r.length > 0)).toBe(true);
    expect(meansTestReasonCodes(input, context)).toEqual([
      'low-income-threshold-maximum',
      'income-within-needy',
      'gmi-benefit',
      'period-working-age-member',
    ]);
  });
});

describe('household threshold sums of both years', () => {
  it.each([
    ['2025-06-10', 1, 166, 377, 604],
    ['2025-06-10', 2, 282, 641, 1027],
    ['2025-06-10', 3, 398, 905, 1450],
    ['2025-12-31', 1, 166, 377, 604],
    ['2026-01-01', 1, 187, 425, 680],
    ['2026-03-15', 2, 318, 723, 1156],
    ['2026-03-15', 4, 580, 1319, 2108],
  ])('%s, %i member(s) → GMI %i, needy %i, low-income %i', (date, n, gmiEur, needyEur, lowIncomeEur) => {
    const members = [adult(0), ...Array.from({ length: n - 1 }, () => child())];
    expect(calculateMeansTest({ date, members }, context).thresholds).toEqual({
      gmiEur,
      needyEur,
      lowIncomeEur,
    });
  });
});

describe('status at each threshold boundary (equal → lower status; one cent above → next)', () => {
  it.each([
    // date, household incomes, status, GMI benefit
    ['2025-06-10', [0], 'needy', 166],
    ['2025-06-10', [165.99], 'needy', 0.01],
    ['2025-06-10', [166], 'needy', 0],
    ['2025-06-10', [377], 'needy', 0],
    ['2025-06-10', [377.01], 'low-income', 0],
    ['2025-06-10', [604], 'low-income', 0],
    ['2025-06-10', [604.01], 'not-eligible', 0],
    ['2026-03-15', [186.99], 'needy', 0.01],
    ['2026-03-15', [187], 'needy', 0],
    ['2026-03-15', [425], 'needy', 0],
    ['2026-03-15', [425.01], 'low-income', 0],
    ['2026-03-15', [680], 'low-income', 0],
    ['2026-03-15', [680.01], 'not-eligible', 0],
    ['2026-03-15', [250, 0], 'needy', 68],
    ['2026-03-15', [300, 18], 'needy', 0],
    ['2026-03-15', [700, 23], 'needy', 0],
    ['2026-03-15', [700, 23.01], 'low-income', 0],
    ['2026-03-15', [1000, 156], 'low-income', 0],
    ['2026-03-15', [1000, 156.01], 'not-eligible', 0],
    ['2025-06-10', [100.5, 0, 0], 'needy', 297.5],
  ])('%s incomes %j → %s, benefit %d', (date, incomes, status, benefit) => {
    const members = incomes.map((income, i) => (i === 0 ? adult(income) : child(income)));
    const result = calculateMeansTest({ date, members }, context);
    expect(result.status).toBe(status);
    expect(result.gmiBenefitEur).toBe(benefit);
    expect(result.householdIncomeEur).toBeCloseTo(
      incomes.reduce((a, b) => a + b, 0),
      2,
    );
  });

  it('rounds amounts to cents', () => {
    const result = calculateMeansTest(
      { date: '2026-03-15', members: [adult(100.004), child(100.005)] },
      context,
    );
    expect(result.householdIncomeEur).toBe(200.01);
    expect(result.gmiBenefitEur).toBe(117.99);
  });
});

describe('working age (18..64 on the evaluation date, no disability group) and the period', () => {
  it.each([
    ['turns 18 the day after', '2008-03-16', null, 0, 6],
    ['18th birthday', '2008-03-15', null, 1, 3],
    ['64, day before the 65th birthday', '1961-03-16', null, 1, 3],
    ['65th birthday', '1961-03-15', null, 0, 6],
    ['aged 40 with disability group III', '1986-01-01', 'III', 0, 6],
    ['aged 40 with disability group I', '1986-01-01', 'I', 0, 6],
    ['aged 40 without disability', '1986-01-01', null, 1, 3],
  ] as const)('%s (born %s)', (_label, birthDate, disabilityGroup, workingAge, months) => {
    const result = calculateMeansTest(
      { date: '2026-03-15', members: [{ birthDate, disabilityGroup, monthlyIncomeEur: 0 }] },
      context,
    );
    expect(result.workingAgeMembers).toBe(workingAge);
    expect(result.periodMonths).toBe(months);
  });

  it.each([
    ['2026-02-28', 0, 6],
    ['2026-03-01', 1, 3],
  ])('a 29 Feb 2008 birth is of working age from 1 March 2026 (on %s: %i)', (date, workingAge, months) => {
    const result = calculateMeansTest(
      { date, members: [{ birthDate: '2008-02-29', disabilityGroup: null, monthlyIncomeEur: 0 }] },
      context,
    );
    expect(result.workingAgeMembers).toBe(workingAge);
    expect(result.periodMonths).toBe(months);
  });

  it('counts every working-age member', () => {
    const result = calculateMeansTest(
      { date: '2026-03-15', members: [adult(0), adult(0, '1990-05-05'), child(), adult(0, '1950-01-01')] },
      context,
    );
    expect(result.workingAgeMembers).toBe(2);
  });
});

describe('period and validity', () => {
  it.each([
    // date, members, nonConformity, status, months, validFrom, validTo
    ['2026-03-15', [adult(0)], false, 'needy', 3, '2026-03-01', '2026-05-31'],
    ['2026-03-15', [adult(0, '1950-01-01')], false, 'needy', 6, '2026-03-01', '2026-08-31'],
    ['2026-03-15', [adult(0)], true, 'needy', 1, '2026-03-01', '2026-03-31'],
    ['2026-03-15', [adult(500)], true, 'low-income', 1, '2026-03-01', '2026-03-31'],
    ['2026-03-15', [adult(500)], false, 'low-income', 3, '2026-03-01', '2026-05-31'],
    ['2026-11-20', [adult(0)], false, 'needy', 3, '2026-11-01', '2027-01-31'],
    ['2026-11-20', [adult(0, '1950-01-01')], false, 'needy', 6, '2026-11-01', '2027-04-30'],
    ['2026-12-31', [adult(0)], true, 'needy', 1, '2026-12-01', '2026-12-31'],
    ['2025-12-01', [adult(0)], false, 'needy', 3, '2025-12-01', '2026-02-28'],
    ['2027-12-01', [adult(0)], false, 'needy', 3, '2027-12-01', '2028-02-29'],
  ])(
    '%s %j non-conformity=%s → %s, %i months, %s … %s',
    (date, members, nonConformity, status, months, from, to) => {
      const result = calculateMeansTest({ date, members, nonConformity }, context);
      expect(result).toMatchObject({ status, periodMonths: months, validFrom: from, validTo: to });
    },
  );

  it('non-conformity does not make an over-threshold household eligible', () => {
    const result = calculateMeansTest(
      { date: '2026-03-15', members: [adult(900)], nonConformity: true },
      context,
    );
    expect(result).toMatchObject({
      status: 'not-eligible',
      periodMonths: null,
      validFrom: null,
      validTo: null,
    });
  });
});

describe('savings and property', () => {
  it.each([
    // members' incomes, savings, extra property, status
    [[0], 425, false, 'needy'],
    [[0], 425.01, false, 'not-eligible'],
    [[500], 425, false, 'low-income'],
    [[500], 425.01, false, 'not-eligible'],
    [[0, 0], 723, false, 'needy'],
    [[0, 0], 723.01, false, 'not-eligible'],
    [[0], 0, true, 'not-eligible'],
    [[500], 0, true, 'not-eligible'],
  ])('incomes %j, savings %d, extra property %s → %s', (incomes, savingsEur, extraProperty, status) => {
    const members = incomes.map((income, i) => (i === 0 ? adult(income) : child(income)));
    const result = calculateMeansTest({ date: '2026-03-15', members, savingsEur, extraProperty }, context);
    expect(result.status).toBe(status);
    if (status === 'not-eligible') {
      expect(result).toMatchObject({ periodMonths: null, validFrom: null, validTo: null, gmiBenefitEur: 0 });
    }
  });

  it('names the savings and the property in the reason codes', () => {
    expect(
      meansTestReasonCodes(
        { date: '2026-03-15', members: [adult(0)], savingsEur: 1000, extraProperty: true },
        context,
      ),
    ).toEqual(expect.arrayContaining(['savings-above-needy-sum', 'extra-property', 'income-within-needy']));
  });
});

describe('municipality low-income threshold', () => {
  const settings: MunicipalityLowIncomeSetting[] = [
    {
      municipalityCode: RIGA,
      effectiveFrom: '2026-01-01',
      lowIncomeThreshold: { firstEur: 600, otherEur: 420 },
    },
    {
      municipalityCode: RIGA,
      effectiveFrom: '2026-06-01',
      lowIncomeThreshold: { firstEur: 500, otherEur: 350 },
    },
    {
      municipalityCode: CESIS,
      effectiveFrom: '2025-01-01',
      lowIncomeThreshold: { firstEur: 380, otherEur: 265 },
    },
  ];
  const ctx: MeansTestContext = { ...context, municipalitySettings: settings };

  it.each([
    // municipality, date, incomes, expected low-income sum, status
    [RIGA, '2026-03-15', [1020, 0], 1020, 'low-income'],
    [RIGA, '2026-03-15', [1020.01, 0], 1020, 'not-eligible'],
    [RIGA, '2026-05-31', [600], 600, 'low-income'],
    [RIGA, '2026-06-01', [600], 500, 'not-eligible'],
    [RIGA, '2026-06-01', [500], 500, 'low-income'],
    [RIGA, '2025-12-31', [604], 604, 'low-income'],
    [undefined, '2026-03-15', [680], 680, 'low-income'],
    ['0100000', '2026-03-15', [680], 680, 'low-income'],
    [CESIS, '2025-06-10', [380], 380, 'low-income'],
    [CESIS, '2025-06-10', [380.01], 380, 'not-eligible'],
    // the 2025 setting is below the 2026 needy threshold: clamped up to 425 / 298
    [CESIS, '2026-02-01', [0, 0], 723, 'needy'],
  ])('%s on %s, incomes %j → low-income sum %d, %s', (municipalityCode, date, incomes, lowSum, status) => {
    const members = incomes.map((income, i) => (i === 0 ? adult(income) : child(income)));
    const result = calculateMeansTest({ date, municipalityCode, members }, ctx);
    expect(result.thresholds.lowIncomeEur).toBe(lowSum);
    expect(result.status).toBe(status);
  });

  it('reports clamping of an out-of-range setting', () => {
    expect(
      meansTestReasonCodes({ date: '2026-02-01', municipalityCode: CESIS, members: [adult(0)] }, ctx),
    ).toEqual(expect.arrayContaining(['low-income-threshold-municipal', 'low-income-threshold-clamped']));
  });
});

describe('validation errors name the field', () => {
  it.each([
    ['date before the first table entry', { date: '2024-12-31', members: [adult(0)] }, ['date']],
    ['invalid date', { date: '2026-02-30', members: [adult(0)] }, ['date']],
    ['empty household', { date: '2026-03-15', members: [] }, ['members']],
    [
      'negative income',
      { date: '2026-03-15', members: [adult(0), child(-1)] },
      ['members[1].monthlyIncomeEur'],
    ],
    ['NaN income', { date: '2026-03-15', members: [adult(Number.NaN)] }, ['members[0].monthlyIncomeEur']],
    [
      'born after the date',
      { date: '2026-03-15', members: [adult(0), adult(0, '2026-03-16')] },
      ['members[1].birthDate'],
    ],
    ['bad birth date', { date: '2026-03-15', members: [adult(0, '1985-13-01')] }, ['members[0].birthDate']],
    ['negative savings', { date: '2026-03-15', members: [adult(0)], savingsEur: -5 }, ['savingsEur']],
    [
      'unknown municipality',
      { date: '2026-03-15', municipalityCode: '9999999', members: [adult(0)] },
      ['municipalityCode'],
    ],
    [
      'several at once',
      { date: '2026-03-15', members: [adult(-1), { ...child(), disabilityGroup: 'IV' }] },
      ['members[0].monthlyIncomeEur', 'members[1].disabilityGroup'],
    ],
  ])('%s', (_label, input, paths) => {
    const ctx: MeansTestContext = { ...context, knownMunicipalityCodes: [RIGA, CESIS] };
    expect(pathsOf(() => calculateMeansTest(input as MeansTestInput, ctx))).toEqual(paths);
  });
});
