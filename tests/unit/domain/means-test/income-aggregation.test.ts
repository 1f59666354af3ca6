import { describe, expect, it } from '@jest/globals';
import type { IncomeRecord } from '../../../../domain/means-test/income-aggregation.js';
import {
  aggregateMemberIncome,
  previousFullMonths,
} from '../../../../domain/means-test/income-aggregation.js';

describe('previousFullMonths', () => {
  it.each([
    ['2026-03-15', 3, ['2025-12', '2026-01', '2026-02']],
    ['2026-03-01', 3, ['2025-12', '2026-01', '2026-02']],
    ['2026-03-31', 3, ['2025-12', '2026-01', '2026-02']],
    ['2026-01-01', 3, ['2025-10', '2025-11', '2025-12']],
    ['2026-02-10', 1, ['2026-01']],
    ['2026-07-04', 6, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']],
  ])('%s, %i → %j', (date, count, months) => {
    expect(previousFullMonths(date, count)).toEqual(months);
  });
});

const MONTHS = ['2025-12', '2026-01', '2026-02'];
const rec = (
  source: IncomeRecord['source'],
  month: string,
  amountEur: number,
  memberId = 'm1',
): IncomeRecord => ({
  memberId,
  month,
  source,
  amountEur,
});
const salaries = MONTHS.map((m) => rec('vid-salary', m, 900));

describe('bank inflow de-duplication (same member, same month, within 1 EUR, one-to-one)', () => {
  it.each([
    ['salary only', [...salaries], 900, 0],
    ['bank equal to the salary', [...salaries, rec('bank-inflow', '2026-01', 900)], 900, 900],
    ['bank 1.00 above the salary', [...salaries, rec('bank-inflow', '2026-01', 901)], 900, 901],
    ['bank 1.00 below the salary', [...salaries, rec('bank-inflow', '2026-01', 899)], 900, 899],
    ['bank 1.01 above the salary', [...salaries, rec('bank-inflow', '2026-01', 901.01)], 1200.34, 0],
    [
      'same amount in another month',
      [rec('vid-salary', '2026-01', 900), rec('bank-inflow', '2026-02', 900)],
      600,
      0,
    ],
    [
      'two equal inflows, one salary',
      [...salaries, rec('bank-inflow', '2026-01', 900), rec('bank-inflow', '2026-01', 900)],
      1200,
      900,
    ],
    [
      'VSAA pension and its bank credit',
      [rec('vsaa-payment', '2026-02', 300), rec('bank-inflow', '2026-02', 300)],
      100,
      300,
    ],
    ['unrelated bank inflow counts', [...salaries, rec('bank-inflow', '2025-12', 150)], 950, 0],
    ['records outside the months are ignored', [...salaries, rec('vid-salary', '2026-03', 900)], 900, 0],
  ])('%s → average %d, excluded %d', (_label, records, average, excludedTotal) => {
    const [summary] = aggregateMemberIncome(records, MONTHS);
    expect(summary?.averageMonthlyEur).toBe(average);
    const excluded = summary?.months.reduce((s, m) => s + m.bankInflowExcludedEur, 0);
    expect(excluded).toBe(excludedTotal);
  });

  it('does not match a bank inflow of one member against another member’s salary', () => {
    const result = aggregateMemberIncome(
      [rec('vid-salary', '2026-01', 900, 'a'), rec('bank-inflow', '2026-01', 900, 'b')],
      MONTHS,
    );
    expect(result.map((r) => [r.memberId, r.averageMonthlyEur])).toEqual([
      ['a', 300],
      ['b', 300],
    ]);
  });

  it('picks the closest bank inflow and names the match', () => {
    const far: IncomeRecord = { ...rec('bank-inflow', '2026-01', 900.9), reference: 'tx-far' };
    const near: IncomeRecord = { ...rec('bank-inflow', '2026-01', 900.1), reference: 'tx-near' };
    const salary: IncomeRecord = { ...rec('vid-salary', '2026-01', 900), reference: 'vid-1' };
    const [summary] = aggregateMemberIncome([far, salary, near], MONTHS);
    expect(summary?.deduplicated).toEqual([{ bankInflow: near, matchedRecord: salary }]);
    expect(summary?.months[1]).toEqual({
      month: '2026-01',
      vidSalaryEur: 900,
      vsaaPaymentEur: 0,
      bankInflowCountedEur: 900.9,
      bankInflowExcludedEur: 900.1,
      totalEur: 1800.9,
    });
  });

  it('averages over all months (missing months count as 0), rounded to cents, and lists members without records', () => {
    const result = aggregateMemberIncome(
      [rec('vid-salary', '2025-12', 100), rec('vid-salary', '2026-02', 100.01)],
      MONTHS,
      undefined,
      ['m1', 'm2'],
    );
    expect(result.map((r) => [r.memberId, r.totalEur, r.averageMonthlyEur])).toEqual([
      ['m1', 200.01, 66.67],
      ['m2', 0, 0],
    ]);
  });

  it('uses the tolerance from the settings', () => {
    const records = [rec('vid-salary', '2026-01', 900), rec('bank-inflow', '2026-01', 905)];
    const settings = { effectiveFrom: '2025-01-01', monthsAveraged: 3, bankDuplicateToleranceEur: 5 };
    expect(aggregateMemberIncome(records, MONTHS, settings)[0]?.averageMonthlyEur).toBe(300);
    expect(aggregateMemberIncome(records, MONTHS)[0]?.averageMonthlyEur).toBe(601.67);
  });

  it('rejects negative amounts', () => {
    expect(() => aggregateMemberIncome([rec('bank-inflow', '2026-01', -1)], MONTHS)).toThrow(RangeError);
  });
});
