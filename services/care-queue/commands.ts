/**
 * Requests to the queue for state-funded long-term social care (issue 22, BRIEF §4.13): a municipality's social
 * worker submits one for a client; LM decides (queued with the date that counts and a priority group, refused, or
 * documents asked for). One active request per person and service type: a unique key in the database, so two
 * concurrent submissions cannot both succeed.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { compareIsoDates } from '../../domain/calendar.js';
import { isQueueServiceType, validatePriority, type PriorityGroup } from '../../domain/care-queue/index.js';
import { Case, CareQueueRequest, Person, type ICareQueueRequest } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { DomainError, invalid, notFound, throwIfInvalid } from '../errors.js';
import { createTask } from '../tasks.js';
import { appendQueueEvent } from './events.js';
import { auditQueue, isLm, seesRequest, type CareQueueActor } from './scope.js';

export interface CareQueueDeps {
  em: Em;
  today: string;
}

export interface NewRequest {
  caseId: string;
  serviceType: string;
  region: string;
}

export async function submitRequest(
  deps: CareQueueDeps,
  actor: CareQueueActor,
  input: NewRequest,
): Promise<{ id: string; state: string }> {
  const found = await deps.em.findOne(Case, { id: input.caseId });
  if (!found || actor.municipalityCode === null || found.municipalityCode !== actor.municipalityCode)
    throw notFound('case');
  if (!isQueueServiceType(input.serviceType))
    throw invalid([{ path: 'serviceType', message: 'not a state-funded long-term care type of the queue' }]);
  const person = await deps.em.findOneOrFail(Person, { id: found.personId });
  // PMLP's answer is recorded on the person (the registry check): a deceased person cannot be queued.
  if (person.deathDate)
    throw invalid([{ path: 'caseId', message: 'the client is recorded as deceased (PMLP)' }]);
  try {
    return await deps.em.transactional(async (tx) => {
      const r = tx.create(CareQueueRequest, {
        id: newId(),
        caseId: found.id,
        personId: person.id,
        municipalityCode: found.municipalityCode,
        serviceType: input.serviceType,
        region: input.region,
        state: 'submitted',
        activeKey: `${person.id}:${input.serviceType}`,
        priorityGroup: null,
        priorityReason: null,
        countingDate: null,
        decisionReason: null,
        endReason: null,
        submittedBy: actor.username,
        submittedAt: new Date(),
        decidedBy: null,
        decidedAt: null,
      });
      await tx.flush();
      await auditQueue(tx, actor, 'care-queue.request', r, { serviceType: r.serviceType, region: r.region });
      return { id: r.id, state: r.state };
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException)
      throw new DomainError('conflict', 'the person has an active request for this service type', [
        { path: 'serviceType', message: 'an active request exists' },
      ]);
    throw err;
  }
}

export interface RequestDecision {
  decision: 'queue' | 'refuse' | 'ask-documents';
  priorityGroup?: PriorityGroup | undefined;
  priorityReason?: string | null | undefined;
  countingDate?: string | undefined;
  reason?: string | null | undefined;
}

export interface RequestView {
  id: string;
  caseId: string;
  serviceType: string;
  region: string;
  state: string;
  priorityGroup: number | null;
  countingDate: string | null;
}

export const requestView = (r: ICareQueueRequest): RequestView => ({
  id: r.id,
  caseId: r.caseId,
  serviceType: r.serviceType,
  region: r.region,
  state: r.state,
  priorityGroup: r.priorityGroup ?? null,
  countingDate: r.countingDate ?? null,
});

/** LM's decision on a submitted request (or one waiting for documents). */
export async function decideRequest(
  deps: CareQueueDeps,
  actor: CareQueueActor,
  id: string,
  input: RequestDecision,
): Promise<RequestView> {
  if (!isLm(actor)) throw new DomainError('forbidden', 'only LM decides requests of the queue');
  const r = await deps.em.findOne(CareQueueRequest, { id });
  if (!r || !seesRequest(actor, r)) throw notFound('request');
  if (r.state !== 'submitted' && r.state !== 'documents-requested')
    throw new DomainError('conflict', `the request is already ${r.state}`);
  if (input.decision === 'queue') {
    const issues = [];
    if (!input.priorityGroup) issues.push({ path: 'priorityGroup', message: 'required to queue' });
    else issues.push(...validatePriority(input.priorityGroup, input.priorityReason));
    if (!input.countingDate) issues.push({ path: 'countingDate', message: 'required to queue' });
    else if (compareIsoDates(input.countingDate, deps.today) > 0)
      issues.push({ path: 'countingDate', message: 'may not be after today' });
    throwIfInvalid(issues);
  }
  const reason = input.reason?.trim() || null;
  if (input.decision === 'refuse' && !reason)
    throw invalid([{ path: 'reason', message: 'required for a refusal' }]);
  return deps.em.transactional(async (tx) => {
    const row = await tx.findOneOrFail(CareQueueRequest, { id });
    Object.assign(row, { decidedBy: actor.username, decidedAt: new Date(), decisionReason: reason });
    if (input.decision === 'queue') {
      Object.assign(row, {
        state: 'queued',
        priorityGroup: input.priorityGroup,
        priorityReason: input.priorityReason?.trim() || null,
        countingDate: input.countingDate,
      });
      await appendQueueEvent(tx, {
        kind: 'queued',
        requestId: row.id,
        serviceType: row.serviceType,
        on: deps.today,
        data: {
          serviceType: row.serviceType,
          region: row.region,
          priorityGroup: input.priorityGroup as PriorityGroup,
          countingDate: input.countingDate as string,
        },
        by: actor.username,
      });
    } else if (input.decision === 'refuse') {
      Object.assign(row, { state: 'refused', activeKey: null });
    } else {
      row.state = 'documents-requested';
      await createTask(tx, {
        idempotencyKey: `care-queue:${row.id}:documents:${Date.now()}`,
        municipalityCode: row.municipalityCode,
        caseId: row.caseId,
        kind: 'care-queue-documents',
        title: 'LM pieprasa dokumentus ilgstošas sociālās aprūpes rindai',
        description: reason ?? 'Iesniedziet trūkstošos novērtējuma dokumentus.',
        source: `care-queue:${row.id}`,
      });
    }
    await tx.flush();
    await auditQueue(tx, actor, `care-queue.${input.decision}`, row, {
      priorityGroup: row.priorityGroup ?? null,
      countingDate: row.countingDate ?? null,
    });
    return requestView(row);
  });
}

/**
 * A death or emigration reported by PMLP ends every active request of the person (the registry answer's handler
 * calls this); also usable by LM when the request is withdrawn.
 */
export async function endRequestsOfPerson(
  em: Em,
  personId: string,
  reason: 'death' | 'emigration' | 'withdrawn',
  on: string,
  by: string,
): Promise<number> {
  return em.transactional(async (tx) => {
    const rows = await tx.find(CareQueueRequest, { personId, activeKey: { $ne: null } });
    for (const r of rows) {
      if (r.state === 'queued')
        await appendQueueEvent(tx, {
          kind: 'ended',
          requestId: r.id,
          serviceType: r.serviceType,
          on,
          data: { reason },
          by,
        });
      Object.assign(r, { state: 'ended', endReason: reason, activeKey: null });
    }
    await tx.flush();
    return rows.length;
  });
}
