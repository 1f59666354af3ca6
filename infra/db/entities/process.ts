import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A workflow started for a case (registry check, means test, service …), so a case can find its processes. */
export const ProcessRun = defineEntity({
  name: 'ProcessRun',
  tableName: 'process_runs',
  indexes: [{ properties: ['caseId', 'kind', 'startedAt'] }],
  properties: {
    workflowId: p.string().length(200).primary(),
    caseId: p.string().length(36),
    kind: p.string().length(40),
    startedAt: p.datetime(),
    startedBy: p.string().length(100),
  },
});
export type IProcessRun = InferEntity<typeof ProcessRun>;
