/**
 * placementReview on the time-skipping server with the real alert and placement activities against a SQLite test
 * database (a recording mailer instead of SMTP): reports across the 3rd birthday, a missed report producing
 * due-soon, overdue and escalation alerts exactly once each across a worker restart, and the end of a placement.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';
import { createOrm, migrateUp, type Orm } from '../../infra/db/orm.js';
import { Alert, Placement } from '../../infra/db/entities/index.js';
import { createAlertActivities } from '../../activities/alerts.js';
import { createPlacementActivities, type PlacementAlertInput } from '../../activities/placements.js';
import type { MailMessage, Mailer } from '../../services/mail.js';
import {
  addDays,
  addMonthsClamped,
  addYearsClamped,
  calendarDateInZone,
  isBefore,
  nthBirthday,
  parseIsoDate,
  type IsoDate,
} from '../../domain/calendar.js';
import {
  placementEnded,
  placementReportReceived,
  placementReviewState,
  placementReviewWorkflowId,
  type PlacementReviewState,
} from '../../workflows/placement-review/contract.js';
import { placementReview } from '../../workflows/placement-review/workflow.js';
import { newId } from '../../infra/ids.js';

const TASK_QUEUE = 'placement-review-test';
const TIMEOUT = 240_000;
let bundle: WorkflowBundleWithSourceMap;
let env: TestWorkflowEnvironment;
let orm: Orm;
let dir: string;
const mails: MailMessage[] = [];
const raiseCalls: PlacementAlertInput[] = [];
/** Due dates the reviews resolved their alert settings for (resolveDeadlineAlertSettings). */
const settingsCalls: IsoDate[] = [];

beforeAll(async () => {
  bundle = await bundleTestWorkflows('workflows/placement-review/workflow.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'placement-review-'));
  orm = await createOrm({ kind: 'sqlite', sqlitePath: path.join(dir, 'db.sqlite') });
  await migrateUp(orm);
  env = await createTimeSkippingEnv();
}, TIMEOUT);

afterAll(async () => {
  await env?.teardown();
  await orm?.close(true);
  fs.rmSync(dir, { recursive: true, force: true });
});

const recordingMailer: Mailer = {
  async send(m) {
    mails.push(m);
  },
  close() {},
};

function activities() {
  const alerts = createAlertActivities({ orm, mailer: recordingMailer });
  const placements = createPlacementActivities({ orm });
  return {
    ...alerts,
    async raisePlacementAlert(input: PlacementAlertInput) {
      raiseCalls.push(input);
      return placements.raisePlacementAlert(input);
    },
    async resolveDeadlineAlertSettings(input: { dueDate: IsoDate }) {
      settingsCalls.push(input.dueDate);
      return placements.resolveDeadlineAlertSettings(input);
    },
  };
}

function newWorker(): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: bundle,
    activities: activities(),
    // No sticky queue: a stopped worker's sticky queue would hold the next workflow task, and the time-skipping
    // server does not skip while a task is outstanding. Every task is a full replay, as after a real restart.
    maxCachedWorkflows: 0,
  });
}

/** Runs a worker while `body` runs, then shuts it down. */
async function withWorker<T>(body: () => Promise<T>): Promise<T> {
  const worker = await newWorker();
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

async function insertPlacement(birth: IsoDate, start: IsoDate): Promise<string> {
  const id = newId();
  const em = orm.em.fork();
  em.create(Placement, {
    id,
    childPersonId: newId(),
    childBirthDate: birth,
    institutionCode: 'BSAC-01',
    institutionName: 'Bērnu sociālās aprūpes centrs "Tests"',
    orphanCourtAtvk: '0006000',
    caseMunicipalityCode: null,
    caseId: null,
    startDate: start,
    status: 'active',
    lastReportDate: null,
    nextReportDue: addMonthsClamped(start, 3),
    endDate: null,
    endReason: null,
    source: 'manual',
    npaisDecisionId: null,
    npaisDecisionDate: null,
    workflowId: placementReviewWorkflowId(id),
    createdAt: new Date(),
    createdBy: 'test',
  });
  await em.flush();
  return id;
}

const alertsOf = (placementId: string) =>
  orm.em.fork().find(Alert, { subjectId: placementId }, { orderBy: { createdAt: 'asc' } });

async function state(placementId: string): Promise<PlacementReviewState> {
  return env.client.workflow.getHandle(placementReviewWorkflowId(placementId)).query(placementReviewState);
}

describe('placementReview', () => {
  it(
    'runs two years across the 3rd birthday: 3-month deadlines before it, 6-month after, reports reset them',
    async () => {
      const start = await today();
      // Turns 3 about 13 months after the placement starts.
      const birth = addDays(addYearsClamped(start, -2), 40);
      const thirdBirthday = nthBirthday(birth, 3);
      const id = await insertPlacement(birth, start);
      const handle = await env.client.workflow.start(placementReview, {
        taskQueue: TASK_QUEUE,
        workflowId: placementReviewWorkflowId(id),
        args: [{ placementId: id, childBirthDate: birth, startDate: start }],
      });
      const dues: { report: IsoDate; due: IsoDate }[] = [];
      const resolvedBefore = settingsCalls.length;
      let firstDue = '';
      await withWorker(async () => {
        let due = (
          await waitFor(
            () => state(id),
            () => true,
            'state',
          )
        ).nextReportDue;
        expect(due).toBe(addMonthsClamped(start, 3));
        firstDue = due;
        const end = addYearsClamped(start, 2);
        while (isBefore(addDays(due, -20), end)) {
          // The institution reports 20 days early: before the due-soon alert.
          const reportDate = addDays(due, -20);
          await advanceTo(reportDate);
          await handle.signal(placementReportReceived, { reportDate });
          const s = await waitFor(
            () => state(id),
            (v) => v.lastReportDate === reportDate,
            'report',
          );
          const expected = isBefore(addMonthsClamped(reportDate, 3), thirdBirthday)
            ? addMonthsClamped(reportDate, 3)
            : addMonthsClamped(reportDate, 6);
          expect(s.nextReportDue).toBe(expected);
          expect(s.status).toBe('active');
          dues.push({ report: reportDate, due: s.nextReportDue });
          due = s.nextReportDue;
        }
        await handle.signal(placementEnded, { endDate: await today(), reason: 'Bērns atgriezies ģimenē' });
        const result = await env.client.workflow.getHandle(handle.workflowId).result();
        expect(result.status).toBe('ended');
      });
      const months = dues.map((d) => {
        const a = parseIsoDate(d.report);
        const b = parseIsoDate(d.due);
        return (b.year - a.year) * 12 + (b.month - a.month);
      });
      expect(months).toContain(3);
      expect(months).toContain(6);
      // 3-month intervals only before the birthday, 6-month ones from it; never back to 3.
      expect(months.join(',')).toMatch(/^(3,)*3,(6,?)+$/);
      expect(await alertsOf(id)).toHaveLength(0);
      // The alert settings were resolved once per due date (activity, patch placement-pinned-alert-settings).
      expect(settingsCalls.slice(resolvedBefore)).toEqual([firstDue, ...dues.map((d) => d.due)]);
      await recordHistory(env.client, handle.workflowId, 'reports-until-ended');
    },
    TIMEOUT,
  );

  it(
    'continues as new after N reports, keeping the deadline state',
    async () => {
      const start = await today();
      const birth = addYearsClamped(start, -1);
      const id = await insertPlacement(birth, start);
      const workflowId = placementReviewWorkflowId(id);
      const handle = await env.client.workflow.start(placementReview, {
        taskQueue: TASK_QUEUE,
        workflowId,
        args: [{ placementId: id, childBirthDate: birth, startDate: start, continueAsNewAfter: 2 }],
      });
      await withWorker(async () => {
        await handle.signal(placementReportReceived, { reportDate: start });
        await handle.signal(placementReportReceived, { reportDate: start });
        const described = await waitFor(
          () => env.client.workflow.getHandle(workflowId).describe(),
          (d) => d.runId !== handle.firstExecutionRunId,
          'continue-as-new',
        );
        expect(described.status.name).toBe('RUNNING');
        const s = await state(id);
        expect(s.lastReportDate).toBe(start);
        expect(s.nextReportDue).toBe(addMonthsClamped(start, 3));
        await env.client.workflow
          .getHandle(workflowId)
          .signal(placementEnded, { endDate: start, reason: 'Beigas' });
        expect((await env.client.workflow.getHandle(workflowId).result()).status).toBe('ended');
      });
      await recordHistory(env.client, workflowId, 'continued-as-new');
    },
    TIMEOUT,
  );

  it(
    'a missed report raises due-soon, overdue and escalation exactly once each, across a worker restart',
    async () => {
      const start = await today();
      const birth = addYearsClamped(start, -1);
      const id = await insertPlacement(birth, start);
      const due = addMonthsClamped(start, 3);
      const workflowId = placementReviewWorkflowId(id);
      await env.client.workflow.start(placementReview, {
        taskQueue: TASK_QUEUE,
        workflowId,
        args: [{ placementId: id, childBirthDate: birth, startDate: start }],
      });
      const mailsBefore = mails.length;

      // First worker: up to the due-soon alert.
      await withWorker(async () => {
        await advanceTo(addDays(due, -15));
        expect(await alertsOf(id)).toHaveLength(0);
        await advanceTo(addDays(due, -14));
        await waitFor(
          () => alertsOf(id),
          (a) => a.length === 1 && a[0]?.mailedAt != null,
          'due-soon alert',
        );
        const s = await state(id);
        expect(s.status).toBe('due-soon');
      });

      // Worker restarted: a new worker replays the history and carries on without repeating the due-soon alert.
      await withWorker(async () => {
        await advanceTo(due);
        await waitFor(
          () => alertsOf(id),
          (a) => a.length === 2 && a[1]?.mailedAt != null,
          'overdue alert',
        );
        await advanceTo(addDays(due, 29));
        expect(await alertsOf(id)).toHaveLength(2);
        await advanceTo(addDays(due, 30));
        await waitFor(
          () => alertsOf(id),
          (a) => a.length === 3 && a[2]?.mailedAt != null,
          'escalation',
        );
        expect((await state(id)).status).toBe('overdue');
        await advanceTo(addDays(due, 40));
        await env.client.workflow
          .getHandle(workflowId)
          .signal(placementEnded, { endDate: await today(), reason: 'Adopcija' });
        const result = await env.client.workflow.getHandle(workflowId).result();
        expect(result.status).toBe('ended');
        expect(result.endDate).toBe(addDays(due, 40));
      });

      const alerts = await alertsOf(id);
      expect(alerts.map((a) => [a.kind, a.escalationNo, a.dueDate])).toEqual([
        ['due-soon', 0, due],
        ['overdue', 0, due],
        ['escalation', 1, due],
      ]);
      expect(alerts.map((a) => a.idempotencyKey)).toEqual([
        `placement:${id}:${due}:due-soon:0`,
        `placement:${id}:${due}:overdue:0`,
        `placement:${id}:${due}:escalation:1`,
      ]);
      expect(alerts[0]?.audience).toEqual(['supervisor']);
      expect(alerts[1]?.audience).toEqual(['supervisor', 'orphan-court', 'bac']);
      // One activity call and one e-mail per alert.
      const calls = raiseCalls.filter((c) => c.placementId === id).map((c) => `${c.kind}:${c.escalationNo}`);
      expect(calls).toEqual(['due-soon:0', 'overdue:0', 'escalation:1']);
      const sent = mails.slice(mailsBefore).filter((m) => alerts.some((a) => m.subject.includes(a.id)));
      expect(sent).toHaveLength(3);
      expect(sent[1]?.to).toEqual([
        'socialais-dienests-0006000@digisoc.local',
        'baritiesa-0006000@digisoc.local',
        'uzraudziba@bac.digisoc.local',
      ]);

      // After the end nothing more is raised.
      await advanceTo(addDays(due, 120));
      expect(await alertsOf(id)).toHaveLength(3);
      await recordHistory(env.client, workflowId, 'overdue-escalated-then-ended');
    },
    TIMEOUT,
  );

  it(
    'a report after the due date resets the deadline; the new deadline alerts under new keys',
    async () => {
      const start = await today();
      const birth = addYearsClamped(start, -1);
      const id = await insertPlacement(birth, start);
      const due = addMonthsClamped(start, 3);
      const workflowId = placementReviewWorkflowId(id);
      const handle = await env.client.workflow.start(placementReview, {
        taskQueue: TASK_QUEUE,
        workflowId,
        args: [{ placementId: id, childBirthDate: birth, startDate: start }],
      });
      await withWorker(async () => {
        await advanceTo(addDays(due, 3));
        await waitFor(
          () => alertsOf(id),
          (a) => a.length === 2,
          'due-soon and overdue',
        );
        const reportDate = addDays(due, 3);
        await handle.signal(placementReportReceived, { reportDate });
        const s = await waitFor(
          () => state(id),
          (v) => v.lastReportDate === reportDate,
          'report',
        );
        expect(s.nextReportDue).toBe(addMonthsClamped(reportDate, 3));
        expect(s.status).toBe('active');
        await advanceTo(addDays(s.nextReportDue, -14));
        await waitFor(
          () => alertsOf(id),
          (a) => a.length === 3,
          'due-soon of the new deadline',
        );
        const alerts = await alertsOf(id);
        expect(alerts[2]?.kind).toBe('due-soon');
        expect(alerts[2]?.dueDate).toBe(s.nextReportDue);
        await handle.signal(placementEnded, { endDate: await today(), reason: 'Beigas' });
        await handle.result();
      });
      await recordHistory(env.client, workflowId, 'late-report-resets-deadline');
    },
    TIMEOUT,
  );
});
