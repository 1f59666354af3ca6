/**
 * Household income from registry and bank data (BRIEF §4.1): the average monthly income of each member over the
 * last full calendar months before the application (3 by default).
 *
 * Sources: 'vid-salary' (VID employer reports), 'vsaa-payment' (pensions and benefits from VSAA), 'bank-inflow'
 * (credit turnover found in bank account statements).
 *
 * De-duplication rule (project rule): a salary or a VSAA payment usually also arrives in the member's bank account.
 * A bank inflow is not counted when it matches a VID salary or VSAA payment record of the same member in the same
 * month whose amount differs by at most `bankDuplicateToleranceEur` (1 EUR). Matching is one-to-one: each
 * registry record absorbs at most one bank inflow. Registry records are matched in input order; each takes the
 * unmatched bank inflow with the smallest amount difference (ties: the earlier one in input order). All other
 * bank inflows count as income. Records outside the averaged months are ignored.
 */
import type { IsoDate, IsoMonth } from '../calendar.js';
import { addIsoMonths, isoMonthOf } from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { requireEffective } from '../effective-dated.js';
import type { Cents } from '../money.js';
import { centsToEur, eurToCents } from '../money.js';

export type IncomeSource = 'vid-salary' | 'vsaa-payment' | 'bank-inflow';
export const INCOME_SOURCES: readonly IncomeSource[] = ['vid-salary', 'vsaa-payment', 'bank-inflow'];

export interface IncomeRecord {
  readonly memberId: string;
  readonly month: IsoMonth;
  readonly source: IncomeSource;
  readonly amountEur: number;
  /** Optional source reference (snapshot id, transaction id) carried through to the explanation. */
  readonly reference?: string;
}

export interface IncomeAggregationSettings extends EffectiveDated {
  readonly monthsAveraged: number;
  readonly bankDuplicateToleranceEur: number;
}

export const INCOME_AGGREGATION_SETTINGS: readonly IncomeAggregationSettings[] = [
  { effectiveFrom: '2025-01-01', monthsAveraged: 3, bankDuplicateToleranceEur: 1 },
];

export function incomeAggregationSettingsOn(
  date: IsoDate,
  table: readonly IncomeAggregationSettings[] = INCOME_AGGREGATION_SETTINGS,
): IncomeAggregationSettings {
  return requireEffective(table, date, 'income aggregation settings');
}

/** The `count` full calendar months before the application month, oldest first (2026-03-15 → 2025-12…2026-02). */
export function previousFullMonths(applicationDate: IsoDate, count = 3): IsoMonth[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be ≥ 1: ${count}`);
  const current = isoMonthOf(applicationDate);
  const out: IsoMonth[] = [];
  for (let i = count; i >= 1; i -= 1) out.push(addIsoMonths(current, -i));
  return out;
}

export interface MemberMonthIncome {
  readonly month: IsoMonth;
  readonly vidSalaryEur: number;
  readonly vsaaPaymentEur: number;
  readonly bankInflowCountedEur: number;
  readonly bankInflowExcludedEur: number;
  readonly totalEur: number;
}

export interface DeduplicatedBankInflow {
  readonly bankInflow: IncomeRecord;
  readonly matchedRecord: IncomeRecord;
}

export interface MemberIncomeSummary {
  readonly memberId: string;
  readonly months: readonly MemberMonthIncome[];
  readonly totalEur: number;
  /** Total over the averaged months ÷ their number, rounded to cents (half up). */
  readonly averageMonthlyEur: number;
  readonly deduplicated: readonly DeduplicatedBankInflow[];
}

/**
 * Average monthly income per member over `months` (usually previousFullMonths(date, 3)). Members are returned in
 * order of first appearance in `records`, plus any `memberIds` given with no records (average 0).
 */
export function aggregateMemberIncome(
  records: readonly IncomeRecord[],
  months: readonly IsoMonth[],
  settings: IncomeAggregationSettings = INCOME_AGGREGATION_SETTINGS[0] as IncomeAggregationSettings,
  memberIds: readonly string[] = [],
): MemberIncomeSummary[] {
  if (months.length === 0) throw new RangeError('at least one month is needed');
  for (const r of records) {
    if (!Number.isFinite(r.amountEur) || r.amountEur < 0) {
      throw new RangeError(`income amounts must be non-negative: ${r.memberId} ${r.month} ${r.source}`);
    }
  }
  const monthSet = new Set(months);
  const inWindow = records.filter((r) => monthSet.has(r.month));
  const ids: string[] = [];
  for (const id of [...inWindow.map((r) => r.memberId), ...memberIds]) if (!ids.includes(id)) ids.push(id);
  const tolerance = eurToCents(settings.bankDuplicateToleranceEur);

  return ids.map((memberId) => {
    const own = inWindow.filter((r) => r.memberId === memberId);
    const deduplicated: DeduplicatedBankInflow[] = [];
    const excluded = new Set<IncomeRecord>();
    for (const registry of own.filter((r) => r.source !== 'bank-inflow')) {
      let best: IncomeRecord | undefined;
      let bestDiff = Infinity;
      for (const bank of own) {
        if (bank.source !== 'bank-inflow' || bank.month !== registry.month || excluded.has(bank)) continue;
        const diff = Math.abs(eurToCents(bank.amountEur) - eurToCents(registry.amountEur));
        if (diff <= tolerance && diff < bestDiff) {
          best = bank;
          bestDiff = diff;
        }
      }
      if (best !== undefined) {
        excluded.add(best);
        deduplicated.push({ bankInflow: best, matchedRecord: registry });
      }
    }
    const sum = (month: IsoMonth, pick: (r: IncomeRecord) => boolean): Cents =>
      own.filter((r) => r.month === month && pick(r)).reduce((s, r) => s + eurToCents(r.amountEur), 0);
    let total: Cents = 0;
    const monthRows = months.map((month): MemberMonthIncome => {
      const vid = sum(month, (r) => r.source === 'vid-salary');
      const vsaa = sum(month, (r) => r.source === 'vsaa-payment');
      const bankCounted = sum(month, (r) => r.source === 'bank-inflow' && !excluded.has(r));
      const bankExcluded = sum(month, (r) => excluded.has(r));
      const monthTotal = vid + vsaa + bankCounted;
      total += monthTotal;
      return {
        month,
        vidSalaryEur: centsToEur(vid),
        vsaaPaymentEur: centsToEur(vsaa),
        bankInflowCountedEur: centsToEur(bankCounted),
        bankInflowExcludedEur: centsToEur(bankExcluded),
        totalEur: centsToEur(monthTotal),
      };
    });
    return {
      memberId,
      months: monthRows,
      totalEur: centsToEur(total),
      averageMonthlyEur: centsToEur(Math.round(total / months.length)),
      deduplicated,
    };
  });
}
