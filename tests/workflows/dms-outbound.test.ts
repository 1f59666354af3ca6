/**
 * outboundDocument and dmsIntake on the time-skipping server with scripted activities: the retry timing of an
 * outbound delivery through a DMS outage, the admin alert after 24 h of failures (and delivery going on after it),
 * a rejected delivery, and an intake whose DMS confirmation is retried.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DmsActivities, IntakeFiling } from '../../activities/dms.js';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';
import { outboundDocument } from '../../workflows/outbound-document.js';
import { dmsIntake, intakeTaskCompleted } from '../../workflows/dms-intake.js';
import { textOf } from '../../activities/workflow-texts.js';
import type { TextRef } from '../../domain/text-ref.js';

const TASK_QUEUE = 'dms-test';
const TIMEOUT = 180_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('workflows/index.ts');
}, TIMEOUT);

type Fakes = Partial<Record<keyof DmsActivities, (...args: never[]) => Promise<unknown>>>;

/** Runs `body` with a worker; afterwards records the history of `record.workflowId` (when recording). */
async function withWorker<T>(
  activities: Fakes,
  body: (env: TestWorkflowEnvironment) => Promise<T>,
  record?: { workflowId: string; scenario: string },
): Promise<T> {
  const env = await createTimeSkippingEnv();
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: bundle,
      activities,
    });
    const result = await worker.runUntil(body(env));
    if (record) await recordHistory(env.client, record.workflowId, record.scenario);
    return result;
  } finally {
    await env.teardown();
  }
}

/** A DMS that is down for `outageMs` of (skipped) time, registering once afterwards. */
function scriptedDms(outageMs: number, rejected = false) {
  const attempts: number[] = [];
  const registrations = new Set<string>();
  const alerts: string[] = [];
  const fakes: Fakes = {
    async deliverDocumentToDms(outboundId: string) {
      const scheduled = Context.current().info.currentAttemptScheduledTimestampMs;
      attempts.push(scheduled);
      if (rejected) throw ApplicationFailure.nonRetryable('DMS rejected the request: 400', 'DmsRejected');
      if (scheduled - (attempts[0] ?? scheduled) < outageMs)
        throw ApplicationFailure.retryable('DMS answered 503', 'DmsUnavailable');
      registrations.add(outboundId); // idempotency key: the same key registers once
      return { registrationNumber: 'SD/2026/2-1/1001' };
    },
    async raiseDmsOutboundAlert(input: { outboundId: string }) {
      alerts.push(input.outboundId);
      return { taskId: 'alert-task' };
    },
  };
  return { fakes, attempts, registrations, alerts };
}

describe('outboundDocument', () => {
  it(
    'retries with exponential backoff through a 10-minute outage, then registers once without an alert',
    async () => {
      const dms = scriptedDms(10 * 60_000);
      const result = await withWorker(
        dms.fakes,
        (env) =>
          env.client.workflow.execute(outboundDocument, {
            taskQueue: TASK_QUEUE,
            workflowId: 'dms-outbound-short',
            args: [{ outboundId: 'out-1', alertAfter: '24 hours' }],
          }),
        { workflowId: 'dms-outbound-short', scenario: 'outage-then-registered' },
      );
      expect(result).toEqual({
        outboundId: 'out-1',
        registrationNumber: 'SD/2026/2-1/1001',
        alerted: false,
        rejected: false,
      });
      expect(dms.alerts).toEqual([]);
      expect([...dms.registrations]).toEqual(['out-1']);
      const gaps = dms.attempts.slice(1).map((t, i) => Math.round((t - (dms.attempts[i] ?? t)) / 1000));
      // The retry policy's backoff: 30 s, 60 s, 120 s, 240 s (an attempt's scheduled time is when the previous
      // one failed, so the first retry reports the first attempt's time).
      expect(gaps.slice(1, 5)).toEqual([30, 60, 120, 240]);
    },
    TIMEOUT,
  );

  it(
    'alerts the administrators once after 24 hours of failures and keeps delivering until the DMS is back',
    async () => {
      const dms = scriptedDms(30 * 3600_000);
      const result = await withWorker(
        dms.fakes,
        (env) =>
          env.client.workflow.execute(outboundDocument, {
            taskQueue: TASK_QUEUE,
            workflowId: 'dms-outbound-long',
            args: [{ outboundId: 'out-2', alertAfter: '24 hours' }],
          }),
        { workflowId: 'dms-outbound-long', scenario: 'alerted-after-24-hours-then-registered' },
      );
      expect(result.alerted).toBe(true);
      expect(result.registrationNumber).toBe('SD/2026/2-1/1001');
      expect(dms.alerts).toEqual(['out-2']);
      expect([...dms.registrations]).toEqual(['out-2']);
      const span = (dms.attempts.at(-1) ?? 0) - (dms.attempts[0] ?? 0);
      expect(span).toBeGreaterThanOrEqual(30 * 3600_000);
      // The maximum interval caps the backoff at 30 minutes.
      const gaps = dms.attempts.slice(1).map((t, i) => t - (dms.attempts[i] ?? t));
      expect(Math.max(...gaps)).toBeLessThanOrEqual(31 * 60_000);
    },
    TIMEOUT,
  );

  it(
    'does not retry a rejected document: alerts at once',
    async () => {
      const dms = scriptedDms(0, true);
      const result = await withWorker(
        dms.fakes,
        (env) =>
          env.client.workflow.execute(outboundDocument, {
            taskQueue: TASK_QUEUE,
            workflowId: 'dms-outbound-rejected',
            args: [{ outboundId: 'out-3' }],
          }),
        { workflowId: 'dms-outbound-rejected', scenario: 'rejected-alerted-at-once' },
      );
      expect(result).toMatchObject({ alerted: true, rejected: true, registrationNumber: null });
      expect(dms.attempts).toHaveLength(1);
      expect(dms.alerts).toEqual(['out-3']);
    },
    TIMEOUT,
  );
});

describe('dmsIntake', () => {
  it(
    'files, creates the task, and retries the DMS confirmation until the DMS answers',
    async () => {
      const calls: string[] = [];
      let confirmations = 0;
      const filing: IntakeFiling = {
        intakeId: 'intake-1',
        outcome: 'filed',
        caseId: 'case-1',
        caseNumber: '0001000-2026-000001',
        documentIds: ['doc-1'],
        classification: 'means-test',
        serviceType: null,
      };
      const fakes: Fakes = {
        async fileDmsIntake() {
          calls.push('file');
          return filing;
        },
        async createDmsIntakeTask() {
          calls.push('task');
          return { taskId: 'task-1' };
        },
        async confirmDmsRegistration(input: { message?: string; messageText?: TextRef }) {
          // rendered as the activity renders it (the workflow asks for the note by key)
          calls.push(`confirm:${textOf(input.message, input.messageText)}`);
          confirmations++;
          if (confirmations < 3) throw ApplicationFailure.retryable('DMS answered 503', 'DmsUnavailable');
        },
      };
      const result = await withWorker(
        fakes,
        (env) =>
          env.client.workflow.execute(dmsIntake, {
            taskQueue: TASK_QUEUE,
            workflowId: 'dms-intake-namejs-1',
            args: [{ intakeId: 'intake-1', system: 'namejs', municipalityCode: '0001000' }],
          }),
        { workflowId: 'dms-intake-namejs-1', scenario: 'filed-confirmation-retried' },
      );
      expect(result).toMatchObject({ outcome: 'filed', taskId: 'task-1', confirmed: true, caseId: 'case-1' });
      expect(calls.slice(0, 2)).toEqual(['file', 'task']);
      expect(confirmations).toBe(3);
      expect(calls[2]).toBe('confirm:Reģistrēts DigiSoc lietā 0001000-2026-000001');
    },
    TIMEOUT,
  );
  it(
    'waits on the triage task and files the documents once the worker has completed it',
    async () => {
      let filings = 0;
      const triage: IntakeFiling = {
        intakeId: 'intake-2',
        outcome: 'triage',
        caseId: null,
        caseNumber: null,
        documentIds: [],
        classification: 'means-test',
        serviceType: null,
      };
      const fakes: Fakes = {
        async fileDmsIntake() {
          filings++;
          return filings === 1
            ? triage
            : {
                ...triage,
                outcome: 'filed',
                caseId: 'case-2',
                caseNumber: '0026000-2026-000009',
                documentIds: ['d'],
              };
        },
        async createDmsIntakeTask() {
          return { taskId: 'triage-task' };
        },
        async confirmDmsRegistration() {},
      };
      const result = await withWorker(
        fakes,
        async (env) => {
          const handle = await env.client.workflow.start(dmsIntake, {
            taskQueue: TASK_QUEUE,
            workflowId: 'dms-intake-lietvaris-2',
            args: [{ intakeId: 'intake-2', system: 'lietvaris', municipalityCode: '0026000' }],
          });
          // Days pass (time skips) before the worker completes the triage task.
          await env.sleep('3 days');
          await handle.signal(intakeTaskCompleted, {
            taskId: 'triage-task',
            outcome: 'Lieta atvērta',
            completedBy: 'soc.cesis',
            completedAt: new Date().toISOString(),
          });
          return handle.result();
        },
        { workflowId: 'dms-intake-lietvaris-2', scenario: 'triage-task-then-filed' },
      );
      expect(result).toMatchObject({ outcome: 'filed-after-triage', caseId: 'case-2', documentIds: ['d'] });
      expect(filings).toBe(2);
    },
    TIMEOUT,
  );
});
