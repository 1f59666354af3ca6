/**
 * A case's processes: starting one's workflow (queue, search attributes, no orphan row if Temporal refuses), recording
 * that it started (the `ProcessRun` row so the case finds its workflows, the timeline event and the audit entry, in
 * the caller's transaction), and mirroring its state transitions. Shared by every process that runs for a case.
 */
import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config.js';
import { ProcessRun, type ICase } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { SA_CASE_ID, SA_MUNICIPALITY, SA_PROCESS } from '../temporal/search-attributes.js';
import { taskQueue } from '../temporal/task-queues.js';
import { appendAudit } from './audit-log.js';
import { recordCaseEvent } from './case-file.js';

export interface ProcessStarter {
  username: string;
  role: string;
  municipalityCode: string | null;
  requestId?: string | null;
}

export interface ProcessStart {
  workflowId: string;
  caseId: string;
  kind: string;
  startedAt?: Date;
  event: { type: string; summary: string; documentId?: string | null; data?: Record<string, unknown> };
  audit: { action: string; resourceType: string; resourceId: string; details?: Record<string, unknown> };
}

/**
 * Starts a case process's workflow on the case-process queue, tagged with the search attributes the supervisor and
 * case views filter on (case, municipality, kind). If Temporal refuses the start, `discard` removes what the caller
 * wrote for it beforehand, so a refused start leaves no orphan row.
 */
export async function startCaseProcessWorkflow(
  deps: { client: Client; config: Config },
  start: {
    workflowType: string;
    workflowId: string;
    kind: string;
    caseRow: Pick<ICase, 'id' | 'municipalityCode'>;
    args: unknown[];
  },
  discard?: () => Promise<unknown>,
): Promise<void> {
  try {
    await deps.client.workflow.start(start.workflowType, {
      taskQueue: taskQueue('caseProcesses', deps.config.temporal.taskQueuePrefix),
      workflowId: start.workflowId,
      args: start.args,
      typedSearchAttributes: [
        { key: SA_CASE_ID, value: start.caseRow.id },
        { key: SA_MUNICIPALITY, value: start.caseRow.municipalityCode },
        { key: SA_PROCESS, value: start.kind },
      ],
    });
  } catch (err) {
    if (discard) await discard();
    throw err;
  }
}

export async function recordProcessStart(tx: Em, actor: ProcessStarter, start: ProcessStart): Promise<void> {
  tx.create(ProcessRun, {
    workflowId: start.workflowId,
    caseId: start.caseId,
    kind: start.kind,
    startedAt: start.startedAt ?? new Date(),
    startedBy: actor.username,
  });
  await recordCaseEvent(tx, {
    caseId: start.caseId,
    type: start.event.type,
    actor: actor.username,
    summary: start.event.summary,
    documentId: start.event.documentId ?? null,
    data: start.event.data ?? null,
  });
  await tx.flush();
  await appendAudit(tx, {
    actor: actor.username,
    role: actor.role,
    municipalityCode: actor.municipalityCode,
    action: start.audit.action,
    resourceType: start.audit.resourceType,
    resourceId: start.audit.resourceId,
    caseId: start.caseId,
    outcome: 'success',
    requestId: actor.requestId ?? null,
    details: start.audit.details ?? null,
  });
}

/**
 * After a process's mirrored row was updated in `tx`: the timeline event the process asked for (if any), and an
 * audit entry when its state changed. Shared by the activities that mirror workflow state (means test, services).
 */
export async function recordProcessTransition(
  tx: Em,
  input: {
    actor: string;
    caseId: string;
    municipalityCode: string;
    event?: { type: string; summary: string; data?: Record<string, unknown> } | undefined;
    /** Ids the timeline event carries besides its own data (e.g. `{ serviceId }`). */
    eventRef: Record<string, unknown>;
    from: string;
    to: string;
    audit: { action: string; resourceType: string; resourceId: string; details?: Record<string, unknown> };
  },
): Promise<void> {
  if (input.event) {
    await recordCaseEvent(tx, {
      caseId: input.caseId,
      type: input.event.type,
      actor: input.actor,
      summary: input.event.summary,
      data: { ...input.eventRef, ...(input.event.data ?? {}) },
    });
  }
  await tx.flush();
  if (input.from === input.to) return;
  await appendAudit(tx, {
    actor: input.actor,
    role: 'system',
    municipalityCode: input.municipalityCode,
    action: input.audit.action,
    resourceType: input.audit.resourceType,
    resourceId: input.audit.resourceId,
    caseId: input.caseId,
    outcome: 'success',
    details: { from: input.from, to: input.to, ...(input.audit.details ?? {}) },
  });
}
