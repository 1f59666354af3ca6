/**
 * Changes to the adoption register (MK 794; issue 8), shared by the API and the screens: each validates, writes in
 * one transaction with its audit entry, and signals or updates the adoptionMatch workflow through its contract.
 * Errors are DomainErrors (404 / 409 / 422); a VDEĀVK outage is a RegistryUnavailableError.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { rigaToday } from '../../infra/clock.js';
import {
  AdoptionAdopter,
  AdoptionChild,
  AdoptionMatch,
  AdoptionProposal,
  Person,
} from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import {
  adopterStatusChanged,
  answerProposal as answerProposalUpdate,
  type DecisionInput,
  recordCourtDecision,
  recordOrphanCourtDecision,
  withdrawChild,
} from '../../workflows/adoption-match/contract.js';
import { checkChildDisability } from '../adoption-registry.js';
import { DomainError } from '../errors.js';
import { auditAdoption, viaDetails, type AdoptionActor, type AdoptionDeps, type Via } from './audit.js';
import { pseudonymisedExport } from './export.js';
import { startAdoptionMatch } from './matching.js';
import {
  adopterView,
  AdoptionValidationError,
  childView,
  registerAdopter,
  registerChild,
  RUNNING_MATCH_STATES,
  NO_SUCH_CHILD,
  validateNewChild,
  type AdopterView,
  type ChildView,
  type NewAdopterInput,
  type NewChildInput,
} from './register.js';

const noSuch = (what: string) => new DomainError('not-found', `no such ${what}`);

/** Signals every match; one that has already ended is left alone. */
async function signalMatches(workflowIds: string[], send: (workflowId: string) => Promise<void>) {
  for (const id of workflowIds) {
    await send(id).catch((err: unknown) => {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    });
  }
}

/** Registers a child after the VDEĀVK disability check; an invalid entry is audited as such (422). */
export async function createChild(
  deps: AdoptionDeps,
  actor: AdoptionActor,
  input: NewChildInput,
): Promise<ChildView> {
  const { em } = deps;
  try {
    await validateNewChild(em, input);
    const recordId = newId();
    const check = await checkChildDisability(deps.registry, {
      recordId,
      personId: input.personId,
      requestedBy: actor.username,
    });
    const child = await em.transactional(async (tx) => {
      // The VDEĀVK evidence was stored under the pre-allocated record id.
      const created = await registerChild(tx, actor.username, input, check, recordId);
      await auditAdoption(
        em,
        actor,
        {
          action: 'adoption.child.create',
          resourceType: 'adoption-child',
          resourceId: recordId,
          details: { vdeavk: check.outcome, vdeavkRequestId: check.requestId },
        },
        tx,
      );
      return created;
    });
    const fresh = await em.fork().findOneOrFail(AdoptionChild, { id: child.id });
    return childView(fresh, await em.findOne(Person, { id: fresh.personId }));
  } catch (err) {
    if (err instanceof AdoptionValidationError) {
      await auditAdoption(em, actor, {
        action: 'adoption.child.create',
        resourceType: 'adoption-child',
        outcome: 'invalid',
        details: { paths: err.errors.map((e) => e.path) },
      });
    }
    throw err;
  }
}

/** Starts matching for a child of the register (one running match per child). */
export async function startMatch(
  deps: AdoptionDeps,
  actor: AdoptionActor,
  childId: string,
  options: { via: Via; workflowOptions?: Record<string, unknown> },
): Promise<{ matchId: string; workflowId: string }> {
  const child = await deps.em.findOne(AdoptionChild, { id: childId });
  if (!child) throw new DomainError('not-found', NO_SUCH_CHILD);
  return startAdoptionMatch(deps, actor, child, options);
}

/** Withdraws a child from the register; running matches are told to stop. */
export async function withdrawRegisterChild(
  deps: AdoptionDeps,
  actor: AdoptionActor,
  id: string,
  reason: string,
): Promise<ChildView> {
  const { em } = deps;
  const child = await em.findOne(AdoptionChild, { id });
  if (!child) throw new DomainError('not-found', NO_SUCH_CHILD);
  if (child.state === 'archived' || child.state === 'withdrawn') {
    throw new DomainError('conflict', `the child's record is ${child.state} (read-only)`);
  }
  const running = await em.find(AdoptionMatch, { childId: id, state: { $in: RUNNING_MATCH_STATES } });
  await em.transactional(async (tx) => {
    const row = await tx.findOneOrFail(AdoptionChild, { id });
    row.state = 'withdrawn';
    row.withdrawnReason = reason;
    row.updatedAt = new Date();
    await tx.flush();
    await auditAdoption(
      em,
      actor,
      {
        action: 'adoption.child.withdraw',
        resourceType: 'adoption-child',
        resourceId: id,
        details: { matches: running.map((m) => m.id) },
      },
      tx,
    );
  });
  await signalMatches(
    running.map((m) => m.workflowId),
    (workflowId) => deps.client.workflow.getHandle(workflowId).signal(withdrawChild, { reason }),
  );
  return childView(await em.fork().findOneOrFail(AdoptionChild, { id }));
}

/** Registers approved adopters with their wishes; an invalid entry is audited as such (422). */
export async function createAdopter(
  deps: Pick<AdoptionDeps, 'em'>,
  actor: AdoptionActor,
  input: NewAdopterInput,
): Promise<AdopterView> {
  const { em } = deps;
  try {
    const adopter = await em.transactional(async (tx) => {
      const created = await registerAdopter(tx, actor.username, input);
      await auditAdoption(
        em,
        actor,
        { action: 'adoption.adopter.create', resourceType: 'adoption-adopter', resourceId: created.id },
        tx,
      );
      return created;
    });
    return adopterView(adopter);
  } catch (err) {
    if (err instanceof AdoptionValidationError) {
      await auditAdoption(em, actor, {
        action: 'adoption.adopter.create',
        resourceType: 'adoption-adopter',
        outcome: 'invalid',
        details: { paths: err.errors.map((e) => e.path) },
      });
    }
    throw err;
  }
}

/** Suspends or reactivates an adopter; running matches with them re-match. */
export async function changeAdopterStatus(
  deps: AdoptionDeps,
  actor: AdoptionActor,
  id: string,
  input: { state: 'active' | 'suspended'; reason: string },
): Promise<AdopterView> {
  const { em } = deps;
  const { state, reason } = input;
  const adopter = await em.findOne(AdoptionAdopter, { id });
  if (!adopter) throw noSuch('adopter in the register');
  if (adopter.state === 'archived') {
    throw new DomainError('conflict', "the adopter's record is archived (read-only)");
  }
  if (state === 'active' && adopter.state === 'matched') {
    throw new DomainError('conflict', 'the adopter is in a running match');
  }
  const running = await em.find(AdoptionMatch, { adopterId: id, state: { $in: RUNNING_MATCH_STATES } });
  await em.transactional(async (tx) => {
    const row = await tx.findOneOrFail(AdoptionAdopter, { id });
    const previous = row.state;
    row.state = state;
    row.updatedAt = new Date();
    await tx.flush();
    await auditAdoption(
      em,
      actor,
      {
        action: 'adoption.adopter.status',
        resourceType: 'adoption-adopter',
        resourceId: id,
        details: { from: previous, to: state, reason, matches: running.map((m) => m.id) },
      },
      tx,
    );
  });
  if (state !== 'active') {
    await signalMatches(
      running.map((m) => m.workflowId),
      (workflowId) =>
        deps.client.workflow.getHandle(workflowId).signal(adopterStatusChanged, { adopterId: id, state }),
    );
  }
  return adopterView(await em.fork().findOneOrFail(AdoptionAdopter, { id }));
}

/** The adopter's answer to a pending proposal, through the workflow's `answerProposal` update. */
export async function answerProposal(
  deps: AdoptionDeps,
  actor: AdoptionActor,
  proposalId: string,
  input: { accept: boolean; reason: string | null },
  via: Via = 'api',
): Promise<{ proposalId: string; matchId: string; outcome: 'accepted' | 'declined' }> {
  const { em } = deps;
  const proposal = await em.findOne(AdoptionProposal, { id: proposalId });
  if (!proposal) throw noSuch('proposal');
  if (proposal.state !== 'pending') {
    throw new DomainError('conflict', `the proposal is already ${proposal.state}`);
  }
  const match = await em.findOneOrFail(AdoptionMatch, { id: proposal.matchId });
  const handle = deps.client.workflow.getHandle(match.workflowId);
  let outcome: 'accepted' | 'declined';
  try {
    ({ outcome } = await handle.executeUpdate(answerProposalUpdate, {
      args: [{ proposalId, accept: input.accept, reason: input.reason }],
    }));
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
      throw new DomainError('conflict', 'the proposal is not waiting for an answer');
    }
    throw err;
  }
  await auditAdoption(em, actor, {
    action: 'adoption.proposal.answer',
    resourceType: 'adoption-proposal',
    resourceId: proposalId,
    details: { matchId: match.id, accept: input.accept, ...viaDetails(via) },
  });
  return { proposalId, matchId: match.id, outcome };
}

/** The orphan court's or the court's decision, through the workflow's update of that name. */
export async function recordMatchDecision(
  deps: AdoptionDeps,
  actor: AdoptionActor,
  kind: 'orphan-court' | 'court',
  matchId: string,
  input: DecisionInput,
): Promise<void> {
  const { em } = deps;
  const match = await em.findOne(AdoptionMatch, { id: matchId });
  if (!match) throw noSuch('match');
  const handle = deps.client.workflow.getHandle(match.workflowId);
  try {
    if (kind === 'court') await handle.executeUpdate(recordCourtDecision, { args: [input] });
    else await handle.executeUpdate(recordOrphanCourtDecision, { args: [input] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
      throw new DomainError('conflict', `the match is ${match.state}: it is not waiting for this decision`);
    }
    throw err;
  }
  await auditAdoption(em, actor, {
    action: `adoption.match.${kind}-decision`,
    resourceType: 'adoption-match',
    resourceId: matchId,
    details: { documentRef: input.documentRef, approved: input.approved },
  });
}

/** The pseudonymised register export (CSV), audited with its purpose. */
export async function exportPseudonymised(
  deps: Pick<AdoptionDeps, 'em' | 'config'>,
  actor: AdoptionActor,
): Promise<string> {
  const csv = await pseudonymisedExport(deps.em, deps.config.pseudonymKey, rigaToday());
  await auditAdoption(deps.em, actor, {
    action: 'adoption.export.pseudonymised',
    resourceType: 'adoption-register',
    purpose: 'Analītika (pseudonimizēti dati)',
    details: { rows: csv.split('\n').length - 2 },
  });
  return csv;
}
