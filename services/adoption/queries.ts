/**
 * Reads of the adoption register for the API: every read is audited (a missing record too, as `not-found`).
 * The screens' reads are in `screen-data.ts`.
 */
import type { CandidateAssessment } from '../../domain/adoption/matching.js';
import { AdoptionAdopter, AdoptionChild, AdoptionMatch, Person } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { DomainError } from '../errors.js';
import { auditAdoption, type AdoptionActor } from './audit.js';
import { assessCandidates, matchView, type MatchView } from './matching.js';
import {
  adopterView,
  childView,
  HEALTH_CONDITIONS,
  listAdopters,
  listChildren,
  NO_SUCH_CHILD,
  registerDocuments,
  type AdopterFilter,
  type AdopterView,
  type ChildFilter,
  type ChildView,
} from './register.js';

type RegisterDocument = Awaited<ReturnType<typeof registerDocuments>>[number];

export async function healthConditionClassifier(
  em: Em,
  actor: AdoptionActor,
): Promise<{ code: string; name: string }[]> {
  await auditAdoption(em, actor, { action: 'adoption.classifier.read', resourceType: 'adoption-classifier' });
  return HEALTH_CONDITIONS.map((h) => ({ code: h.code, name: h.name }));
}

export async function childrenInRegister(
  em: Em,
  actor: AdoptionActor,
  filter: ChildFilter,
): Promise<ChildView[]> {
  const rows = await listChildren(em, filter);
  const persons = await em.find(Person, { id: { $in: rows.map((r) => r.personId) } });
  await auditAdoption(em, actor, {
    action: 'adoption.child.list',
    resourceType: 'adoption-child',
    details: { count: rows.length, ids: rows.map((r) => r.id), filter },
  });
  return rows.map((r) =>
    childView(
      r,
      persons.find((p) => p.id === r.personId),
    ),
  );
}

/** A child's record with the restricted documents and the matches; a missing one is audited and a 404. */
export async function childRecord(
  em: Em,
  actor: AdoptionActor,
  id: string,
): Promise<
  ChildView & { documents: RegisterDocument[]; matches: { id: string; state: string; startedAt: string }[] }
> {
  const child = await em.findOne(AdoptionChild, { id });
  if (!child) {
    await auditAdoption(em, actor, {
      action: 'adoption.child.read',
      resourceType: 'adoption-child',
      resourceId: id,
      outcome: 'not-found',
    });
    throw new DomainError('not-found', NO_SUCH_CHILD);
  }
  const person = await em.findOne(Person, { id: child.personId });
  const matches = await em.find(AdoptionMatch, { childId: id }, { orderBy: { startedAt: 'asc' } });
  await auditAdoption(em, actor, {
    action: 'adoption.child.read',
    resourceType: 'adoption-child',
    resourceId: id,
  });
  return {
    ...childView(child, person),
    documents: await registerDocuments(em, id),
    matches: matches.map((m) => ({ id: m.id, state: m.state, startedAt: m.startedAt.toISOString() })),
  };
}

/** Every active adopter assessed for the child on `date`. */
export async function candidatesFor(
  em: Em,
  actor: AdoptionActor,
  id: string,
  date: string,
): Promise<CandidateAssessment[]> {
  const child = await em.findOne(AdoptionChild, { id });
  if (!child) {
    await auditAdoption(em, actor, {
      action: 'adoption.candidates.read',
      resourceType: 'adoption-child',
      resourceId: id,
      outcome: 'not-found',
    });
    throw new DomainError('not-found', NO_SUCH_CHILD);
  }
  const assessed = await assessCandidates(em, child, date);
  await auditAdoption(em, actor, {
    action: 'adoption.candidates.read',
    resourceType: 'adoption-child',
    resourceId: id,
    details: { date, count: assessed.length },
  });
  return assessed;
}

export async function adoptersInRegister(
  em: Em,
  actor: AdoptionActor,
  filter: AdopterFilter,
): Promise<AdopterView[]> {
  const rows = await listAdopters(em, filter);
  await auditAdoption(em, actor, {
    action: 'adoption.adopter.list',
    resourceType: 'adoption-adopter',
    details: { count: rows.length, ids: rows.map((r) => r.id), filter },
  });
  return rows.map(adopterView);
}

export async function adopterRecord(
  em: Em,
  actor: AdoptionActor,
  id: string,
): Promise<AdopterView & { documents: RegisterDocument[] }> {
  const adopter = await em.findOne(AdoptionAdopter, { id });
  if (!adopter) throw new DomainError('not-found', 'no such adopter in the register');
  await auditAdoption(em, actor, {
    action: 'adoption.adopter.read',
    resourceType: 'adoption-adopter',
    resourceId: id,
  });
  return { ...adopterView(adopter), documents: await registerDocuments(em, id) };
}

export async function matchRecord(em: Em, actor: AdoptionActor, id: string): Promise<MatchView> {
  const match = await em.findOne(AdoptionMatch, { id });
  if (!match) {
    await auditAdoption(em, actor, {
      action: 'adoption.match.read',
      resourceType: 'adoption-match',
      resourceId: id,
      outcome: 'not-found',
    });
    throw new DomainError('not-found', 'no such match');
  }
  const view = await matchView(em, match);
  await auditAdoption(em, actor, {
    action: 'adoption.match.read',
    resourceType: 'adoption-match',
    resourceId: id,
  });
  return view;
}
