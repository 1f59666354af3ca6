/**
 * BAC's oversight reports over the register: compliance per organisation and per municipality on a date, and the
 * training demand forecast per month and planning region. Aggregates only; each run is audited.
 */
import type { IsoDate, IsoMonth } from '../../domain/calendar.js';
import { isoMonthOf, isoMonthRange } from '../../domain/calendar.js';
import {
  currentDeadline,
  planningRegionOf,
  refresherDueBy,
  type DemandRegion,
  type SpecialistStatus,
} from '../../domain/specialists/index.js';
import { Municipality, Specialist } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { assessRecord, factsOf, loadRecords, organisationsById } from './records.js';
import { auditSpecialist, specialistScope, type SpecialistActor } from './scope.js';

export interface ComplianceCounts {
  specialists: number;
  compliant: number;
  due: number;
  overdue: number;
}

export interface ComplianceReport {
  date: IsoDate;
  organisations: (ComplianceCounts & {
    organisationId: string;
    name: string;
    kind: string;
    municipalityAtvk: string | null;
  })[];
  municipalities: (ComplianceCounts & { municipalityAtvk: string | null; name: string })[];
  total: ComplianceCounts;
}

const empty = (): ComplianceCounts => ({ specialists: 0, compliant: 0, due: 0, overdue: 0 });

function add(c: ComplianceCounts, status: SpecialistStatus): void {
  if (status === 'inactive') return;
  c.specialists += 1;
  if (status === 'compliant') c.compliant += 1;
  else if (status === 'initial-due' || status === 'refresher-due') c.due += 1;
  else c.overdue += 1;
}

async function recordsInScope(em: Em, actor: SpecialistActor) {
  return loadRecords(em, await em.find(Specialist, specialistScope(actor)));
}

export async function complianceReport(
  em: Em,
  actor: SpecialistActor,
  date: IsoDate,
): Promise<ComplianceReport> {
  const orgs = await organisationsById(em);
  const municipalityNames = new Map((await em.find(Municipality, {})).map((m) => [m.atvk, m.name]));
  const byOrg = new Map<string, ComplianceCounts>();
  const byMunicipality = new Map<string, ComplianceCounts>();
  const total = empty();
  for (const o of orgs.values()) {
    if (specialistScope(actor).organisationId === undefined || o.id === actor.organisationId)
      byOrg.set(o.id, empty());
  }
  for (const r of await recordsInScope(em, actor)) {
    const { status } = assessRecord(r, date);
    const orgId = r.specialist.organisationId;
    const atvk = orgs.get(orgId)?.municipalityAtvk ?? '';
    for (const [map, key] of [
      [byOrg, orgId],
      [byMunicipality, atvk],
    ] as const) {
      const c = map.get(key) ?? empty();
      add(c, status);
      map.set(key, c);
    }
    add(total, status);
  }
  await auditSpecialist(em.fork(), actor, 'specialist.compliance', null, {
    date,
    specialists: total.specialists,
  });
  return {
    date,
    organisations: [...byOrg.entries()]
      .map(([id, c]) => {
        const o = orgs.get(id);
        return {
          organisationId: id,
          name: o?.name ?? '',
          kind: o?.kind ?? 'other',
          municipalityAtvk: o?.municipalityAtvk ?? null,
          ...c,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'lv')),
    municipalities: [...byMunicipality.entries()]
      .map(([atvk, c]) => ({
        municipalityAtvk: atvk === '' ? null : atvk,
        name: atvk === '' ? '' : (municipalityNames.get(atvk) ?? atvk),
        ...c,
      }))
      .sort((a, b) => (a.municipalityAtvk ?? '~').localeCompare(b.municipalityAtvk ?? '~')),
    total,
  };
}

export interface DemandRow {
  month: IsoMonth;
  region: DemandRegion;
  initial: number;
  refresher: number;
}

export interface DemandForecast {
  from: IsoMonth;
  to: IsoMonth;
  date: IsoDate;
  rows: DemandRow[];
  /** Trainings already overdue on `date` (due before `from`'s first day is not forecast again). */
  backlog: { initial: number; refresher: number };
}

/**
 * How many initial and refresher trainings fall due per month and planning region between `from` and `to`, for the
 * people employed on `date`, assuming each training is completed on its due date (then the next refresher follows).
 */
export async function demandForecast(
  em: Em,
  actor: SpecialistActor,
  range: { from: IsoMonth; to: IsoMonth },
  date: IsoDate,
): Promise<DemandForecast> {
  const orgs = await organisationsById(em);
  const counts = new Map<string, DemandRow>();
  const backlog = { initial: 0, refresher: 0 };
  const months = new Set(isoMonthRange(range.from, range.to));
  const count = (month: IsoMonth, region: DemandRegion, kind: 'initial' | 'refresher') => {
    const key = `${month}|${region}`;
    const row = counts.get(key) ?? { month, region, initial: 0, refresher: 0 };
    row[kind] += 1;
    counts.set(key, row);
  };
  for (const r of await recordsInScope(em, actor)) {
    const facts = factsOf(r);
    const deadline = currentDeadline(facts.periods, facts.trainings, date);
    if (!deadline) continue;
    const region = planningRegionOf(orgs.get(r.specialist.organisationId)?.municipalityAtvk ?? null);
    if (deadline.dueBy < date) {
      backlog[deadline.kind] += 1;
      continue;
    }
    let kind = deadline.kind;
    let due = deadline.dueBy;
    while (isoMonthOf(due) <= range.to) {
      if (months.has(isoMonthOf(due))) count(isoMonthOf(due), region, kind);
      due = refresherDueBy(due);
      kind = 'refresher';
    }
  }
  await auditSpecialist(em.fork(), actor, 'specialist.demand', null, { from: range.from, to: range.to });
  return {
    from: range.from,
    to: range.to,
    date,
    rows: [...counts.values()].sort(
      (a, b) => a.month.localeCompare(b.month) || a.region.localeCompare(b.region),
    ),
    backlog,
  };
}
