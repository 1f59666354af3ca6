/**
 * The adoption register (MK 794): registration of children and adopters (validated, with field paths), register
 * views and lists. Register documents live in the restricted document area (`restricted: true`), keyed by the
 * register record's id, so no case file lists or timelines ever show them.
 */
import { HEALTH_CONDITIONS, isHealthConditionCode } from '../../domain/adoption/health-conditions.js';
import { disabilityConsistencyError, type VdeavkDisability } from '../../domain/adoption/rules.js';
import { ageInWholeYears, isAfter } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import {
  AdoptionAdopter,
  AdoptionChild,
  AdoptionMatch,
  Document,
  Person,
  type AdopterWishesRecord,
  type IAdoptionAdopter,
  type IAdoptionChild,
  type IAdoptionMatch,
  type IPerson,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { DomainError } from '../errors.js';

export { HEALTH_CONDITIONS };
export type { IAdoptionAdopter, IAdoptionChild, IAdoptionMatch, IPerson };

/** A validation failure with field paths (the API answers 422 with them). */
export class AdoptionValidationError extends DomainError {
  constructor(public readonly errors: { path: string; message: string }[]) {
    super('validation', 'the register entry is not valid', errors);
    this.name = 'AdoptionValidationError';
  }
}

export const NO_SUCH_CHILD = 'no such child in the register';

export class AdoptionConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export interface NewChildInput {
  personId: string;
  legallyFreeSince: string;
  siblingGroup: string | null;
  healthConditions: string[];
  regionAtvk: string;
}

export interface NewAdopterInput {
  applicantPersonIds: string[];
  approvedAt: string;
  registeredAt: string;
  residence: string;
  wishes: AdopterWishesRecord;
}

/** Outcome of the VDEĀVK check made before a child is registered. */
export interface DisabilityCheck {
  outcome: 'ok' | 'not-found';
  requestId: string;
  disability: VdeavkDisability | null;
}

function unknownCodes(codes: readonly string[], path: string): { path: string; message: string }[] {
  return codes.flatMap((code, i) =>
    isHealthConditionCode(code)
      ? []
      : [{ path: `${path}.${i}`, message: `unknown health-condition code ${code}` }],
  );
}

/** Checks of a child's registration that need the database; throws AdoptionValidationError / ConflictError. */
export async function validateNewChild(em: Em, input: NewChildInput): Promise<IPerson> {
  const errors = unknownCodes(input.healthConditions, 'healthConditions');
  const person = await em.findOne(Person, { id: input.personId });
  if (!person) errors.push({ path: 'personId', message: 'no such person' });
  else if (!person.birthDate)
    errors.push({ path: 'personId', message: 'the person has no known birth date' });
  else if (ageInWholeYears(person.birthDate, rigaToday()) >= 18) {
    errors.push({ path: 'personId', message: 'the person is not a minor' });
  }
  if (isAfter(input.legallyFreeSince, rigaToday())) {
    errors.push({ path: 'legallyFreeSince', message: 'must not be in the future' });
  }
  if (errors.length > 0 || !person) throw new AdoptionValidationError(errors);
  const existing = await em.findOne(AdoptionChild, {
    personId: input.personId,
    state: { $in: ['active', 'matched'] },
  });
  if (existing) throw new AdoptionConflictError(`the child is already in the register (${existing.id})`);
  return person;
}

export async function registerChild(
  em: Em,
  actor: string,
  input: NewChildInput,
  check: DisabilityCheck,
  id: string = newId(),
): Promise<IAdoptionChild> {
  const consistency = disabilityConsistencyError(input.healthConditions, check.disability, rigaToday());
  if (consistency) throw new AdoptionValidationError([{ path: 'healthConditions', message: consistency }]);
  const now = new Date();
  const child = em.create(AdoptionChild, {
    id,
    personId: input.personId,
    legallyFreeSince: input.legallyFreeSince,
    siblingGroup: input.siblingGroup,
    healthConditions: [...new Set(input.healthConditions)],
    regionAtvk: input.regionAtvk,
    state: 'active',
    disabilityGroup: check.disability?.group ?? null,
    vdeavkOutcome: check.outcome,
    vdeavkRequestId: check.requestId,
    createdAt: now,
    createdBy: actor,
    updatedAt: now,
    archivedAt: null,
    withdrawnReason: null,
  });
  await em.flush();
  return child;
}

export async function registerAdopter(
  em: Em,
  actor: string,
  input: NewAdopterInput,
): Promise<IAdoptionAdopter> {
  const errors = [...unknownCodes(input.wishes.acceptedHealthConditions, 'wishes.acceptedHealthConditions')];
  if (input.wishes.ageMin > input.wishes.ageMax) {
    errors.push({ path: 'wishes.ageMin', message: 'ageMin must not be greater than ageMax' });
  }
  if (input.approvedAt > input.registeredAt) {
    errors.push({ path: 'registeredAt', message: 'an adopter is registered after being approved' });
  }
  const ids = input.applicantPersonIds;
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) errors.push({ path: `applicantPersonIds.${i}`, message: 'duplicate person' });
  });
  const known = await em.find(Person, { id: { $in: ids } });
  ids.forEach((id, i) => {
    const p = known.find((k) => k.id === id);
    if (!p) errors.push({ path: `applicantPersonIds.${i}`, message: 'no such person' });
    else if (p.birthDate && ageInWholeYears(p.birthDate, rigaToday()) < 25) {
      errors.push({ path: `applicantPersonIds.${i}`, message: 'an adopter must be at least 25 years old' });
    }
  });
  if (errors.length > 0) throw new AdoptionValidationError(errors);
  const now = new Date();
  const adopter = em.create(AdoptionAdopter, {
    id: newId(),
    applicantPersonIds: [...ids],
    approvedAt: input.approvedAt,
    registeredAt: input.registeredAt,
    residence: input.residence.toUpperCase(),
    wishes: { ...input.wishes },
    state: 'active',
    createdAt: now,
    createdBy: actor,
    updatedAt: now,
    archivedAt: null,
  });
  await em.flush();
  return adopter;
}

// ---------------------------------------------------------------------------------------------------------------
// Views

export function childView(c: IAdoptionChild, person?: IPerson | null) {
  return {
    id: c.id,
    personId: c.personId,
    ...(person
      ? { firstName: person.firstName, lastName: person.lastName, birthDate: person.birthDate ?? null }
      : {}),
    legallyFreeSince: c.legallyFreeSince,
    siblingGroup: c.siblingGroup ?? null,
    healthConditions: [...c.healthConditions],
    regionAtvk: c.regionAtvk,
    state: c.state,
    disabilityGroup: c.disabilityGroup ?? null,
    vdeavkOutcome: c.vdeavkOutcome,
    createdAt: c.createdAt.toISOString(),
    archivedAt: c.archivedAt?.toISOString() ?? null,
    readOnly: c.state === 'archived',
  };
}
export type ChildView = ReturnType<typeof childView>;

export function adopterView(a: IAdoptionAdopter) {
  return {
    id: a.id,
    applicantPersonIds: [...a.applicantPersonIds],
    approvedAt: a.approvedAt,
    registeredAt: a.registeredAt,
    residence: a.residence,
    wishes: { ...a.wishes },
    state: a.state,
    createdAt: a.createdAt.toISOString(),
    archivedAt: a.archivedAt?.toISOString() ?? null,
    readOnly: a.state === 'archived',
  };
}
export type AdopterView = ReturnType<typeof adopterView>;

export interface ChildFilter {
  state?: string;
  regionAtvk?: string;
  siblingGroup?: string;
  healthCondition?: string;
}

export async function listChildren(em: Em, f: ChildFilter): Promise<IAdoptionChild[]> {
  const rows = await em.find(
    AdoptionChild,
    {
      ...(f.state ? { state: f.state } : {}),
      ...(f.regionAtvk ? { regionAtvk: f.regionAtvk } : {}),
      ...(f.siblingGroup ? { siblingGroup: f.siblingGroup } : {}),
    },
    { orderBy: { id: 'asc' } },
  );
  return f.healthCondition ? rows.filter((r) => r.healthConditions.includes(f.healthCondition ?? '')) : rows;
}

export interface AdopterFilter {
  state?: string;
  residence?: string;
  regionAtvk?: string;
}

export async function listAdopters(em: Em, f: AdopterFilter): Promise<IAdoptionAdopter[]> {
  const rows = await em.find(
    AdoptionAdopter,
    {
      ...(f.state ? { state: f.state } : {}),
      ...(f.residence ? { residence: f.residence.toUpperCase() } : {}),
    },
    { orderBy: { registeredAt: 'asc', id: 'asc' } },
  );
  return f.regionAtvk
    ? rows.filter(
        (r) => r.wishes.regionsAtvk.length === 0 || r.wishes.regionsAtvk.includes(f.regionAtvk ?? ''),
      )
    : rows;
}

export const RUNNING_MATCH_STATES = ['proposing', 'acquaintance', 'awaiting-orphan-court', 'awaiting-court'];

/** Restricted register documents of a record (child or adopter). */
export async function registerDocuments(em: Em, recordId: string) {
  const docs = await em.find(Document, { caseId: recordId, restricted: true }, { orderBy: { id: 'asc' } });
  return docs.map((d) => ({ id: d.id, title: d.title, type: d.type, createdAt: d.createdAt.toISOString() }));
}

export async function findChild(em: Em, id: string): Promise<IAdoptionChild | null> {
  return em.findOne(AdoptionChild, { id });
}

export async function findAdopter(em: Em, id: string): Promise<IAdoptionAdopter | null> {
  return em.findOne(AdoptionAdopter, { id });
}

export async function findMatch(em: Em, id: string): Promise<IAdoptionMatch | null> {
  return em.findOne(AdoptionMatch, { id });
}
