/**
 * MK 324 annex 2, social services per year (BRIEF §4.2, §4.9), counted from the services' records:
 * - a person counts for a service type when a service of that type was in force (from `startDate` to `endDate`,
 *   open while not ended) on at least one day of the year up to `until`;
 * - "new": a service of that type for that person that started within the year, with none of that type in force
 *   in the 365 days before its start;
 * - classified by sex and age group on the last day served within the year (for the total line: the last day served
 *   by any service), by funding of the service type (a person served under both in one type counts under the
 *   funding of the last day served);
 * - units delivered: the delivery records of the year's months; amount settled: the settlements' cost of those
 *   months, in cents.
 * Table `services`: one row per service type; the total line counts distinct persons (a person with two types sits
 * in two rows, so rows are not summed for persons, only for units and amounts).
 */
import { addDays, compareIsoDates, isoMonthOf, maxIsoDate, minIsoDate, type IsoDate } from '../calendar.js';
import { ageGroupOn, sexOf, type PersonAttributes } from './attributes.js';
import { overlaps, type ReportPeriod } from './period.js';
import type { CountedReport, CountedRow } from './tables.js';

export const SOCIAL_SERVICES_ANNUAL = 'social-services-annual';

export interface ServiceRecord {
  readonly serviceId: string;
  readonly personId: string;
  readonly serviceTypeCode: string;
  readonly funding: 'municipal' | 'state';
  /** Null while the service has not started (not in force). */
  readonly startDate: IsoDate | null;
  readonly endDate: IsoDate | null;
}

export interface DeliveryRecord {
  readonly serviceId: string;
  readonly month: string;
  readonly units: number;
}

export interface SettlementRecord {
  readonly serviceId: string;
  readonly month: string;
  readonly amountCents: number;
}

interface Served {
  lastDay: IsoDate;
  funding: 'municipal' | 'state';
  isNew: boolean;
}

/** The services of each person and type, so the "new" rule looks only at the person's own services of that type. */
function byPersonAndType(services: readonly ServiceRecord[]): Map<string, ServiceRecord[]> {
  const out = new Map<string, ServiceRecord[]>();
  for (const s of services) {
    const key = `${s.personId}\u0000${s.serviceTypeCode}`;
    const list = out.get(key);
    if (list) list.push(s);
    else out.set(key, [s]);
  }
  return out;
}

function isNewService(
  s: ServiceRecord,
  same: readonly ServiceRecord[],
  period: ReportPeriod,
  until: IsoDate,
): boolean {
  const start = s.startDate as IsoDate;
  if (compareIsoDates(start, period.from) < 0 || compareIsoDates(start, until) > 0) return false;
  const windowFrom = addDays(start, -365);
  const dayBefore = addDays(start, -1);
  return !same.some(
    (o) =>
      o !== s &&
      o.startDate !== null &&
      compareIsoDates(o.startDate, start) < 0 &&
      overlaps(o.startDate, o.endDate, windowFrom, dayBefore),
  );
}

function mark(
  map: Map<string, Served>,
  personId: string,
  lastDay: IsoDate,
  s: ServiceRecord,
  isNew: boolean,
) {
  const seen = map.get(personId);
  if (!seen) {
    map.set(personId, { lastDay, funding: s.funding, isNew });
    return;
  }
  if (compareIsoDates(lastDay, seen.lastDay) > 0) {
    seen.lastDay = lastDay;
    seen.funding = s.funding;
  }
  seen.isNew ||= isNew;
}

function rowOf(
  key: string,
  served: Map<string, Served>,
  persons: ReadonlyMap<string, PersonAttributes>,
  sums: Record<string, number>,
  withFunding: boolean,
): CountedRow {
  const sex: Record<string, string[]> = { female: [], male: [], unknown: [] };
  const age: Record<string, string[]> = { '0-17': [], '18-64': [], '65+': [], unknown: [] };
  const novelty: Record<string, string[]> = { new: [], continuing: [] };
  const funding: Record<string, string[]> = { municipal: [], state: [] };
  for (const [personId, s] of served) {
    const p = persons.get(personId);
    sex[sexOf(p)]!.push(personId);
    age[ageGroupOn(p?.birthDate ?? null, s.lastDay)]!.push(personId);
    novelty[s.isNew ? 'new' : 'continuing']!.push(personId);
    funding[s.funding]!.push(personId);
  }
  return {
    key,
    persons: [...served.keys()],
    breakdowns: { novelty, sex, ageGroup: age, ...(withFunding ? { funding } : {}) },
    sums,
  };
}

export function countSocialServicesAnnual(
  input: {
    services: readonly ServiceRecord[];
    deliveries: readonly DeliveryRecord[];
    settlements: readonly SettlementRecord[];
    persons: readonly PersonAttributes[];
  },
  period: ReportPeriod,
  until: IsoDate = period.to,
): CountedReport {
  const to = minIsoDate(period.to, until);
  const attrs = new Map(input.persons.map((p) => [p.personId, p]));
  const byType = new Map<string, Map<string, Served>>();
  const everyone = new Map<string, Served>();
  const typeOfService = new Map<string, string>();
  const groups = byPersonAndType(input.services);
  for (const s of input.services) {
    if (s.startDate === null || !overlaps(s.startDate, s.endDate, period.from, to)) continue;
    typeOfService.set(s.serviceId, s.serviceTypeCode);
    const lastDay = s.endDate === null ? to : minIsoDate(s.endDate, to);
    const isNew = isNewService(s, groups.get(`${s.personId}\u0000${s.serviceTypeCode}`) ?? [], period, to);
    const served = byType.get(s.serviceTypeCode) ?? new Map<string, Served>();
    byType.set(s.serviceTypeCode, served);
    mark(served, s.personId, maxIsoDate(lastDay, period.from), s, isNew);
    mark(everyone, s.personId, maxIsoDate(lastDay, period.from), s, false);
  }
  const fromMonth = isoMonthOf(period.from);
  const toMonth = isoMonthOf(to);
  const inYear = (month: string) => month >= fromMonth && month <= toMonth;
  const units = new Map<string, number>();
  const amounts = new Map<string, number>();
  for (const d of input.deliveries) {
    const type = typeOfService.get(d.serviceId);
    if (type === undefined || !inYear(d.month)) continue;
    units.set(type, (units.get(type) ?? 0) + Math.round(d.units * 100));
  }
  for (const st of input.settlements) {
    const type = typeOfService.get(st.serviceId);
    if (type === undefined || !inYear(st.month)) continue;
    amounts.set(type, (amounts.get(type) ?? 0) + st.amountCents);
  }
  // The total line's "new": new for at least one type.
  for (const [, served] of byType) {
    for (const [personId, s] of served) if (s.isNew) (everyone.get(personId) as Served).isNew = true;
  }
  const types = [...byType.keys()].sort();
  const rows = types.map((t) =>
    rowOf(
      t,
      byType.get(t) as Map<string, Served>,
      attrs,
      { unitsHundredths: units.get(t) ?? 0, amountCents: amounts.get(t) ?? 0 },
      true,
    ),
  );
  const totalAmount = types.reduce((s, t) => s + (amounts.get(t) ?? 0), 0);
  return {
    form: SOCIAL_SERVICES_ANNUAL,
    populations: { served: [...everyone.keys()] },
    tables: [
      {
        key: 'services',
        population: 'served',
        partition: false,
        rows,
        total: rowOf('total', everyone, attrs, { amountCents: totalAmount }, true),
      },
    ],
  };
}
