import { describe, expect, it } from '@jest/globals';
import type { MunicipalityLowIncomeSetting } from '../../../../domain/means-test/municipality-settings.js';
import {
  assertValidMunicipalitySetting,
  resolveLowIncomeThreshold,
  validateMunicipalitySetting,
} from '../../../../domain/means-test/municipality-settings.js';
import {
  householdThresholdCents,
  MEANS_TEST_THRESHOLDS,
  thresholdsOn,
} from '../../../../domain/means-test/thresholds.js';
import { DomainValidationError } from '../../../../domain/validation.js';

describe('threshold table lookup', () => {
  it.each([
    ['2025-01-01', 166, 377, 604],
    ['2025-12-31', 166, 377, 604],
    ['2026-01-01', 187, 425, 680],
    ['2030-07-01', 187, 425, 680],
  ])('%s → GMI %i, needy %i, maximum %i (first person)', (date, gmi, needy, max) => {
    const entry = thresholdsOn(date);
    expect([entry.gmi.firstEur, entry.needy.firstEur, entry.lowIncomeMaximum.firstEur]).toEqual([
      gmi,
      needy,
      max,
    ]);
  });

  it.each([
    ['2025-01-01', 116, 264, 423],
    ['2026-01-01', 131, 298, 476],
  ])('%s → each other person: GMI %i, needy %i, maximum %i', (date, gmi, needy, max) => {
    const entry = thresholdsOn(date);
    expect([entry.gmi.otherEur, entry.needy.otherEur, entry.lowIncomeMaximum.otherEur]).toEqual([
      gmi,
      needy,
      max,
    ]);
  });

  it('every entry has an effectiveFrom', () => {
    for (const entry of MEANS_TEST_THRESHOLDS) expect(entry.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a date before the first entry is a validation error on "date"', () => {
    expect(() => thresholdsOn('2024-12-31')).toThrow(DomainValidationError);
    try {
      thresholdsOn('2024-12-31');
    } catch (err) {
      expect((err as DomainValidationError).issues[0]?.path).toBe('date');
    }
  });

  it.each([
    [1, 42_500],
    [2, 72_300],
    [5, 161_700],
  ])('needy 2026 household of %i = %i cents', (n, cents) => {
    expect(householdThresholdCents(thresholdsOn('2026-02-01').needy, n)).toBe(cents);
  });
});

describe('municipality setting validation', () => {
  it.each([
    ['2026-01-01', 600, 420, []],
    ['2026-01-01', 680, 476, []],
    ['2026-01-01', 425, 298, []],
    ['2026-01-01', 680.01, 420, ['lowIncomeThreshold.firstEur']],
    ['2026-01-01', 600, 476.01, ['lowIncomeThreshold.otherEur']],
    ['2026-01-01', 424.99, 420, ['lowIncomeThreshold.firstEur']],
    ['2026-01-01', 600, 297.99, ['lowIncomeThreshold.otherEur']],
    ['2026-01-01', 700, 200, ['lowIncomeThreshold.firstEur', 'lowIncomeThreshold.otherEur']],
    ['2025-06-01', 604, 423, []],
    ['2025-06-01', 605, 423, ['lowIncomeThreshold.firstEur']],
    ['2025-06-01', 377, 264, []],
    ['2024-12-31', 600, 420, ['effectiveFrom']],
    ['2026-02-30', 600, 420, ['effectiveFrom']],
    ['2026-01-01', -1, 420, ['lowIncomeThreshold.firstEur']],
  ])('from %s: %d / %d → issues %j', (effectiveFrom, firstEur, otherEur, paths) => {
    const issues = validateMunicipalitySetting({ effectiveFrom, lowIncomeThreshold: { firstEur, otherEur } });
    expect(issues.map((i) => i.path)).toEqual(paths);
  });

  it('the error message names the bound', () => {
    const [issue] = validateMunicipalitySetting({
      effectiveFrom: '2026-01-01',
      lowIncomeThreshold: { firstEur: 700, otherEur: 420 },
    });
    expect(issue?.message).toMatch(/above the maximum 680/);
    expect(() =>
      assertValidMunicipalitySetting({
        effectiveFrom: '2026-01-01',
        lowIncomeThreshold: { firstEur: 400, otherEur: 420 },
      }),
    ).toThrow(/lowIncomeThreshold.firstEur: .*below the needy threshold 425/);
  });
});

describe('municipality setting resolution', () => {
  const settings: MunicipalityLowIncomeSetting[] = [
    {
      municipalityCode: 'A',
      effectiveFrom: '2026-01-01',
      lowIncomeThreshold: { firstEur: 600, otherEur: 420 },
    },
    {
      municipalityCode: 'A',
      effectiveFrom: '2026-06-01',
      lowIncomeThreshold: { firstEur: 500, otherEur: 350 },
    },
    {
      municipalityCode: 'B',
      effectiveFrom: '2025-01-01',
      lowIncomeThreshold: { firstEur: 600, otherEur: 423 },
    },
  ];
  it.each([
    ['A', '2025-12-31', 604, 423, 'maximum', false],
    ['A', '2026-01-01', 600, 420, 'municipality', false],
    ['A', '2026-05-31', 600, 420, 'municipality', false],
    ['A', '2026-06-01', 500, 350, 'municipality', false],
    ['B', '2025-07-01', 600, 423, 'municipality', false],
    ['B', '2026-07-01', 600, 423, 'municipality', false],
    ['C', '2026-07-01', 680, 476, 'maximum', false],
    [undefined, '2026-07-01', 680, 476, 'maximum', false],
  ])('%s on %s → %d / %d (%s)', (code, date, firstEur, otherEur, source, clamped) => {
    expect(resolveLowIncomeThreshold(code, date, settings)).toMatchObject({
      pair: { firstEur, otherEur },
      source,
      clamped,
    });
  });

  it('clamps a setting outside [needy, maximum] on the evaluation date', () => {
    const old: MunicipalityLowIncomeSetting[] = [
      {
        municipalityCode: 'A',
        effectiveFrom: '2025-01-01',
        lowIncomeThreshold: { firstEur: 380, otherEur: 290 },
      },
    ];
    expect(resolveLowIncomeThreshold('A', '2026-01-01', old)).toEqual({
      pair: { firstEur: 425, otherEur: 298 },
      source: 'municipality',
      effectiveFrom: '2025-01-01',
      clamped: true,
    });
  });
});
