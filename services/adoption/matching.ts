/**
 * Matching in the adoption register: every active adopter assessed for a child, the match view, and the start of the
 * adoptionMatch workflow (one running match per child).
 */
import type { Client } from '@temporalio/client';
import {
  rankCandidates,
  type Adopter,
  type AdoptionChild as MatchChild,
  type CandidateAssessment,
} from '../../domain/adoption/matching.js';
import { ADOPTION_MATCH_DEFAULTS } from '../../domain/adoption/rules.js';
import { isValidIsoDate } from '../../domain/calendar.js';
import type { Config } from '../../infra/config.js';
import {
  AdoptionAdopter,
  AdoptionChild,
  AdoptionMatch,
  AdoptionProgressTask,
  AdoptionProposal,
  Person,
  type IAdoptionAdopter,
  type IAdoptionChild,
  type IAdoptionMatch,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { SA_PROCESS } from '../../temporal/search-attributes.js';
import { taskQueue } from '../../temporal/task-queues.js';
import { appendAudit } from '../audit-log.js';
import { DomainError } from '../errors.js';
import { RUNNING_MATCH_STATES } from './register.js';

export type { CandidateAssessment };

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

export const ADOPTION_MATCH_KIND = 'adoption-match';

/** 409 with the running match's id (`matchId` in the problem body). */
export class MatchAlreadyRunningError extends DomainError {
  constructor(public readonly matchId: string) {
    super('conflict', 'a match is already running for this child', [], { matchId });
  }
}
export class ChildNotActiveError extends DomainError {
  constructor(public readonly state: string) {
    super('conflict', `the child is ${state}, not active in the register`);
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
