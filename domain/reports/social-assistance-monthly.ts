/**
 * MK 324 annex 1, social assistance per month (BRIEF §4.1, §4.9), counted from the means-test decision records:
 * - `statuses`: households and persons with a needy / low-income status in force on at least one day of the month
 *   (in force = an approved decision from `validFrom` to `validTo`, or to `endedOn` when the status ended earlier);
 *   the total line is every household and person with either status. A household re-evaluated within the month
 *   can sit in both rows; its persons are the union of the members of each decision in force.
 * - `gmi`: households and persons with a GMI benefit for the month and the amount granted (for a household with
 *   two decisions in force in the month, the later decision's entitlement for that month replaces the earlier one).
 * - `decisions`: statuses granted in the month (decision date) and refused applications (a refusal, or a
 *   decision that the household is not eligible).
 */
import { compareIsoDates, isoMonthOf, minIsoDate, type IsoDate, type IsoMonth } from '../calendar.js';
import { overlaps, type ReportPeriod } from './period.js';
import type { CountedReport, CountedRow, CountedTable } from './tables.js';

export const SOCIAL_ASSISTANCE_MONTHLY = 'social-assistance-monthly';

export interface StatusDecisionRecord {
  /** The evaluation: `<cycleId>:<evaluationNo>`. */
  readonly evaluationKey: string;
  /** The household (its case). */
  readonly householdId: string;
  /** The household members the decision was about. */
  readonly personIds: readonly string[];
  readonly decision: 'approve' | 'refuse';
  readonly decidedOn: IsoDate;
  readonly status: 'needy' | 'low-income' | 'not-eligible';
  readonly validFrom: IsoDate | null;
  readonly validTo: IsoDate | null;
  /** The day the status ended before `validTo` (a reported change of situation), when it did. */
  readonly endedOn: IsoDate | null;
  /** Monthly GMI entitlements, in cents. */
  readonly gmi: readonly { readonly month: IsoMonth; readonly amountCents: number }[];
}

type InForceStatus = 'needy' | 'low-income';

function inForceIn(
  r: StatusDecisionRecord,
  from: IsoDate,
  to: IsoDate,
): r is StatusDecisionRecord & {
  status: InForceStatus;
  validFrom: IsoDate;
  validTo: IsoDate;
} {
  if (r.decision !== 'approve' || r.status === 'not-eligible' || !r.validFrom || !r.validTo) return false;
  const end = r.endedOn ? minIsoDate(r.endedOn, r.validTo) : r.validTo;
  return compareIsoDates(end, r.validFrom) >= 0 && overlaps(r.validFrom, end, from, to);
}

class Tally {
  private readonly households = new Set<string>();
  private readonly persons = new Set<string>();
  add(r: StatusDecisionRecord): void {
    this.households.add(r.householdId);
    for (const p of r.personIds) this.persons.add(p);
  }
  row(key: string, sums?: Record<string, number>): CountedRow {
    return { key, households: [...this.households], persons: [...this.persons], ...(sums ? { sums } : {}) };
  }
  get personIds(): string[] {
    return [...this.persons];
  }
}

/** The counted annex 1 of a month; `until` is the last day counted (today for the month in progress). */
export function countSocialAssistanceMonthly(
  records: readonly StatusDecisionRecord[],
  period: ReportPeriod,
  until: IsoDate = period.to,
): CountedReport {
  const from = period.from;
  const to = minIsoDate(period.to, until);
  const month = isoMonthOf(from);
  const byStatus = { needy: new Tally(), 'low-income': new Tally() };
  const anyStatus = new Tally();
  const latestGmi = new Map<
    string,
    { decidedOn: IsoDate; key: string; record: StatusDecisionRecord; cents: number }
  >();
  const granted = { needy: new Tally(), 'low-income': new Tally() };
  const refused = new Tally();
  const decided = new Tally();
  for (const r of records) {
    if (inForceIn(r, from, to)) {
      byStatus[r.status].add(r);
      anyStatus.add(r);
      const ent = r.gmi.find((g) => g.month === month);
      if (ent && ent.amountCents > 0) {
        const seen = latestGmi.get(r.householdId);
        const later =
          !seen ||
          compareIsoDates(r.decidedOn, seen.decidedOn) > 0 ||
          (r.decidedOn === seen.decidedOn && r.evaluationKey > seen.key);
        if (later) {
          latestGmi.set(r.householdId, {
            decidedOn: r.decidedOn,
            key: r.evaluationKey,
            record: r,
            cents: ent.amountCents,
          });
        }
      }
    }
    if (compareIsoDates(r.decidedOn, from) >= 0 && compareIsoDates(r.decidedOn, to) <= 0) {
      if (r.decision === 'approve' && r.status !== 'not-eligible') {
        granted[r.status].add(r);
        decided.add(r);
      } else {
        refused.add(r);
        decided.add(r);
      }
    }
  }
  const gmi = new Tally();
  let gmiCents = 0;
  for (const g of latestGmi.values()) {
    gmi.add(g.record);
    gmiCents += g.cents;
  }
  const tables: CountedTable[] = [
    {
      key: 'statuses',
      population: 'with-status',
      partition: false,
      rows: [byStatus.needy.row('needy'), byStatus['low-income'].row('low-income')],
      total: anyStatus.row('total'),
    },
    {
      key: 'gmi',
      population: 'with-gmi',
      partition: false,
      rows: [gmi.row('gmi-benefit', { amountCents: gmiCents })],
      total: gmi.row('total', { amountCents: gmiCents }),
    },
    {
      key: 'decisions',
      population: 'decided',
      partition: false,
      rows: [
        granted.needy.row('granted-needy'),
        granted['low-income'].row('granted-low-income'),
        refused.row('refused'),
      ],
      total: decided.row('total'),
    },
  ];
  return {
    form: SOCIAL_ASSISTANCE_MONTHLY,
    populations: {
      'with-status': anyStatus.personIds,
      'with-gmi': gmi.personIds,
      decided: decided.personIds,
    },
    tables,
  };
}
