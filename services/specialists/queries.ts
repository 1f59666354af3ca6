/**
 * Reads of the specialists register (issue 19), each audited against the person it concerns: one specialist's card,
 * the list in the reader's scope, compliance per organisation and municipality, and the training demand forecast.
 */
import type { IsoDate } from '../../domain/calendar.js';
import { isValidIsoDate } from '../../domain/calendar.js';
import { STATUS_URGENCY, type SpecialistStatus } from '../../domain/specialists/index.js';
import { Specialist, SpecialistOrganisation } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { notFound, throwIfInvalid } from '../errors.js';
import {
  assessRecord,
  latestEmployment,
  loadRecord,
  loadRecords,
  organisationsById,
  type SpecialistRecord,
} from './records.js';
import {
  auditSpecialist,
  organisationView,
  specialistScope,
  summaryView,
  trainingView,
  type OrganisationView,
  type SpecialistActor,
  type SpecialistSummary,
  type SpecialistView,
} from './scope.js';

/** The full card of one record, with names of the organisations. */
export async function buildView(em: Em, record: SpecialistRecord, date: IsoDate): Promise<SpecialistView> {
  const orgs = await organisationsById(em);
  const name = (id: string) => orgs.get(id)?.name ?? '';
  const latest = latestEmployment(record);
  return {
    ...summaryView(
      record.specialist,
      latest,
      name(record.specialist.organisationId),
      assessRecord(record, date),
    ),
    date,
    trainings: [...record.trainings]
      .sort((a, b) => (a.completedOn < b.completedOn ? 1 : a.completedOn > b.completedOn ? -1 : 0))
      .map(trainingView),
    history: [...record.employments]
      .sort((a, b) => (a.employedFrom < b.employedFrom ? -1 : a.employedFrom > b.employedFrom ? 1 : 0))
      .map((e) => ({
        organisationId: e.organisationId,
        organisationName: name(e.organisationId),
        position: e.position,
        positionKind: e.positionKind,
        employedFrom: e.employedFrom,
        employedTo: e.employedTo ?? null,
      })),
  };
}

/** A visible specialist or a not-found error (also for another organisation's person: 404, never 403). */
export async function visibleSpecialistOr404(
  em: Em,
  actor: SpecialistActor,
  id: string,
): Promise<SpecialistRecord> {
  const s = await em.findOne(Specialist, { id, ...specialistScope(actor) });
  if (!s) {
    await auditSpecialist(em.fork(), actor, 'specialist.read', id, null, 'not-found');
    throw notFound('specialist');
  }
  return loadRecord(em, s);
}

export async function getSpecialist(
  em: Em,
  actor: SpecialistActor,
  id: string,
  date: IsoDate,
): Promise<SpecialistView> {
  throwIfInvalid(
    isValidIsoDate(date) ? [] : [{ path: 'date', message: 'must be a calendar date YYYY-MM-DD' }],
  );
  const record = await visibleSpecialistOr404(em, actor, id);
  await auditSpecialist(em.fork(), actor, 'specialist.read', id, { date });
  return buildView(em, record, date);
}

export interface SpecialistListQuery {
  organisationId?: string;
  status?: SpecialistStatus;
  dueBefore?: IsoDate;
  municipalityAtvk?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export interface SpecialistPage {
  items: SpecialistSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** Every summary in the actor's scope on `date`, overdue and due first, then by name. Not audited: callers do. */
export async function summariesInScope(
  em: Em,
  actor: SpecialistActor,
  date: IsoDate,
  filter: { organisationId?: string } = {},
): Promise<SpecialistSummary[]> {
  const where: Record<string, unknown> = { ...specialistScope(actor) };
  if (filter.organisationId) where.organisationId = filter.organisationId;
  const specialists = await em.find(Specialist, where, {
    orderBy: { lastName: 'asc', firstName: 'asc', id: 'asc' },
  });
  const orgs = await organisationsById(em);
  const records = await loadRecords(em, specialists);
  return records
    .map((r) =>
      summaryView(
        r.specialist,
        latestEmployment(r),
        orgs.get(r.specialist.organisationId)?.name ?? '',
        assessRecord(r, date),
      ),
    )
    .sort((a, b) => STATUS_URGENCY[a.status] - STATUS_URGENCY[b.status]);
}

function nextDue(s: SpecialistSummary): IsoDate | null {
  return s.status === 'inactive' ? null : (s.initialDueBy ?? s.refresherDueBy);
}

export async function listSpecialists(
  em: Em,
  actor: SpecialistActor,
  query: SpecialistListQuery,
  date: IsoDate,
): Promise<SpecialistPage> {
  const orgs = query.municipalityAtvk ? await organisationsById(em) : undefined;
  const needle = query.q?.trim().toLocaleLowerCase('lv');
  const all = (await summariesInScope(em, actor, date, { organisationId: query.organisationId })).filter(
    (s) => {
      if (query.status && s.status !== query.status) return false;
      if (query.dueBefore) {
        const due = nextDue(s);
        if (due === null || due >= query.dueBefore) return false;
      }
      if (orgs && orgs.get(s.organisationId)?.municipalityAtvk !== query.municipalityAtvk) return false;
      if (needle && !`${s.firstName} ${s.lastName}`.toLocaleLowerCase('lv').includes(needle)) return false;
      return true;
    },
  );
  const start = (query.page - 1) * query.pageSize;
  const items = all.slice(start, start + query.pageSize);
  await auditSpecialist(em.fork(), actor, 'specialist.list', null, {
    filter: { organisationId: query.organisationId, status: query.status, dueBefore: query.dueBefore },
    total: all.length,
    specialistIds: items.map((i) => i.id),
  });
  return { items, total: all.length, page: query.page, pageSize: query.pageSize };
}

/** The organisations list (not personal data: names and registration numbers of public bodies). */
export async function listOrganisations(em: Em): Promise<OrganisationView[]> {
  const all = await em.find(SpecialistOrganisation, {}, { orderBy: { name: 'asc' } });
  return all.map(organisationView);
}

/**
 * The whole filtered register in the actor's scope for a CSV export (personal codes masked, as on the screen): the
 * listing is audited with every specialist's id, and the export itself once more.
 */
export async function exportSpecialists(
  em: Em,
  actor: SpecialistActor,
  query: Omit<SpecialistListQuery, 'page' | 'pageSize'>,
  date: IsoDate,
): Promise<SpecialistSummary[]> {
  const result = await listSpecialists(
    em,
    actor,
    { ...query, page: 1, pageSize: Number.MAX_SAFE_INTEGER },
    date,
  );
  await auditSpecialist(em.fork(), actor, 'specialist.export', null, {
    format: 'csv',
    filter: { organisationId: query.organisationId, status: query.status, dueBefore: query.dueBefore },
    total: result.total,
  });
  return result.items;
}
