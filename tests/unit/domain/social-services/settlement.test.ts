import { describe, expect, it } from '@jest/globals';
import type { CoPaymentRule } from '../../../../domain/social-services/settlement.js';
import {
  decisionDeadline,
  deadlineAlertDate,
  settlementCostCents,
  settleMonth,
  validateDeadlineExtension,
} from '../../../../domain/social-services/settlement.js';
import { DomainValidationError } from '../../../../domain/validation.js';

describe('settlement cost = units × tariff, exact to the cent', () => {
  it.each([
    [20, 12.34, 24_680],
    [1.5, 9.99, 1_499],
    [31, 35.17, 109_027],
    [3, 0.1, 30],
    [0, 50, 0],
    [0.25, 0.01, 0],
    [0.5, 0.01, 1],
    [744, 2.19, 162_936],
  ])('%d × %d = %i cents', (units, tariff, cents) => {
    expect(settlementCostCents(units, tariff)).toBe(cents);
  });

  it('rejects negative units or tariffs', () => {
    expect(() => settlementCostCents(-1, 10)).toThrow(RangeError);
    expect(() => settlementCostCents(1, -10)).toThrow(RangeError);
  });
});

describe('long-term institutional care: the client pays at most 85 % of pension and benefits', () => {
  it.each([
    // units, tariff, income, client pays, funder pays, cap
    [30, 30, 500, 425, 475, 425],
    [30, 10, 500, 300, 0, 425],
    [30, 30, 0, 0, 900, 0],
    [30, 30, 333.33, 283.33, 616.67, 283.33],
    [31, 29.03, 1000, 850, 49.93, 850],
    [31, 29.03, 1200, 899.93, 0, 1020],
    [30, 30, 1058.82, 899.99, 0.01, 899.99],
  ])(
    '%i days × %d, income %d → client %d, funder %d (cap %d)',
    (units, tariffEur, income, client, funder, cap) => {
      const s = settleMonth({
        month: '2026-03',
        units,
        tariffEur,
        funding: 'state',
        coPaymentCategory: 'long-term-institutional-care',
        clientPensionAndBenefitsEur: income,
      });
      expect(s).toMatchObject({
        clientPaysEur: client,
        funderPaysEur: funder,
        clientCapEur: cap,
        funder: 'state',
      });
      expect(Math.round((s.clientPaysEur + s.funderPaysEur) * 100)).toBe(Math.round(s.costEur * 100));
      expect(s.rule).toEqual({
        effectiveFrom: '2025-01-01',
        legalBasis: 'SPSP art. 29(2)',
        clientMaxSharePercent: 85,
      });
    },
  );

  it.each([1, 99.99, 333.33, 517.77, 1234.56, 0.07])(
    'with income %d the client keeps at least 15 %%',
    (income) => {
      const s = settleMonth({
        month: '2026-03',
        units: 31,
        tariffEur: 100,
        funding: 'municipal',
        coPaymentCategory: 'long-term-institutional-care',
        clientPensionAndBenefitsEur: income,
      });
      const keptCents = Math.round(income * 100) - Math.round(s.clientPaysEur * 100);
      expect(keptCents * 100).toBeGreaterThanOrEqual(Math.round(income * 100) * 15);
    },
  );

  it('applies the rule in force in the month (effective-dated)', () => {
    const rules: CoPaymentRule[] = [
      {
        effectiveFrom: '2025-01-01',
        category: 'long-term-institutional-care',
        clientMaxShareBasisPoints: 8500,
        legalBasis: 'a',
      },
      {
        effectiveFrom: '2027-01-01',
        category: 'long-term-institutional-care',
        clientMaxShareBasisPoints: 8000,
        legalBasis: 'b',
      },
    ];
    const input = {
      units: 30,
      tariffEur: 50,
      funding: 'municipal' as const,
      coPaymentCategory: 'long-term-institutional-care' as const,
      clientPensionAndBenefitsEur: 1000,
    };
    expect(settleMonth({ ...input, month: '2026-12' }, rules).clientPaysEur).toBe(850);
    expect(settleMonth({ ...input, month: '2027-01' }, rules).clientPaysEur).toBe(800);
    expect(() => settleMonth({ ...input, month: '2024-12' }, rules)).toThrow(DomainValidationError);
  });

  it('requires the income when the rule applies', () => {
    expect(() =>
      settleMonth({
        month: '2026-03',
        units: 1,
        tariffEur: 1,
        funding: 'state',
        coPaymentCategory: 'long-term-institutional-care',
      }),
    ).toThrow(/clientPensionAndBenefitsEur/);
  });

  it('without a co-payment rule the funder pays the whole cost', () => {
    expect(
      settleMonth({
        month: '2026-03',
        units: 12.5,
        tariffEur: 8.4,
        funding: 'municipal',
        coPaymentCategory: null,
      }),
    ).toEqual({
      month: '2026-03',
      units: 12.5,
      tariffEur: 8.4,
      costEur: 105,
      clientPaysEur: 0,
      clientCapEur: null,
      funderPaysEur: 105,
      funder: 'municipal',
      rule: null,
    });
  });
});

describe('decision deadline', () => {
  it.each([
    ['2026-03-15', '2026-04-15', '2026-04-10', '2026-07-15'],
    ['2026-01-31', '2026-02-28', '2026-02-23', '2026-05-31'],
    ['2026-10-31', '2026-11-30', '2026-11-25', '2027-02-28'],
    ['2027-10-29', '2027-11-29', '2027-11-24', '2028-02-29'],
    ['2026-12-03', '2027-01-03', '2026-12-29', '2027-04-03'],
  ])('requested %s → deadline %s, alert %s, latest extension %s', (requestedAt, deadline, alert, latest) => {
    expect(decisionDeadline(requestedAt)).toEqual({
      deadline,
      supervisorAlertDate: alert,
      latestExtendedDeadline: latest,
    });
  });

  it('reads the periods from the settings', () => {
    const settings = {
      effectiveFrom: '2025-01-01',
      decisionMonths: 2,
      maxExtendedMonths: 3,
      maxExtensions: 1,
      supervisorAlertDaysBefore: 10,
    };
    expect(decisionDeadline('2026-03-15', settings)).toEqual({
      deadline: '2026-05-15',
      supervisorAlertDate: '2026-05-05',
      latestExtendedDeadline: '2026-06-15',
    });
  });

  it.each([
    ['2026-07-15', 0, []],
    ['2026-05-01', 0, []],
    ['2026-07-16', 0, ['newDeadline']],
    ['2026-04-15', 0, ['newDeadline']],
    ['2026-04-14', 0, ['newDeadline']],
    ['2026-06-01', 1, ['extension']],
  ])(
    'extension of a 2026-03-15 request to %s after %i extension(s) → %j',
    (newDeadline, extensionsUsed, paths) => {
      const issues = validateDeadlineExtension({
        requestedAt: '2026-03-15',
        currentDeadline: '2026-04-15',
        newDeadline,
        extensionsUsed,
      });
      expect(issues.map((i) => i.path)).toEqual(paths);
    },
  );

  it('alerts 5 days before an extended deadline', () => {
    expect(deadlineAlertDate('2026-07-15')).toBe('2026-07-10');
  });
});
