/** Persons, case files and their timelines: the application layer shared by the API and activities. */
import { newId, newPersonId } from '../infra/ids.js';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  Case,
  CaseEvent,
  Person,
  type ICase,
  type ICaseEvent,
  type IPerson,
} from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { caseNumber } from '../infra/db/case-number.js';
import { rigaToday } from '../infra/clock.js';
import { canAccessMunicipality, type Role } from '../domain/access/roles.js';
import { appendAudit } from './audit-log.js';

export type { ICase, ICaseEvent, IPerson };

export class ConflictError extends Error {
  constructor(
    message: string,
    public readonly existingId?: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export interface Actor {
  username: string;
  role: Role;
  municipalityCode: string | null;
}

/** The lower-cased NFC form searches compare against (names are stored NFC, the search term is NFC too). */
export function searchNameOf(firstName: string, lastName: string): string {
  return `${firstName} ${lastName}`.normalize('NFC').toLocaleLowerCase('lv').slice(0, 201);
}

export async function findOrCreatePerson(
  em: Em,
  input: { personalCode: string; firstName: string; lastName: string; birthDate: string | null },
): Promise<{ person: IPerson; created: boolean }> {
  const existing = await em.findOne(Person, { personalCode: input.personalCode });
  if (existing) return { person: existing, created: false };
  const person = em.create(Person, {
    id: newPersonId(),
    personalCode: input.personalCode,
    firstName: input.firstName,
    lastName: input.lastName,
    searchName: searchNameOf(input.firstName, input.lastName),
    birthDate: input.birthDate,
    deathDate: null,
    createdAt: new Date(),
  });
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      em.clear();
      const raced = await em.findOneOrFail(Person, { personalCode: input.personalCode });
      return { person: raced, created: false };
    }
    throw err;
  }
  return { person, created: true };
}

export async function recordCaseEvent(
  em: Em,
  input: {
    caseId: string;
    type: string;
    actor: string;
    summary: string;
    documentId?: string | null;
    data?: Record<string, unknown> | null;
    at?: Date;
  },
): Promise<ICaseEvent> {
  return em.create(CaseEvent, {
    id: newId(),
    caseId: input.caseId,
    occurredAt: input.at ?? new Date(),
    type: input.type,
    actor: input.actor,
    summary: input.summary,
    documentId: input.documentId ?? null,
    data: input.data ?? null,
  });
}

/** Opens a case in the actor's municipality; one open case per client per municipality. */
export async function openCase(em: Em, actor: Actor, personId: string): Promise<ICase> {
  const municipalityCode = actor.municipalityCode;
  if (!municipalityCode) throw new Error('only a municipal user can open a case');
  const openKey = `${personId}:${municipalityCode}`;
  const existing = await em.findOne(Case, { openKey });
  if (existing)
    throw new ConflictError('the client already has an open case in this municipality', existing.id);
  const now = new Date();
  const created = em.create(Case, {
    id: newId(),
    number: await caseNumber(em, municipalityCode, Number(rigaToday(now).slice(0, 4))),
    municipalityCode,
    personId,
    status: 'open',
    openKey,
    openedAt: now,
    openedBy: actor.username,
    closedAt: null,
  });
  await recordCaseEvent(em, {
    caseId: created.id,
    type: 'case.opened',
    actor: actor.username,
    summary: 'Lieta atvērta',
    at: now,
  });
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      throw new ConflictError('the client already has an open case in this municipality');
    }
    throw err;
  }
  return created;
}

/** The case if the actor may see it; null both when missing and when out of scope (no existence leak). */
/** Opens a case (see openCase) in one transaction with its audit entry (`case.create`). */
export async function openCaseAudited(
  em: Em,
  actor: Actor & { requestId?: string | null },
  personId: string,
): Promise<ICase> {
  return em.transactional(async (tx) => {
    const opened = await openCase(tx, actor, personId);
    await appendAudit(tx, {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      requestId: actor.requestId ?? null,
      action: 'case.create',
      resourceType: 'case',
      resourceId: opened.id,
      caseId: opened.id,
      subjectPersonId: null,
      outcome: 'success',
      purpose: null,
      details: null,
    });
    return opened;
  });
}

export async function findPersonByCode(em: Em, personalCode: string): Promise<IPerson | null> {
  return em.findOne(Person, { personalCode });
}

/** A person's cases, newest first (optionally only open or closed ones). */
export async function casesOfPerson(em: Em, personId: string, status?: string): Promise<ICase[]> {
  return em.find(Case, { personId, ...(status ? { status } : {}) }, { orderBy: { id: 'desc' } });
}

export async function findPerson(em: Em, id: string): Promise<IPerson | null> {
  return em.findOne(Person, { id });
}

export async function findVisibleCase(em: Em, actor: Actor, caseId: string): Promise<ICase | null> {
  const found = await em.findOne(Case, { id: caseId });
  if (!found || !canAccessMunicipality(actor, found.municipalityCode)) return null;
  return found;
}

export interface CaseView {
  id: string;
  number: string;
  municipalityCode: string;
  status: string;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  client: {
    id: string;
    firstName: string;
    lastName: string;
    birthDate: string | null;
    personalCodeMasked: string;
  };
}

export function maskCode(code: string): string {
  return `${code.slice(0, 6)}-*****`;
}

export function caseView(c: ICase, person: IPerson): CaseView {
  return {
    id: c.id,
    number: c.number,
    municipalityCode: c.municipalityCode,
    status: c.status,
    openedAt: c.openedAt.toISOString(),
    openedBy: c.openedBy,
    closedAt: c.closedAt ? c.closedAt.toISOString() : null,
    client: {
      id: person.id,
      firstName: person.firstName,
      lastName: person.lastName,
      birthDate: person.birthDate ?? null,
      personalCodeMasked: maskCode(person.personalCode),
    },
  };
}

export interface CaseListQuery {
  q?: string;
  status?: 'open' | 'closed';
  limit: number;
  cursor?: string;
}

/** Newest first; the cursor is the last id seen (ids are time-ordered). Scoped by municipality for municipal roles. */
export async function listCases(
  em: Em,
  actor: Actor,
  query: CaseListQuery,
): Promise<{ items: CaseView[]; nextCursor: string | null }> {
  const where: Record<string, unknown> = {};
  if (actor.role === 'social_worker' || actor.role === 'supervisor')
    where.municipalityCode = actor.municipalityCode;
  if (query.status) where.status = query.status;
  if (query.cursor) where.id = { $lt: query.cursor };
  if (query.q) {
    const term = query.q.normalize('NFC').trim().replace(/[%_]/g, '');
    const like = `%${term.toLocaleLowerCase('lv')}%`;
    const persons = await em.find(Person, { searchName: { $like: like } }, { fields: ['id'], limit: 500 });
    const personIds = persons.map((p) => p.id);
    where.$and = [{ $or: [{ number: { $like: `%${term}%` } }, { personId: { $in: personIds } }] }];
  }
  const rows = await em.find(Case, where, { orderBy: { id: 'desc' }, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const persons = await em.find(Person, { id: { $in: page.map((c) => c.personId) } });
  const byId = new Map(persons.map((p) => [p.id, p]));
  const items = page.flatMap((c) => {
    const person = byId.get(c.personId);
    return person ? [caseView(c, person)] : [];
  });
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? last.id : null;
  return { items, nextCursor };
}

export async function caseTimeline(em: Em, caseId: string): Promise<ICaseEvent[]> {
  return em.find(CaseEvent, { caseId }, { orderBy: { id: 'asc' } });
}
