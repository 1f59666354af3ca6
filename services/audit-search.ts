/**
 * The auditor's search of the whole audit log (the auditor's home screen): by person (a name fragment or the
 * person's pseudonymous id), case (number or id), user, Riga date range and action, newest first, a page at a time;
 * and the same extract as CSV. Persons are shown by name and pseudonymous id, never by personal code, and anything
 * shaped like a personal code in a resource id is masked.
 */
import { AuditEntry, Case, Person, type IAuditEntry } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { csvDocument } from '../infra/csv.js';
import { searchNameOf } from './case-file.js';

export interface AuditSearch {
  person?: string;
  caseRef?: string;
  actor?: string;
  action?: string;
  /** Riga calendar days, YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
}

export interface AuditSearchRow {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  caseId: string | null;
  caseNumber: string | null;
  personId: string | null;
  personName: string | null;
  outcome: string;
  purpose: string | null;
}

export const EXPORT_MAX_ROWS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERSONAL_CODE = /\d{6}-?\d{5}/g;

/** Wildcards typed by the user are matched literally: they are removed rather than passed to LIKE. */
function literal(text: string): string {
  return text.replace(/[%_\\]/g, '');
}

/** The UTC instant of midnight starting the Riga calendar day `day` (YYYY-MM-DD). */
export function rigaMidnight(day: string): Date {
  const utcNoon = new Date(`${day}T12:00:00Z`);
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Riga', timeZoneName: 'longOffset' })
    .formatToParts(utcNoon)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(offset ?? '');
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return new Date(Date.parse(`${day}T00:00:00Z`) - minutes * 60_000);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The MikroORM filter for a search, or null when a person or case given matches nothing. */
async function filterOf(em: Em, q: AuditSearch): Promise<Record<string, unknown> | null> {
  const where: Record<string, unknown> = {};
  const person = q.person?.trim();
  if (person) {
    if (UUID.test(person)) where.subjectPersonId = person.toLowerCase();
    else {
      const needle = literal(searchNameOf(person, '').trim());
      if (!needle) return null;
      const ids = (
        await em.find(Person, { searchName: { $like: `%${needle}%` } }, { fields: ['id'], limit: 500 })
      ).map((p) => p.id);
      if (ids.length === 0) return null;
      where.subjectPersonId = { $in: ids };
    }
  }
  const caseRef = q.caseRef?.trim();
  if (caseRef) {
    const found = await em.findOne(
      Case,
      UUID.test(caseRef) ? { id: caseRef.toLowerCase() } : { number: caseRef },
    );
    if (!found) return null;
    where.caseId = found.id;
  }
  const actor = q.actor ? literal(q.actor.trim()) : '';
  if (actor) where.actor = { $like: `%${actor}%` };
  const action = q.action ? literal(q.action.trim()) : '';
  if (action) where.action = { $like: `${action}%` };
  const at: Record<string, Date> = {};
  if (q.from) at.$gte = rigaMidnight(q.from);
  if (q.to) at.$lt = rigaMidnight(nextDay(q.to));
  if (Object.keys(at).length > 0) where.at = at;
  return where;
}

async function rowsOf(em: Em, entries: readonly IAuditEntry[]): Promise<AuditSearchRow[]> {
  const personIds = [...new Set(entries.flatMap((e) => (e.subjectPersonId ? [e.subjectPersonId] : [])))];
  const caseIds = [...new Set(entries.flatMap((e) => (e.caseId ? [e.caseId] : [])))];
  const persons = new Map(
    personIds.length
      ? (await em.find(Person, { id: { $in: personIds } }, { fields: ['id', 'firstName', 'lastName'] })).map(
          (p) => [p.id, `${p.firstName} ${p.lastName}`] as const,
        )
      : [],
  );
  const cases = new Map(
    caseIds.length
      ? (await em.find(Case, { id: { $in: caseIds } }, { fields: ['id', 'number'] })).map(
          (k) => [k.id, k.number] as const,
        )
      : [],
  );
  return entries.map((e) => ({
    seq: e.seq,
    at: e.at.toISOString(),
    actor: e.actor,
    role: e.role,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId ? e.resourceId.replace(PERSONAL_CODE, '******-*****') : null,
    caseId: e.caseId ?? null,
    caseNumber: e.caseId ? (cases.get(e.caseId) ?? null) : null,
    personId: e.subjectPersonId ?? null,
    personName: e.subjectPersonId ? (persons.get(e.subjectPersonId) ?? null) : null,
    outcome: e.outcome,
    purpose: e.purpose ?? null,
  }));
}

export interface AuditSearchPage {
  rows: AuditSearchRow[];
  total: number;
  page: number;
  pages: number;
}

/** One page (1-based) of matching entries, newest first. */
export async function searchAudit(
  em: Em,
  q: AuditSearch,
  page: number,
  pageSize: number,
): Promise<AuditSearchPage> {
  const where = await filterOf(em, q);
  if (!where) return { rows: [], total: 0, page: 1, pages: 1 };
  const total = await em.count(AuditEntry, where);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const entries = await em.find(AuditEntry, where, {
    orderBy: { seq: 'desc' },
    limit: pageSize,
    offset: (current - 1) * pageSize,
  });
  return { rows: await rowsOf(em, entries), total, page: current, pages };
}

const CSV_HEADER = [
  'seq',
  'at',
  'actor',
  'role',
  'action',
  'resourceType',
  'resourceId',
  'caseNumber',
  'personId',
  'personName',
  'outcome',
  'purpose',
] as const;

/** The filtered extract (newest first, at most EXPORT_MAX_ROWS rows) as CSV, and how many rows it holds. */
export async function auditExtractCsv(em: Em, q: AuditSearch): Promise<{ csv: string; rows: number }> {
  const where = await filterOf(em, q);
  const entries = where
    ? await em.find(AuditEntry, where, { orderBy: { seq: 'desc' }, limit: EXPORT_MAX_ROWS })
    : [];
  const rows = await rowsOf(em, entries);
  const csv = csvDocument([
    [...CSV_HEADER],
    ...rows.map((r) => [
      r.seq,
      r.at,
      r.actor,
      r.role,
      r.action,
      r.resourceType,
      r.resourceId,
      r.caseNumber,
      r.personId,
      r.personName,
      r.outcome,
      r.purpose,
    ]),
  ]);
  return { csv, rows: rows.length };
}
