/**
 * Tasks shared by every process: create (idempotent by key), list with counts in the user's scope, claim, complete.
 * Completing a task a workflow waits on signals that workflow (`TASK_COMPLETED_SIGNAL`).
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Client } from '@temporalio/client';
import { isNationalRole } from '../domain/access/roles.js';
import {
  canClaim,
  canComplete,
  type TaskCompletion,
  type TaskQueueOfPeople,
  type TaskState,
} from '../domain/tasks.js';
import { Task, type ITask } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import { appendAudit } from './audit-log.js';
import type { Actor } from './case-file.js';

export interface NewTask {
  idempotencyKey: string;
  queue?: TaskQueueOfPeople;
  municipalityCode: string | null;
  caseId?: string | null;
  kind: string;
  title: string;
  description: string;
  dueDate?: string | null;
  source: string;
  workflowId?: string | null;
  signalName?: string | null;
  data?: Record<string, unknown> | null;
  /** Who creates it, for the audit log (a process: 'system'). */
  createdBy?: string;
}

export class TaskStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskStateError';
  }
}

/** Creates the task, or returns the one created earlier under the same key. */
export async function createTask(em: Em, input: NewTask): Promise<{ task: ITask; created: boolean }> {
  const existing = await em.findOne(Task, { idempotencyKey: input.idempotencyKey });
  if (existing) return { task: existing, created: false };
  try {
    const task = await em.transactional(async (tx) => {
      const row = tx.create(Task, {
        id: newId(),
        queue: input.queue ?? 'municipality',
        municipalityCode: input.municipalityCode,
        caseId: input.caseId ?? null,
        kind: input.kind,
        title: input.title,
        description: input.description,
        state: 'open',
        assignee: null,
        dueDate: input.dueDate ?? null,
        source: input.source,
        idempotencyKey: input.idempotencyKey,
        workflowId: input.workflowId ?? null,
        signalName: input.signalName ?? null,
        data: input.data ?? null,
        outcome: null,
        createdAt: new Date(),
        claimedAt: null,
        completedAt: null,
        completedBy: null,
      });
      await tx.flush();
      await appendAudit(tx, {
        actor: input.createdBy ?? 'system',
        role: 'system',
        municipalityCode: input.municipalityCode,
        action: 'task.create',
        resourceType: 'task',
        resourceId: row.id,
        caseId: row.caseId ?? null,
        outcome: 'success',
        details: { kind: input.kind, source: input.source, queue: row.queue },
      });
      return row;
    });
    return { task, created: true };
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      const raced = await em.fork().findOneOrFail(Task, { idempotencyKey: input.idempotencyKey });
      return { task: raced, created: false };
    }
    throw err;
  }
}

/** Who sees tasks: an organisation's HR user also carries their organisation (specialists register). */
export type TaskActor = Actor & { organisationId?: string | null };

/**
 * The scope of tasks a user sees: their municipality's queue; for national administrators the admin queue; for an
 * organisation's HR user the queue of their own organisation (never another's).
 */
export function taskScope(actor: TaskActor): Record<string, unknown> {
  if (actor.role === 'admin') return { queue: 'admin' };
  if (actor.role === 'org_hr') {
    if (!actor.organisationId) return { id: null };
    return { queue: 'organisation', source: `specialist-organisation:${actor.organisationId}` };
  }
  if (isNationalRole(actor.role) || !actor.municipalityCode) return { id: null };
  return { queue: 'municipality', municipalityCode: actor.municipalityCode };
}

export interface TaskView {
  id: string;
  kind: string;
  title: string;
  description: string;
  state: TaskState;
  assignee: string | null;
  caseId: string | null;
  municipalityCode: string | null;
  dueDate: string | null;
  source: string;
  outcome: string | null;
  waitingWorkflow: boolean;
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
}

export function taskView(t: ITask): TaskView {
  return {
    id: t.id,
    kind: t.kind,
    title: t.title,
    description: t.description,
    state: t.state as TaskState,
    assignee: t.assignee ?? null,
    caseId: t.caseId ?? null,
    municipalityCode: t.municipalityCode ?? null,
    dueDate: t.dueDate ?? null,
    source: t.source,
    outcome: t.outcome ?? null,
    waitingWorkflow: Boolean(t.workflowId && t.signalName),
    createdAt: t.createdAt.toISOString(),
    completedAt: t.completedAt ? t.completedAt.toISOString() : null,
    completedBy: t.completedBy ?? null,
  };
}

export interface TaskListQuery {
  state?: TaskState;
  assignee?: 'me' | 'unassigned';
  limit: number;
}

export interface TaskCounts {
  open: number;
  claimed: number;
  completed: number;
  mine: number;
  unassigned: number;
}

export async function listTasks(
  em: Em,
  actor: TaskActor,
  query: TaskListQuery,
): Promise<{ items: TaskView[]; counts: TaskCounts }> {
  const scope = taskScope(actor);
  const where: Record<string, unknown> = { ...scope };
  if (query.state) where.state = query.state;
  if (query.assignee === 'me') where.assignee = actor.username;
  if (query.assignee === 'unassigned') where.assignee = null;
  const rows = await em.find(Task, where, {
    orderBy: { dueDate: 'asc', createdAt: 'asc', id: 'asc' },
    limit: query.limit,
  });
  const [open, claimed, completed, mine, unassigned] = await Promise.all([
    em.count(Task, { ...scope, state: 'open' }),
    em.count(Task, { ...scope, state: 'claimed' }),
    em.count(Task, { ...scope, state: 'completed' }),
    em.count(Task, { ...scope, state: 'claimed', assignee: actor.username }),
    em.count(Task, { ...scope, state: 'open', assignee: null }),
  ]);
  return { items: rows.map(taskView), counts: { open, claimed, completed, mine, unassigned } };
}

/** The task when it is in the actor's scope; null both when missing and when out of scope. */
export async function findVisibleTask(em: Em, actor: TaskActor, id: string): Promise<ITask | null> {
  return em.findOne(Task, { id, ...taskScope(actor) });
}

export async function claimTask(em: Em, actor: Actor & { requestId?: string }, task: ITask): Promise<ITask> {
  if (!canClaim(task, actor.username)) throw new TaskStateError(`the task is ${task.state}`);
  await em.transactional(async (tx) => {
    // Conditional update: two workers claiming at once — only one wins.
    const updated = await tx.nativeUpdate(
      Task,
      { id: task.id, $or: [{ state: 'open' }, { state: 'claimed', assignee: actor.username }] },
      { state: 'claimed', assignee: actor.username, claimedAt: new Date() },
    );
    if (updated !== 1) throw new TaskStateError('the task was claimed by someone else');
    await appendAudit(tx, {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      action: 'task.claim',
      resourceType: 'task',
      resourceId: task.id,
      caseId: task.caseId ?? null,
      outcome: 'success',
      requestId: actor.requestId ?? null,
    });
  });
  await em.refresh(task);
  return task;
}

export async function completeTask(
  deps: { em: Em; client?: Client },
  actor: Actor & { requestId?: string },
  task: ITask,
  outcome: string,
): Promise<{ task: ITask; signalled: boolean }> {
  const { em } = deps;
  if (!canComplete(task, actor.username)) throw new TaskStateError(`the task is ${task.state}`);
  const completedAt = new Date();
  await em.transactional(async (tx) => {
    const updated = await tx.nativeUpdate(
      Task,
      { id: task.id, state: { $ne: 'completed' }, $or: [{ assignee: null }, { assignee: actor.username }] },
      { state: 'completed', assignee: actor.username, outcome, completedAt, completedBy: actor.username },
    );
    if (updated !== 1) throw new TaskStateError('the task was completed or claimed by someone else');
    await appendAudit(tx, {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      action: 'task.complete',
      resourceType: 'task',
      resourceId: task.id,
      caseId: task.caseId ?? null,
      outcome: 'success',
      requestId: actor.requestId ?? null,
      details: { kind: task.kind, notifiesWorkflow: Boolean(task.workflowId && task.signalName) },
    });
  });
  await em.refresh(task);
  let signalled = false;
  if (task.workflowId && task.signalName && deps.client) {
    const payload: TaskCompletion = {
      taskId: task.id,
      outcome,
      completedBy: actor.username,
      completedAt: completedAt.toISOString(),
    };
    try {
      await deps.client.workflow.getHandle(task.workflowId).signal(task.signalName, payload);
      signalled = true;
    } catch (err) {
      // The task stays completed; a workflow that is gone or unreachable is reported, not hidden.
      if ((err as { name?: string }).name !== 'WorkflowNotFoundError') throw err;
    }
  }
  return { task, signalled };
}

/**
 * Completes the task created under `idempotencyKey` when the work it asked for was done another way (a delivery
 * recorded through the service screen closes the "record missing" task). No signal: the process already knows.
 */
export async function closeTaskByKey(
  em: Em,
  idempotencyKey: string,
  outcome: string,
  by: string,
): Promise<boolean> {
  return em.transactional(async (tx) => {
    const task = await tx.findOne(Task, { idempotencyKey });
    if (!task || task.state === 'completed') return false;
    const updated = await tx.nativeUpdate(
      Task,
      { id: task.id, state: { $ne: 'completed' } },
      { state: 'completed', outcome, completedAt: new Date(), completedBy: by },
    );
    if (updated !== 1) return false;
    await appendAudit(tx, {
      actor: by,
      role: 'system',
      municipalityCode: task.municipalityCode ?? null,
      action: 'task.complete',
      resourceType: 'task',
      resourceId: task.id,
      caseId: task.caseId ?? null,
      outcome: 'success',
      details: { kind: task.kind, closedBy: 'process' },
    });
    return true;
  });
}
