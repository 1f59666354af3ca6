/** The Temporal Schedule that runs `npaisSync` every 15 minutes, created idempotently at start-up. */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../infra/config.js';
import { taskQueue } from '../temporal/task-queues.js';
import { NPAIS_SYNC_SCHEDULE_ID, NPAIS_SYNC_WORKFLOW } from '../workflows/npais-sync/contract.js';

export const NPAIS_SYNC_EVERY = '15 minutes';

export function npaisSyncScheduleId(config: Config): string {
  const prefix = config.temporal.taskQueuePrefix;
  return prefix === 'digisoc' ? NPAIS_SYNC_SCHEDULE_ID : `${prefix}-${NPAIS_SYNC_SCHEDULE_ID}`;
}

/** Creates the schedule unless it exists; returns whether it was created. */
export async function ensureNpaisSyncSchedule(client: Client, config: Config): Promise<boolean> {
  const prefix = config.temporal.taskQueuePrefix;
  const scheduleId = npaisSyncScheduleId(config);
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: NPAIS_SYNC_EVERY }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      action: {
        type: 'startWorkflow',
        workflowType: NPAIS_SYNC_WORKFLOW,
        workflowId: `${scheduleId}-run`,
        taskQueue: taskQueue('caseProcesses', prefix),
        args: [{}],
      },
    });
    return true;
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}
