/**
 * complaintDeadline on the time-skipping server, with recording activity doubles (the activities' own effects are
 * tested with them): the official's reminder 5 working days and the supervisor's alert 2 working days before the due
 * date, an answer in time, a late answer after the overdue mark, and an extension that re-arms the reminders for the
 * new due date and tells the citizen.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';
import { addDays, calendarDateInZone, parseIsoDate, type IsoDate } from '../../domain/calendar.js';
import {
  complaintDeadlineSettingsOn,
  complaintDueDate,
  deadlineSchedule,
  latestExtendedDueDate,
} from '../../domain/complaints/deadline.js';
import {
  COMPLAINT_DEADLINE_WORKFLOW,
  complaintAnswered,
  complaintDeadlineState,
  complaintDeadlineWorkflowId,
  complaintExtended,
  type ComplaintDeadlineActivities,
  type ComplaintDeadlineInput,
  type ComplaintDeadlineState,
} from '../../workflows/complaint-deadline/contract.js';

const TASK_QUEUE = 'complaint-deadline-test';
const TIMEOUT = 240_000;
let bundle: WorkflowBundleWithSourceMap;
let env: TestWorkflowEnvironment;
/** Every activity call: [activity, complaintId, argument]. */
const calls: [string, string, unknown][] = [];

const doubles: ComplaintDeadlineActivities = {
  async remindComplaintOfficial(i) {
    calls.push(['remind', i.complaintId, i.dueOn]);
  },
  async alertComplaintSupervisor(i) {
    calls.push(['alert', i.complaintId, i.dueOn]);
  },
  async markComplaintOverdue(i) {
    calls.push(['overdue', i.complaintId, i.dueOn]);
  },
  async sendComplaintExtensionNotice(i) {
    calls.push(['extension-notice', i.complaintId, i.dueOn]);
  },
  async sendComplaintAnswer(i) {
    calls.push(['answer', i.complaintId, i.late]);
  },
};

beforeAll(async () => {
  bundle = await bundleTestWorkflows('workflows/complaint-deadline/workflow.ts');
  env = await createTimeSkippingEnv();
}, TIMEOUT);

afterAll(async () => {
  await env?.teardown();
});

async function withWorker<T>(body: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: bundle,
    activities: doubles,
    maxCachedWorkflows: 0,
  });
  return worker.runUntil(body());
}

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

const callsOf = (id: string) => calls.filter((c) => c[1] === id).map(([what, , arg]) => [what, arg]);

async function start(id: string) {
  const received = await today();
  const settings = complaintDeadlineSettingsOn(received);
  const schedule = deadlineSchedule(complaintDueDate(received, settings), settings);
  const input: ComplaintDeadlineInput = { complaintId: id, ...schedule };
  const handle = await env.client.workflow.start(COMPLAINT_DEADLINE_WORKFLOW, {
    taskQueue: TASK_QUEUE,
    workflowId: complaintDeadlineWorkflowId(id),
    args: [input],
  });
  return { handle, received, schedule, settings };
}

const state = (h: { query: (q: typeof complaintDeadlineState) => Promise<ComplaintDeadlineState> }) =>
  h.query(complaintDeadlineState);

describe('complaintDeadline', () => {
  it(
    'reminds the official, alerts the supervisor, and delivers an answer given in time',
    async () => {
      await withWorker(async () => {
        const { handle, schedule } = await start('in-time');
        await advanceTo(addDays(schedule.remindOn, -1));
        expect(callsOf('in-time')).toEqual([]);
        await advanceTo(schedule.remindOn);
        expect((await state(handle)).reminded).toBe(true);
        expect(callsOf('in-time')).toEqual([['remind', schedule.dueOn]]);
        await advanceTo(schedule.alertOn);
        expect((await state(handle)).supervisorAlerted).toBe(true);
        expect(callsOf('in-time')).toEqual([
          ['remind', schedule.dueOn],
          ['alert', schedule.dueOn],
        ]);
        await handle.signal(complaintAnswered, { answeredOn: schedule.dueOn });
        const result = await handle.result();
        expect(result).toMatchObject({ late: false, answerDelivered: true, overdue: false });
        expect(callsOf('in-time').at(-1)).toEqual(['answer', false]);
      });
      await recordHistory(env.client, complaintDeadlineWorkflowId('in-time'), 'answered-in-time');
    },
    TIMEOUT,
  );

  it(
    'marks the complaint overdue the day after the due date and delivers a late answer',
    async () => {
      await withWorker(async () => {
        const { handle, schedule } = await start('late');
        await advanceTo(addDays(schedule.dueOn, 1));
        expect((await state(handle)).overdue).toBe(true);
        expect(callsOf('late')).toEqual([
          ['remind', schedule.dueOn],
          ['alert', schedule.dueOn],
          ['overdue', schedule.dueOn],
        ]);
        await handle.signal(complaintAnswered, { answeredOn: addDays(schedule.dueOn, 1) });
        expect(await handle.result()).toMatchObject({ late: true, answerDelivered: true });
        expect(callsOf('late').at(-1)).toEqual(['answer', true]);
      });
      await recordHistory(env.client, complaintDeadlineWorkflowId('late'), 'answered-late');
    },
    TIMEOUT,
  );

  it(
    'an extension tells the citizen and moves the reminder and the alert to the new due date',
    async () => {
      await withWorker(async () => {
        const { handle, received, schedule, settings } = await start('extended');
        const newDue = latestExtendedDueDate(received, settings);
        const next = deadlineSchedule(newDue, settings);
        await handle.signal(complaintExtended, { ...next, reason: 'Gaidām VID atbildi.' });
        await advanceTo(addDays(schedule.dueOn, 1));
        // Nothing for the original due date: only the notice of the extension.
        expect(callsOf('extended')).toEqual([['extension-notice', newDue]]);
        expect((await state(handle)).schedule).toEqual(next);
        await advanceTo(next.alertOn);
        expect(callsOf('extended')).toEqual([
          ['extension-notice', newDue],
          ['remind', newDue],
          ['alert', newDue],
        ]);
        // A second extension is ignored (the service refuses it first).
        await handle.signal(complaintExtended, {
          ...deadlineSchedule(addDays(newDue, 1), settings),
          reason: 'x',
        });
        await handle.signal(complaintAnswered, { answeredOn: newDue });
        expect(await handle.result()).toMatchObject({ late: false, extended: true, schedule: next });
      });
      await recordHistory(env.client, complaintDeadlineWorkflowId('extended'), 'extended-then-answered');
    },
    TIMEOUT,
  );
});
