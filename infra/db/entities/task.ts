import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A unit of work for people, shared by every process: an incoming DMS application to handle, a triage of an unknown
 * applicant, an administrator's alert. When a workflow waits on it, `workflowId` + `signalName` say whom to signal
 * on completion. `idempotencyKey` lets a retried activity find the task it created the first time.
 */
export const Task = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  indexes: [{ properties: ['municipalityCode', 'queue', 'state'] }, { properties: ['assignee', 'state'] }],
  properties: {
    id: p.string().length(36).primary(),
    /** 'municipality' (the social service's work queue) or 'admin' (system administrators' alerts). */
    queue: p.string().length(20),
    municipalityCode: p.string().length(7).nullable(),
    caseId: p.string().length(36).nullable().index(),
    kind: p.string().length(60),
    title: p.string().length(300),
    description: p.string().length(2000),
    /** open | claimed | completed */
    state: p.string().length(20),
    assignee: p.string().length(100).nullable(),
    dueDate: p.string().length(10).nullable(),
    /** What created it: a workflow id or a DMS intake id. */
    source: p.string().length(200),
    idempotencyKey: p.string().length(200).unique(),
    workflowId: p.string().length(200).nullable(),
    signalName: p.string().length(100).nullable(),
    data: p.json<Record<string, unknown>>().nullable(),
    outcome: p.string().length(2000).nullable(),
    createdAt: p.datetime(),
    claimedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
    completedBy: p.string().length(100).nullable(),
  },
});
export type ITask = InferEntity<typeof Task>;
