import { describe, expect, it } from '@jest/globals';
import {
  calculationTablesOf,
  MEANS_TEST_RULE_TABLES,
  meansTestRuleSetOn,
} from '../../../../domain/means-test/rule-set.js';
import { calculateMeansTest } from '../../../../domain/means-test/calculate.js';
import { DomainValidationError } from '../../../../domain/validation.js';

const corrected = {
  ...MEANS_TEST_RULE_TABLES,
  thresholds: [
    ...MEANS_TEST_RULE_TABLES.thresholds,
    {
      effectiveFrom: '2027-01-01',
      gmi: { firstEur: 200, otherEur: 140 },
      needy: { firstEur: 450, otherEur: 315 },
      lowIncomeMaximum: { firstEur: 700, otherEur: 490 },
    },
  ],
};

describe('meansTestRuleSetOn', () => {
  it('takes from each table the entry in force on the date', () => {
    expect(meansTestRuleSetOn('2025-06-30')).toMatchObject({
      date: '2025-06-30',
      thresholds: { effectiveFrom: '2025-01-01', gmi: { firstEur: 166, otherEur: 116 } },
      cycle: { reminderDaysBeforeValidTo: 14, decisionDeadlineMonths: 1 },
      period: { effectiveFrom: '2025-01-01' },
    });
    expect(meansTestRuleSetOn('2026-01-01').thresholds.gmi).toEqual({ firstEur: 187, otherEur: 131 });
    expect(meansTestRuleSetOn('2026-12-31', corrected).thresholds.gmi.firstEur).toBe(187);
    expect(meansTestRuleSetOn('2027-01-01', corrected).thresholds.gmi.firstEur).toBe(200);
  });

  it('names the table when the date precedes it', () => {
    expect(() => meansTestRuleSetOn('2024-12-31')).toThrow(DomainValidationError);
  });

  it('a calculation from a pinned rule set ignores a later table entry', () => {
    const rules = meansTestRuleSetOn('2026-03-01');
    const input = {
      date: '2026-03-01',
      municipalityCode: '0001000',
      members: [{ birthDate: '1980-01-01', disabilityGroup: null, monthlyIncomeEur: 100 }],
    };
    const pinned = calculateMeansTest(input, { ...calculationTablesOf(rules), municipalitySettings: [] });
    expect(pinned.thresholds.gmiEur).toBe(187);
    // The one-entry tables cannot serve another date: nothing but the pinned entry is ever looked up.
    expect(() =>
      calculateMeansTest(
        { ...input, date: '2025-12-31' },
        { ...calculationTablesOf(rules), municipalitySettings: [] },
      ),
    ).toThrow(DomainValidationError);
  });
});
