/**
 * specialistQualification on the time-skipping server with recording activities: the initial deadline's reminders
 * (90 and 30 days before) and the overdue alert the day after; a training that moves the clock and continues the run
 * as new into the refresher cycle; a move that carries the clock to the new organisation; leaving that ends the run;
 * catching up after a late start; and rules carried in the input rather than read from the bundle's table.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  addDays,
  addMonthsClamped,
  addYearsClamped,
  calendarDateInZone,
  parseIsoDate,
  type IsoDate,
} from '../../domain/calendar.js';
import {
  QUALIFICATION_RULES,
  type CompletedTraining,
  type EmploymentPeriod,
} from '../../domain/specialists/index.js';
import {
  qualificationFactsChanged,
  qualificationState,
  specialistQualificationWorkflowId,
  type QualificationInput,
  type QualificationOverdue,
  type QualificationReminder,
  type QualificationState,
} from '../../workflows/specialist-qualification/contract.js';
import { specialistQualification } from '../../workflows/specialist-qualification/workflow.js';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';

const TASK_QUEUE = 'specialist-qualification-test';
const TIMEOUT = 240_000;
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
    taskQueue: TASK_QUEUE,
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
    taskQueue: TASK_QUEUE,
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
    env.client.workflow.getHandle(specialistQualificationWorkflowId(specialistId)).query(qualificationState);
  return { specialistId, handle, state };
}

const remindersOf = (id: string) => reminders.filter((r) => r.specialistId === id);
const overdueOf = (id: string) => overdue.filter((r) => r.specialistId === id);

describe('specialistQualification', () => {
  it(
    'a move carries the clock to the new organisation; a training before the reminders leaves none; leaving ends the run',
    async () => {
      const t = await today();
      const due = addDays(addMonthsClamped(t, 12), -1);
      const moved = await start([{ organisationId: 'A', from: t, to: null }]);
      const trained = await start([{ organisationId: 'A', from: t, to: null }]);
      await waitFor(moved.state, () => true, 'state');
      await waitFor(trained.state, () => true, 'state');

      const moveOn = addDays(t, 30);
      await advanceTo(moveOn);
      await moved.handle.signal(qualificationFactsChanged, {
        organisationId: 'B',
        facts: {
          periods: [
            { organisationId: 'A', from: t, to: addDays(moveOn, -1) },
            { organisationId: 'B', from: moveOn, to: null },
          ],
          trainings: [],
        },
      });
      await trained.handle.signal(qualificationFactsChanged, {
        organisationId: 'A',
        facts: {
          periods: [{ organisationId: 'A', from: t, to: null }],
          trainings: [{ kind: 'initial', completedOn: moveOn, hours: 40 }],
        },
      });
      await waitFor(moved.state, (s) => s.organisationId === 'B', 'the move');
      expect((await moved.state()).deadline).toEqual({ kind: 'initial', dueBy: due });
      await waitFor(trained.state, (s) => s.deadline?.kind === 'refresher', 'the training');

      await advanceTo(addDays(due, -90));
      await waitFor(
        async () => remindersOf(moved.specialistId),
        (r) => r.length === 1,
        'the reminder after the move',
      );
      expect(remindersOf(moved.specialistId)[0]).toMatchObject({
        organisationId: 'B',
        kind: 'initial',
        dueBy: due,
      });
      expect(remindersOf(trained.specialistId)).toEqual([]);
      expect((await trained.state()).status).toBe('compliant');

      // Leaving ends the obligation: recorded the day after the last day employed, the run ends with no notices.
      const lastDay = addDays(await today(), -1);
      await trained.handle.signal(qualificationFactsChanged, {
        organisationId: 'A',
        facts: {
          periods: [{ organisationId: 'A', from: t, to: lastDay }],
          trainings: [{ kind: 'initial', completedOn: moveOn, hours: 40 }],
        },
      });
      expect(await trained.handle.result()).toMatchObject({ ended: true, status: 'inactive' });
      expect(remindersOf(trained.specialistId)).toEqual([]);
      await moved.handle.terminate('test done');
      await recordHistory(env.client, moved.handle.workflowId, 'moved-then-reminded');
      await recordHistory(env.client, trained.handle.workflowId, 'trained-then-left');
    },
    TIMEOUT,
  );

  it(
    'catches up after a late start: only the latest missed reminder, or straight to the overdue alert',
    async () => {
      const t = await today();
      // Due in 40 days: the 90-day reminder is missed, the 30-day one still ahead.
      const lateFrom = addDays(addMonthsClamped(addDays(t, 41), -12), 0);
      const late = await start([{ organisationId: 'A', from: lateFrom, to: null }]);
      // Due yesterday: straight to the overdue alert, no reminders.
      const overdueFrom = addMonthsClamped(addDays(t, -1), -12);
      const over = await start([{ organisationId: 'A', from: addDays(overdueFrom, 1), to: null }]);
      await waitFor(
        async () => remindersOf(late.specialistId),
        (r) => r.length === 1,
        'the caught-up reminder',
      );
      expect(remindersOf(late.specialistId)[0]).toMatchObject({ daysBefore: 90 });
      await waitFor(
        async () => overdueOf(over.specialistId),
        (r) => r.length === 1,
        'the overdue alert',
      );
      expect(remindersOf(over.specialistId)).toEqual([]);
      const s = await late.state();
      expect(s.notified?.reminded).toEqual([90]);
      await late.handle.terminate('test done');
      await over.handle.terminate('test done');
      await recordHistory(env.client, over.handle.workflowId, 'started-overdue');
    },
    TIMEOUT,
  );

  it(
    'uses the rules carried in its input and ends at once for a person who has left',
    async () => {
      const t = await today();
      const rules = [{ ...QUALIFICATION_RULES[0]!, initialWithinMonths: 6 }];
      const six = await start([{ organisationId: 'A', from: t, to: null }], [], { rules });
      const s: QualificationState = await waitFor(six.state, () => true, 'state');
      expect(s.deadline).toEqual({ kind: 'initial', dueBy: addDays(addMonthsClamped(t, 6), -1) });
      await six.handle.terminate('test done');

      const left = await start([{ organisationId: 'A', from: addYearsClamped(t, -3), to: addDays(t, -1) }]);
      expect(await left.handle.result()).toMatchObject({ ended: true, status: 'inactive' });
      expect(remindersOf(left.specialistId)).toEqual([]);
      expect(overdueOf(left.specialistId)).toEqual([]);
      await recordHistory(env.client, left.handle.workflowId, 'left-before-start');
    },
    TIMEOUT,
  );
});
