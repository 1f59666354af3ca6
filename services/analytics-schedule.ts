/** The Temporal Schedule that runs `analyticsExport` every night (02:30 Riga time), created idempotently at start-up. */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../infra/config.js';
import { taskQueue } from '../temporal/task-queues.js';
import {
  ANALYTICS_EXPORT_SCHEDULE_ID,
  ANALYTICS_EXPORT_WORKFLOW,
} from '../workflows/analytics-export/contract.js';

export function analyticsExportScheduleId(config: Config): string {
  const prefix = config.temporal.taskQueuePrefix;
  return prefix === 'digisoc' ? ANALYTICS_EXPORT_SCHEDULE_ID : `${prefix}-${ANALYTICS_EXPORT_SCHEDULE_ID}`;
}

/** Creates the schedule unless it exists; returns whether it was created. */
export async function ensureAnalyticsExportSchedule(client: Client, config: Config): Promise<boolean> {
  const scheduleId = analyticsExportScheduleId(config);
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 2, minute: 30 }], timezone: 'Europe/Riga' },
      // A night missed while the cluster was down is caught up within the day; never two exports at once.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '12 hours' },
      action: {
        type: 'startWorkflow',
        workflowType: ANALYTICS_EXPORT_WORKFLOW,
        workflowId: `${scheduleId}-run`,
        taskQueue: taskQueue('caseProcesses', config.temporal.taskQueuePrefix),
        args: [{}],
      },
    });
    return true;
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}
