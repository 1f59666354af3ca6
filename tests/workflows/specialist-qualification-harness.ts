/**
 * The time-skipping harness of the specialistQualification workflow tests: one test server and one worker per test
 * file, with recording activities (reminders and overdue alerts), and helpers to start a run, move the clock and wait.
 */
import { afterAll, beforeAll } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { calendarDateInZone, parseIsoDate, type IsoDate } from '../../domain/calendar.js';
import {
  QUALIFICATION_RULES,
  type CompletedTraining,
  type EmploymentPeriod,
} from '../../domain/specialists/index.js';
import {
  qualificationState,
  specialistQualificationWorkflowId,
  type QualificationInput,
  type QualificationOverdue,
  type QualificationReminder,
} from '../../workflows/specialist-qualification/contract.js';
import { specialistQualification } from '../../workflows/specialist-qualification/workflow.js';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';

export const TIMEOUT = 240_000;

/** Registers beforeAll/afterAll for a test file and returns its helpers. */
export function qualificationHarness(taskQueue: string) {
  let bundle: WorkflowBundleWithSourceMap;
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const reminders: QualificationReminder[] = [];
  const overdue: QualificationOverdue[] = [];

  beforeAll(async () => {
    bundle = await bundleTestWorkflows('workflows/specialist-qualification/workflow.ts');
    env = await createTimeSkippingEnv();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: taskQueue,
      workflowBundle: bundle,
      activities: {
        async remindSpecialistTraining(input: QualificationReminder) {
          reminders.push(input);
        },
        async raiseSpecialistOverdue(input: QualificationOverdue) {
          overdue.push(input);
        },
      },
      // One worker for the whole file: its cache saves replaying the growing history at every 30-day wake.
      maxCachedWorkflows: 100,
    });
    running = worker.run();
  }, TIMEOUT);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  async function today(): Promise<IsoDate> {
    return calendarDateInZone(new Date(await env.currentTimeMs()));
  }

  /** Skips time to noon (UTC) of a Riga calendar date. */
  async function advanceTo(date: IsoDate): Promise<void> {
    const { year, month, day } = parseIsoDate(date);
    const target = Date.UTC(year, month - 1, day, 12);
    const now = await env.currentTimeMs();
    if (target > now) await env.sleep(target - now);
  }

  async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 30_000;
    let last: T = await read();
    while (!ok(last)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 100));
      last = await read();
    }
    return last;
  }

  let seq = 0;
  async function start(
    periods: EmploymentPeriod[],
    trainings: CompletedTraining[] = [],
    extra: Partial<QualificationInput> = {},
  ) {
    seq += 1;
    const specialistId = `s-${seq}-${Date.now()}`;
    const handle = await env.client.workflow.start(specialistQualification, {
      taskQueue: taskQueue,
      workflowId: specialistQualificationWorkflowId(specialistId),
      args: [
        {
          specialistId,
          organisationId: periods.at(-1)?.organisationId ?? 'A',
          facts: { periods, trainings },
          rules: [...QUALIFICATION_RULES],
          ...extra,
        },
      ],
    });
    const state = () =>
      env.client.workflow
        .getHandle(specialistQualificationWorkflowId(specialistId))
        .query(qualificationState);
    return { specialistId, handle, state };
  }

  const remindersOf = (id: string) => reminders.filter((r) => r.specialistId === id);
  const overdueOf = (id: string) => overdue.filter((r) => r.specialistId === id);

  return {
    env: () => env,
    today,
    advanceTo,
    waitFor,
    start,
    remindersOf,
    overdueOf,
  };
}
