/**
 * Loads the records a report counts from (issue 20), for one municipality and period, "as known on" a day or as
 * corrected since (asOf null). Means-test decisions are append-only revisions, so their "as known on" is exact.
 * Service deliveries and settlements keep only their latest revision: as known on a day, a record last corrected
 * after that day is left out (the report's meta says so; a submitted report is the exact record of what was known).
 */
import { addDays, compareIsoDates, isoMonthOf, type IsoDate } from '../../domain/calendar.js';
import { eurToCents } from '../../domain/money.js';
import {
  asKnownOn,
  type DeliveryRecord,
  type PersonAttributes,
  type ReportPeriod,
  type ServiceRecord,
  type SettlementRecord,
  type StatusDecisionRecord,
  type HarmKind,
  type RehabilitationCourse,
  type RehabilitationSessionRecord,
} from '../../domain/reports/index.js';
import { REHABILITATION_TYPES } from '../rehabilitation/commands.js';
import type { ServiceTypeDefinition } from '../../domain/social-services/catalogue.js';
import {
  Case,
  MeansTestStatusRecord,
  Person,
  RehabilitationCourseRecord,
  RehabilitationSession,
  ServiceSettlement,
  ServiceTypeVersion,
  SocialService,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { calendarDateInZone } from '../../domain/calendar.js';

const CHUNK = 500;

async function inChunks<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

/** A timestamp column read raw: a Date (PostgreSQL), epoch milliseconds or an ISO-like UTC string (SQLite). */
function instantOf(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  const text = String(value);
  return new Date(
    /^\d{4}-\d{2}-\d{2} /.test(text) && !/[zZ+]/.test(text.slice(10)) ? `${text.replace(' ', 'T')}Z` : text,
  );
}

const knownBy = (at: Date, asOf: IsoDate | null) =>
  asOf === null || compareIsoDates(calendarDateInZone(at), asOf) <= 0;

export async function statusRecords(
  em: Em,
  municipalityCode: string,
  period: ReportPeriod,
  asOf: IsoDate | null,
): Promise<StatusDecisionRecord[]> {
  // Statuses last at most 6 months (BRIEF §4.1): decisions from a year before the period cover every one in force.
  // A decision after the period can still grant a status in force in it (validity starts with the month of the
  // application), so there is no upper bound: "as known on" a day is what limits it.
  const rows = await em.find(
    MeansTestStatusRecord,
    { municipalityCode, decidedOn: { $gte: addDays(period.from, -366) } },
    { orderBy: { cycleId: 'asc', evaluationNo: 'asc', revision: 'asc' } },
  );
  const known = asKnownOn(
    rows.map((r) => ({ ...r, key: `${r.cycleId}:${r.evaluationNo}` })),
    asOf,
  );
  return known.map((r) => ({
    evaluationKey: r.key,
    householdId: r.caseId,
    personIds: r.personIds,
    decision: r.decision === 'approve' ? 'approve' : 'refuse',
    decidedOn: r.decidedOn,
    status: r.status === 'needy' || r.status === 'low-income' ? r.status : 'not-eligible',
    validFrom: r.validFrom ?? null,
    validTo: r.validTo ?? null,
    endedOn: r.endedOn ?? null,
    gmi: r.gmi.map((g) => ({ month: g.month, amountCents: eurToCents(Number(g.amountEur)) })),
  }));
}

export interface ServiceSources {
  services: ServiceRecord[];
  deliveries: DeliveryRecord[];
  settlements: SettlementRecord[];
  persons: PersonAttributes[];
}

export async function serviceRecords(
  em: Em,
  municipalityCode: string,
  period: ReportPeriod,
  until: IsoDate,
  asOf: IsoDate | null,
): Promise<ServiceSources> {
  // Services in force in the period, and those of the 365 days before it (the "new" rule looks back that far).
  const rows = (
    await em.find(SocialService, {
      municipalityCode,
      startDate: { $ne: null, $lte: until },
      $or: [{ endDate: null }, { endDate: { $gte: addDays(period.from, -366) } }],
    })
  ).filter((s) => knownBy(s.createdAt, asOf));
  const versions = await em.find(ServiceTypeVersion, {
    code: { $in: [...new Set(rows.map((r) => r.serviceTypeCode))] },
  });
  const funding = new Map(
    versions.map((v) => [`${v.code}:${v.version}`, (v.definition as ServiceTypeDefinition).funding]),
  );
  const services: ServiceRecord[] = rows.map((s) => ({
    serviceId: s.id,
    personId: s.caseId,
    serviceTypeCode: s.serviceTypeCode,
    funding: funding.get(`${s.serviceTypeCode}:${s.serviceTypeVersion}`) === 'state' ? 'state' : 'municipal',
    startDate: s.startDate ?? null,
    endDate: s.endDate ?? null,
  }));
  // The delivery and settlement records (ten or more per service) are read as plain rows with one join, not as
  // entities: at 20,000 clients that is 400,000 rows, and hydrating them cost seconds (bench `reports-annex2`).
  const conn = em.getConnection();
  const monthArgs = [municipalityCode, isoMonthOf(period.from), isoMonthOf(until)];
  const deliveries = (
    await conn.execute<{ service_id: string; month: string; units: number | string; recorded_at: unknown }[]>(
      `select d.service_id, d.month, d.units, d.recorded_at from service_deliveries d
        join social_services s on s.id = d.service_id
        where s.municipality_code = ? and d.month >= ? and d.month <= ?`,
      monthArgs,
    )
  ).filter((d) => knownBy(instantOf(d.recorded_at), asOf));
  const settlements = (
    await conn.execute<
      { service_id: string; month: string; cost_eur: number | string; settled_at: unknown }[]
    >(
      `select st.service_id, st.month, st.cost_eur, st.settled_at from service_settlements st
        join social_services s on s.id = st.service_id
        where s.municipality_code = ? and st.month >= ? and st.month <= ?`,
      monthArgs,
    )
  ).filter((st) => knownBy(instantOf(st.settled_at), asOf));
  // A service belongs to a case; the person is the case's client (read as plain rows, one join).
  const clients = await conn.execute<{ id: string; person_id: string; birth_date: string | null }[]>(
    `select c.id, c.person_id, p.birth_date from cases c join persons p on p.id = c.person_id
      where c.municipality_code = ?`,
    [municipalityCode],
  );
  const personOfCase = new Map(clients.map((c) => [c.id, c.person_id]));
  const served = new Set(rows.map((r) => r.caseId));
  const birth = new Map(
    clients.filter((c) => served.has(c.id)).map((c) => [c.person_id, c.birth_date ?? null]),
  );
  return {
    services: services.map((s) => ({ ...s, personId: personOfCase.get(s.personId) ?? s.personId })),
    deliveries: deliveries.map((d) => ({ serviceId: d.service_id, month: d.month, units: Number(d.units) })),
    settlements: settlements.map((st) => ({
      serviceId: st.service_id,
      month: st.month,
      amountCents: eurToCents(Number(st.cost_eur)),
    })),
    persons: [...birth].map(([personId, birthDate]) => ({ personId, birthDate, sex: null })),
  };
}

async function birthDates(
  em: Em,
  caseIds: string[],
): Promise<{ personOfCase: Map<string, string>; persons: PersonAttributes[] }> {
  const cases = await inChunks([...new Set(caseIds)], (chunk) => em.find(Case, { id: { $in: chunk } }));
  const personOfCase = new Map(cases.map((c) => [c.id, c.personId]));
  const people = await inChunks([...new Set(personOfCase.values())], (chunk) =>
    em.find(Person, { id: { $in: chunk } }, { fields: ['id', 'birthDate'] }),
  );
  return {
    personOfCase,
    persons: people.map((p) => ({ personId: p.id, birthDate: p.birthDate ?? null, sex: null })),
  };
}

export interface RehabilitationSources {
  courses: RehabilitationCourse[];
  sessions: RehabilitationSessionRecord[];
  settlements: SettlementRecord[];
  persons: PersonAttributes[];
}

/** Annex 4's records: the rehabilitation services in force, their course records, sessions and settlements. */
export async function rehabilitationRecords(
  em: Em,
  municipalityCode: string,
  period: ReportPeriod,
  until: IsoDate,
  asOf: IsoDate | null,
): Promise<RehabilitationSources> {
  const services = (
    await em.find(SocialService, {
      municipalityCode,
      serviceTypeCode: { $in: Object.keys(REHABILITATION_TYPES) },
      startDate: { $ne: null, $lte: until },
      $or: [{ endDate: null }, { endDate: { $gte: period.from } }],
    })
  ).filter((s) => knownBy(s.createdAt, asOf));
  const ids = services.map((s) => s.id);
  const records = asKnownOn(
    (await inChunks(ids, (chunk) => em.find(RehabilitationCourseRecord, { serviceId: { $in: chunk } }))).map(
      (r) => ({
        ...r,
        key: r.serviceId,
      }),
    ),
    asOf,
  );
  const course = new Map(records.map((r) => [r.serviceId, r]));
  const { personOfCase, persons } = await birthDates(
    em,
    services.map((s) => s.caseId),
  );
  const sessions = (
    await inChunks(ids, (chunk) =>
      em.find(RehabilitationSession, { serviceId: { $in: chunk }, date: { $gte: period.from, $lte: until } }),
    )
  ).filter((x) => knownBy(x.recordedAt, asOf));
  const months = { $gte: isoMonthOf(period.from), $lte: isoMonthOf(until) };
  const settlements = (
    await inChunks(ids, (chunk) => em.find(ServiceSettlement, { serviceId: { $in: chunk }, month: months }))
  ).filter((st) => knownBy(st.settledAt, asOf));
  return {
    courses: services.map((s) => {
      const r = course.get(s.id);
      return {
        serviceId: s.id,
        personId: personOfCase.get(s.caseId) ?? s.caseId,
        group: REHABILITATION_TYPES[s.serviceTypeCode] === 'child' ? 'child' : 'adult',
        harmKind: (r?.harmKind as HarmKind | undefined) ?? null,
        startDate: s.startDate as IsoDate,
        endDate: s.endDate ?? null,
        outcome: r?.outcome === 'completed' || r?.outcome === 'interrupted' ? r.outcome : null,
      };
    }),
    sessions: sessions.map((x) => ({
      serviceId: x.serviceId,
      date: x.date,
      form: x.form as RehabilitationSessionRecord['form'],
    })),
    settlements: settlements.map((st) => ({
      serviceId: st.serviceId,
      month: st.month,
      amountCents: eurToCents(Number(st.funderPaysEur)),
    })),
    persons,
  };
}
