/**
 * A case's household (issue 14): the persons a registry check of the case may ask about besides the client.
 *
 * Source of truth: the `case_household_members` rows of the case. The population register (PMLP) states the
 * household: each successful PMLP household answer about the case's client replaces the case's `pmlp` rows with the
 * persons declared at the client's address (`recordRegisteredHousehold`, called by the registry activities). Anyone
 * else enters the household only when a worker adds them with a reason (`addHouseholdMember`); a member an applicant
 * declares in an application is added the same way with the reason `DECLARED_BY_APPLICANT`.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  Case,
  CaseHouseholdMember,
  Person,
  type ICase,
  type ICaseHouseholdMember,
} from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import type { ValidationIssue } from '../domain/validation.js';
import { appendAudit } from './audit-log.js';
import { ConflictError, maskCode, recordCaseEvent, type Actor } from './case-file.js';

/**
 * The reason of a member an applicant declared in an application. There is no citizen channel yet: when one comes,
 * it calls `addHouseholdMember(em, actor, caseRow, { personId, reason: DECLARED_BY_APPLICANT })` for every declared
 * member, so they count as added members, nothing more.
 */
export const DECLARED_BY_APPLICANT = 'declared by the applicant';

export const REASON_MAX = 500;

/** The audit action of adding a household member (the service's entry, and refusals by the API and the screens). */
export const HOUSEHOLD_ADD_ACTION = 'household.member-add';

export class HouseholdValidationError extends Error {
  constructor(public readonly issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'HouseholdValidationError';
  }
}

/** NFC, trimmed; null when empty or longer than REASON_MAX characters. */
export function normaliseReason(reason: string): string | null {
  const text = reason.normalize('NFC').trim();
  return text.length >= 1 && [...text].length <= REASON_MAX ? text : null;
}

/** Every person of the case's household except the client: PMLP-registered or added with a reason. */
export async function householdPersonIds(em: Em, caseId: string): Promise<Set<string>> {
  const rows = await em.find(CaseHouseholdMember, { caseId }, { fields: ['personId'] });
  return new Set(rows.map((r) => r.personId));
}

export interface HouseholdMemberView {
  personId: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  personalCodeMasked: string;
  /** Declared at the client's address in the latest PMLP household answer for this case. */
  registered: boolean;
  /** Present when a worker added the person (or the applicant declared them). */
  added: { reason: string; addedBy: string; addedAt: string } | null;
}

/** The household of the case, PMLP members first, then added ones, each by name. */
export async function listHousehold(em: Em, caseId: string): Promise<HouseholdMemberView[]> {
  const rows = await em.find(CaseHouseholdMember, { caseId }, { orderBy: { addedAt: 'asc', id: 'asc' } });
  const persons = await em.find(Person, { id: { $in: [...new Set(rows.map((r) => r.personId))] } });
  const byId = new Map(persons.map((p) => [p.id, p]));
  const views = new Map<string, HouseholdMemberView>();
  for (const r of rows) {
    const person = byId.get(r.personId);
    if (!person) continue;
    const view = views.get(r.personId) ?? {
      personId: person.id,
      firstName: person.firstName,
      lastName: person.lastName,
      birthDate: person.birthDate ?? null,
      personalCodeMasked: maskCode(person.personalCode),
      registered: false,
      added: null,
    };
    if (r.source === 'pmlp') view.registered = true;
    else view.added = { reason: r.reason ?? '', addedBy: r.addedBy, addedAt: r.addedAt.toISOString() };
    views.set(r.personId, view);
  }
  return [...views.values()].sort((a, b) => Number(b.registered) - Number(a.registered));
}

/**
 * Adds a person to the case's household with a reason (NFC, 1–500 characters). The caller has checked that the
 * case is visible to the actor. Refuses an unknown person and the client (422), and a person already added (409).
 * The change, its timeline line and its audit entry (about the person) commit together.
 */
export async function addHouseholdMember(
  em: Em,
  actor: Actor & { requestId?: string },
  caseRow: ICase,
  input: { personId: string; reason: string },
): Promise<ICaseHouseholdMember> {
  const reason = normaliseReason(input.reason);
  const issues: ValidationIssue[] = [];
  if (reason === null) issues.push({ path: 'reason', message: `required, 1–${REASON_MAX} characters` });
  const person = await em.findOne(Person, { id: input.personId });
  if (!person) issues.push({ path: 'personId', message: 'no such person' });
  else if (person.id === caseRow.personId)
    issues.push({ path: 'personId', message: 'the client of the case is not added to their own household' });
  if (issues.length > 0 || !person || reason === null) throw new HouseholdValidationError(issues);
  const already = await em.count(CaseHouseholdMember, {
    caseId: caseRow.id,
    personId: person.id,
    source: 'added',
  });
  if (already > 0) throw new ConflictError('the person has already been added to this household');
  try {
    return await em.transactional(async (tx) => {
      const row = tx.create(CaseHouseholdMember, {
        id: newId(),
        caseId: caseRow.id,
        personId: person.id,
        source: 'added',
        reason,
        registryRequestId: null,
        addedBy: actor.username,
        addedAt: new Date(),
      });
      await recordCaseEvent(tx, {
        caseId: caseRow.id,
        type: 'household.member-added',
        actor: actor.username,
        summary: 'Mājsaimniecībai pievienota persona',
        data: { personId: person.id },
      });
      await tx.flush();
      await appendAudit(tx, {
        actor: actor.username,
        role: actor.role,
        municipalityCode: actor.municipalityCode,
        action: HOUSEHOLD_ADD_ACTION,
        resourceType: 'case',
        resourceId: caseRow.id,
        caseId: caseRow.id,
        subjectPersonId: person.id,
        outcome: 'success',
        requestId: actor.requestId ?? null,
        details: { reason },
      });
      return row;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException)
      throw new ConflictError('the person has already been added to this household');
    throw err;
  }
}

/**
 * Records a PMLP household answer. Only an answer about the case's own client states that case's household: then
 * the case's `pmlp` members become exactly the persons declared with the client (the client left out). Answers about
 * anybody else (a household member, an adoption record's child) change nothing.
 */
export async function recordRegisteredHousehold(
  em: Em,
  input: { caseId: string; subjectPersonId: string; requestId: string; memberPersonIds: string[] },
): Promise<void> {
  await em.transactional(async (tx) => {
    const caseRow = await tx.findOne(Case, { id: input.caseId });
    if (!caseRow || caseRow.personId !== input.subjectPersonId) return;
    await tx.nativeDelete(CaseHouseholdMember, { caseId: caseRow.id, source: 'pmlp' });
    const now = new Date();
    for (const personId of new Set(input.memberPersonIds)) {
      if (personId === caseRow.personId) continue;
      tx.create(CaseHouseholdMember, {
        id: newId(),
        caseId: caseRow.id,
        personId,
        source: 'pmlp',
        reason: null,
        registryRequestId: input.requestId,
        addedBy: 'system:registry',
        addedAt: now,
      });
    }
    await tx.flush();
  });
}
