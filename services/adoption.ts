/**
 * The adoption register (MK 794): registration of children and adopters, the candidates' ranking, register views,
 * the state changes the adoptionMatch workflow makes, and the pseudonymised export. Shared by the API and the
 * adoption activities. Register documents live in the restricted document area (`restricted: true`), keyed by the
 * register record's id, so no case file lists or timelines ever show them.
 */
import { createHmac } from 'node:crypto';
import { HEALTH_CONDITIONS, isHealthConditionCode } from '../domain/adoption/health-conditions.js';
import {
  rankCandidates,
  type Adopter,
  type AdoptionChild as MatchChild,
  type CandidateAssessment,
} from '../domain/adoption/matching.js';
import {
  ADOPTION_MATCH_DEFAULTS,
  disabilityConsistencyError,
  type VdeavkDisability,
} from '../domain/adoption/rules.js';
import { ageInWholeYears, isAfter, isValidIsoDate } from '../domain/calendar.js';
import { rigaToday } from '../infra/clock.js';
import {
  AdoptionAdopter,
  AdoptionChild,
  AdoptionMatch,
  AdoptionProgressTask,
  AdoptionProposal,
  Document,
  Person,
  type AdopterWishesRecord,
  type IAdoptionAdopter,
  type IAdoptionChild,
  type IAdoptionMatch,
  type IPerson,
} from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import { appendAudit } from './audit-log.js';
import type { Config } from '../infra/config.js';
import type { Client } from '@temporalio/client';
import { SA_PROCESS } from '../temporal/search-attributes.js';
import { taskQueue } from '../temporal/task-queues.js';

export { HEALTH_CONDITIONS };

/** A validation failure with field paths (the API answers 422). */
export class AdoptionValidationError extends Error {
  constructor(public readonly errors: { path: string; message: string }[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '));
    this.name = 'AdoptionValidationError';
  }
}

export class AdoptionConflictError extends Error {}

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

// ---------------------------------------------------------------------------------------------------------------
// Matching

function matchChild(c: IAdoptionChild, birthDate: string): MatchChild {
  return {
    id: c.id,
    birthDate,
    siblingGroup: c.siblingGroup ?? null,
    healthConditions: c.healthConditions,
    regionAtvk: c.regionAtvk,
  };
}

function matchAdopter(a: IAdoptionAdopter): Adopter {
  return {
    id: a.id,
    active: a.state === 'active',
    approved: isValidIsoDate(a.approvedAt),
    residence: a.residence,
    registeredAt: a.registeredAt,
    wishes: a.wishes,
  };
}

/** Every active adopter assessed for the child (and its sibling group still in the register) on `date`. */
export async function assessCandidates(
  em: Em,
  child: IAdoptionChild,
  date: string,
): Promise<CandidateAssessment[]> {
  const siblings = child.siblingGroup
    ? await em.find(AdoptionChild, {
        siblingGroup: child.siblingGroup,
        state: { $in: ['active', 'matched'] },
        id: { $ne: child.id },
      })
    : [];
  const persons = await em.find(Person, {
    id: { $in: [child.personId, ...siblings.map((s) => s.personId)] },
  });
  const birth = (personId: string) => persons.find((p) => p.id === personId)?.birthDate ?? '1900-01-01';
  const adopters = await em.find(AdoptionAdopter, { state: 'active' });
  return rankCandidates(
    matchChild(child, birth(child.personId)),
    siblings.map((s) => matchChild(s, birth(s.personId))),
    adopters.map(matchAdopter),
    date,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Match views

export async function matchView(em: Em, m: IAdoptionMatch) {
  const proposals = await em.find(
    AdoptionProposal,
    { matchId: m.id },
    { orderBy: { proposedAt: 'asc', id: 'asc' } },
  );
  const tasks = await em.find(AdoptionProgressTask, { matchId: m.id }, { orderBy: { month: 'asc' } });
  const view = (p: (typeof proposals)[number]) => ({
    id: p.id,
    adopterId: p.adopterId,
    rank: p.rank,
    state: p.state,
    proposedAt: p.proposedAt.toISOString(),
    deadline: p.deadline.toISOString(),
    answeredAt: p.answeredAt?.toISOString() ?? null,
    reason: p.reason ?? null,
    letterDocumentId: p.letterDocumentId ?? null,
  });
  const current = proposals.find((p) => p.state === 'pending');
  return {
    id: m.id,
    workflowId: m.workflowId,
    childId: m.childId,
    state: m.state,
    adopterId: m.adopterId ?? null,
    acquaintanceUntil: m.acquaintanceUntil ?? null,
    orphanCourtDecision: m.orphanCourtDecision ?? null,
    courtDecision: m.courtDecision ?? null,
    startedAt: m.startedAt.toISOString(),
    completedAt: m.completedAt?.toISOString() ?? null,
    currentProposal: current ? view(current) : null,
    history: proposals.map(view),
    progressTasks: tasks.map((t) => ({ month: t.month, dueDate: t.dueDate, title: t.title, state: t.state })),
  };
}
export type MatchView = Awaited<ReturnType<typeof matchView>>;

export const RUNNING_MATCH_STATES = ['proposing', 'acquaintance', 'awaiting-orphan-court', 'awaiting-court'];

/** Restricted register documents of a record (child or adopter). */
export async function registerDocuments(em: Em, recordId: string) {
  const docs = await em.find(Document, { caseId: recordId, restricted: true }, { orderBy: { id: 'asc' } });
  return docs.map((d) => ({ id: d.id, title: d.title, type: d.type, createdAt: d.createdAt.toISOString() }));
}

// ---------------------------------------------------------------------------------------------------------------
// Pseudonymised export

/** Stable pseudonym of a person: HMAC-SHA256 of the person id under the configured key (hex, 32 characters). */
export function pseudonym(key: string, personId: string): string {
  return createHmac('sha256', key).update(`person:${personId}`).digest('hex').slice(0, 32);
}

function csvCell(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV row per register record: no names, no personal codes, no register or person ids — persons appear only
 * as keyed pseudonyms, children's birth dates only as an age in whole years on `date`.
 */
export async function pseudonymisedExport(em: Em, key: string, date: string): Promise<string> {
  const children = await em.find(AdoptionChild, {}, { orderBy: { id: 'asc' } });
  const adopters = await em.find(AdoptionAdopter, {}, { orderBy: { id: 'asc' } });
  const persons = await em.find(Person, { id: { $in: children.map((c) => c.personId) } });
  const header = [
    'record_type',
    'person_pseudonyms',
    'state',
    'age_years',
    'legally_free_since',
    'sibling_group',
    'health_conditions',
    'region_atvk',
    'residence',
    'approved_at',
    'registered_at',
    'wish_age_min',
    'wish_age_max',
    'wish_max_children',
    'wish_accepts_siblings',
    'wish_health_conditions',
    'wish_regions_atvk',
  ];
  const lines = [header.join(',')];
  for (const c of children) {
    const birth = persons.find((p) => p.id === c.personId)?.birthDate;
    lines.push(
      [
        'child',
        pseudonym(key, c.personId),
        c.state,
        birth ? ageInWholeYears(birth, date) : null,
        c.legallyFreeSince,
        c.siblingGroup
          ? createHmac('sha256', key).update(`group:${c.siblingGroup}`).digest('hex').slice(0, 16)
          : null,
        c.healthConditions.join(' '),
        c.regionAtvk,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  for (const a of adopters) {
    lines.push(
      [
        'adopter',
        a.applicantPersonIds.map((id) => pseudonym(key, id)).join(' '),
        a.state,
        null,
        null,
        null,
        null,
        null,
        a.residence,
        a.approvedAt,
        a.registeredAt,
        a.wishes.ageMin,
        a.wishes.ageMax,
        a.wishes.maxChildren,
        a.wishes.acceptsSiblings,
        a.wishes.acceptedHealthConditions.join(' '),
        a.wishes.regionsAtvk.join(' '),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
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

export const ADOPTION_MATCH_KIND = 'adoption-match';

export class MatchAlreadyRunningError extends Error {
  constructor(public readonly matchId: string) {
    super('a match is already running for this child');
  }
}
export class ChildNotActiveError extends Error {
  constructor(public readonly state: string) {
    super(`the child is ${state}, not active in the register`);
  }
}

/**
 * Starts the adoptionMatch workflow for a child of the register (the API and the screens share it): one running
 * match per child, the match row and its audit entry in one transaction, the row removed again if Temporal refuses
 * the start.
 */
export async function startAdoptionMatch(
  deps: { em: Em; client: Client; config: Config },
  actor: { username: string; role: string; municipalityCode: string | null; requestId?: string | null },
  child: IAdoptionChild,
  options: { via: 'api' | 'screens'; workflowOptions?: Record<string, unknown> },
): Promise<{ matchId: string; workflowId: string }> {
  const { em } = deps;
  const running = await em.findOne(AdoptionMatch, {
    childId: child.id,
    state: { $in: RUNNING_MATCH_STATES },
  });
  if (running) throw new MatchAlreadyRunningError(running.id);
  if (child.state !== 'active') throw new ChildNotActiveError(child.state);
  const matchId = newId();
  const workflowId = `${ADOPTION_MATCH_KIND}-${matchId}`;
  const now = new Date();
  await em.transactional(async (tx) => {
    tx.create(AdoptionMatch, {
      id: matchId,
      childId: child.id,
      workflowId,
      state: 'proposing',
      adopterId: null,
      acquaintanceUntil: null,
      orphanCourtDecision: null,
      courtDecision: null,
      startedAt: now,
      startedBy: actor.username,
      updatedAt: now,
      completedAt: null,
    });
    await tx.flush();
    await appendAudit(tx, {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      requestId: actor.requestId ?? null,
      action: 'adoption.match.start',
      resourceType: 'adoption-match',
      resourceId: matchId,
      caseId: null,
      outcome: 'success',
      details: { childId: child.id, via: options.via },
    });
  });
  try {
    await deps.client.workflow.start('adoptionMatch', {
      taskQueue: taskQueue('caseProcesses', deps.config.temporal.taskQueuePrefix),
      workflowId,
      args: [
        {
          matchId,
          childId: child.id,
          startedBy: actor.username,
          // The rules in force at the start go with the match (issue 15); a start may override the first two.
          proposalDeadlineDays: ADOPTION_MATCH_DEFAULTS.proposalDeadlineDays,
          acquaintanceMonths: ADOPTION_MATCH_DEFAULTS.acquaintanceMonths,
          minimumAcquaintanceMonths: ADOPTION_MATCH_DEFAULTS.minimumAcquaintanceMonths,
          ...(options.workflowOptions ?? {}),
        },
      ],
      typedSearchAttributes: [{ key: SA_PROCESS, value: ADOPTION_MATCH_KIND }],
    });
  } catch (err) {
    await em.fork().nativeDelete(AdoptionMatch, { id: matchId });
    throw err;
  }
  return { matchId, workflowId };
}
