/**
 * The signed-in person's access history: every successful audit entry about them — whose subject they are, or about
 * their own case files — written by someone other than themselves, newest first, optionally within a period (dates
 * in Riga time). Each row says which institution, in what role, for what purpose and when; the official's name and
 * user name are left out (the auditor sees those in the audit log).
 */
import { AuditEntry, Case, Municipality, Person } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import {
  institutionKind,
  municipalityGenitive,
  purposeCategory,
  type InstitutionKind,
  type PurposeCategory,
} from '../../domain/citizen/access-history.js';
import { appendAudit } from '../audit-log.js';
import type { Citizen } from './sessions.js';

/** The most rows one page or CSV holds (newest first). */
export const ACCESS_HISTORY_LIMIT = 2000;

export interface AccessRow {
  at: Date;
  institution: InstitutionKind;
  /** The municipality's name in the genitive, for social services ("Rīgas"). */
  municipality: string | null;
  role: string;
  /** The purpose recorded with the access, when there is one; else only the category. */
  purpose: string | null;
  category: PurposeCategory;
}

/** Midnight in Riga at the start of `date` (YYYY-MM-DD), as an instant. */
export function rigaMidnight(date: string): Date {
  const utc = new Date(`${date}T00:00:00Z`);
  const inRiga = new Date(utc.toLocaleString('en-US', { timeZone: 'Europe/Riga' }));
  const inUtc = new Date(utc.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(utc.getTime() - (inRiga.getTime() - inUtc.getTime()));
}

function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function detailPurpose(details: unknown): string | null {
  if (details && typeof details === 'object' && 'purpose' in details && typeof details.purpose === 'string')
    return details.purpose;
  return null;
}

export async function accessHistory(
  em: Em,
  citizen: Citizen,
  period: { from?: string; to?: string } = {},
): Promise<AccessRow[]> {
  const person = await em.findOne(Person, { personalCode: citizen.personalCode }, { fields: ['id'] });
  if (!person) return [];
  const caseIds = (await em.find(Case, { personId: person.id }, { fields: ['id'] })).map((c) => c.id);
  const about = caseIds.length
    ? { $or: [{ subjectPersonId: person.id }, { caseId: { $in: caseIds } }] }
    : { subjectPersonId: person.id };
  const at = {
    ...(period.from ? { $gte: rigaMidnight(period.from) } : {}),
    ...(period.to ? { $lt: rigaMidnight(nextDay(period.to)) } : {}),
  };
  const entries = await em.find(
    AuditEntry,
    {
      ...about,
      outcome: 'success',
      role: { $ne: 'citizen' },
      ...(Object.keys(at).length ? { at } : {}),
    },
    { orderBy: { seq: 'desc' }, limit: ACCESS_HISTORY_LIMIT },
  );
  const names = new Map(
    (await em.find(Municipality, {}, { fields: ['atvk', 'name'] })).map((m) => [m.atvk, m.name]),
  );
  return entries.map((e) => {
    const institution = institutionKind(e.role, e.municipalityCode ?? null);
    const name = e.municipalityCode ? names.get(e.municipalityCode) : undefined;
    return {
      at: e.at,
      institution,
      municipality: institution === 'social-service' && name ? municipalityGenitive(name) : null,
      role: e.role,
      purpose: e.purpose ?? detailPurpose(e.details),
      category: purposeCategory(e.action),
    };
  });
}

/** The citizen looked at (or downloaded) their access history: audited as the citizen. */
export async function auditAccessHistoryRead(
  em: Em,
  citizen: Citizen,
  input: { format: 'page' | 'csv'; rows: number; requestId: string | null },
): Promise<void> {
  await appendAudit(em.fork(), {
    actor: citizen.actor,
    role: 'citizen',
    municipalityCode: null,
    action: 'citizen.access-history.read',
    resourceType: 'access-history',
    resourceId: null,
    caseId: null,
    subjectPersonId: citizen.personId,
    outcome: 'success',
    requestId: input.requestId,
    details: { format: input.format, rows: input.rows },
  });
}
