/**
 * The harness of the meansTestCycle workflow tests: the time-skipping server, the real registry activities against
 * the real simulator (zero latency, in-memory ports) and the real bank callback route; the means-test and alert
 * activities are in-memory fakes that record what the workflow asked for.
 */
import { expect } from '@jest/globals';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { Hono } from 'hono';
import { createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { startRegistrySimulator, type RunningSimulator } from '../../simulators/registry/start.js';
import { createRegistryActivities } from '../../activities/registries/activities.js';
import { createBankCallbackRouter, sharedSecretVerifier } from '../../api/routes/bank-callbacks.js';
import { bankStatementReceived } from '../../workflows/registry-check/contract.js';
import {
  decideMeansTest,
  meansTestCycleState,
  type MeansTestCycleInput,
  type MeansTestCycleView,
} from '../../workflows/means-test/contract.js';
import { meansTestCycle } from '../../workflows/means-test/workflow.js';
import type { MeansTestActivities, CycleStateInput } from '../../activities/means-test.js';
import type { AlertActivities } from '../../activities/alerts.js';
import { calendarDateInZone, isoMonthOf, isoMonthRange } from '../../domain/calendar.js';
import {
  MEANS_TEST_RULE_TABLES,
  meansTestRuleSetOn,
  type MeansTestRuleTables,
} from '../../domain/means-test/rule-set.js';
import { createInMemoryPorts } from '../unit/registries/support/in-memory-ports.js';
import { serveApp, type TestServer } from '../unit/registries/support/http.js';

export const TASK_QUEUE = 'means-test-cycle-test';

export interface Recorded {
  states: CycleStateInput[];
  declarations: { evaluationNo: number; banksNotAnswered: string[] }[];
  decisions: { evaluationNo: number; decision: string }[];
  reminders: { evaluationNo: number; validTo: string }[];
  closedTasks: { evaluationNo: number; reason: string }[];
  alerts: { kind: string; dueDate: string }[];
  /** The dates the cycle asked the rule set for (resolveMeansTestRules). */
  rulesResolved: string[];
}

export interface Harness {
  env: TestWorkflowEnvironment;
  sim: RunningSimulator;
  api: TestServer;
  rec: Recorded;
}

function fakeActivities(rec: Recorded, tables: MeansTestRuleTables): MeansTestActivities & AlertActivities {
  return {
    async loadMunicipalitySettings() {
      return { settings: [] };
    },
    async resolveMeansTestRules(input) {
      rec.rulesResolved.push(input.date);
      return meansTestRuleSetOn(input.date, tables);
    },
    async recordMeansTestState(input) {
      rec.states.push(input);
    },
    async storeMeansDeclaration(input) {
      rec.declarations.push({
        evaluationNo: input.evaluationNo,
        banksNotAnswered: input.declaration.banksNotAnswered,
      });
      return { documentId: `declaration-${input.evaluationNo}` };
    },
    async issueMeansTestDecision(input) {
      rec.decisions.push({ evaluationNo: input.evaluationNo, decision: input.decision.decision });
      const r = input.result;
      const entitlements =
        input.decision.decision === 'approve' && r.status === 'needy' && r.validFrom && r.validTo
          ? isoMonthRange(isoMonthOf(r.validFrom), isoMonthOf(r.validTo)).map((month) => ({
              month,
              amountEur: r.gmiBenefitEur,
            }))
          : [];
      return { documentId: `decision-${input.evaluationNo}`, entitlements };
    },
    async remindMeansTestExpiry(input) {
      rec.reminders.push({ evaluationNo: input.evaluationNo, validTo: input.validTo });
      return { taskId: `task-${input.evaluationNo}`, letterDocumentId: `reminder-${input.evaluationNo}` };
    },
    async closeMeansTestExpiryTask(input) {
      rec.closedTasks.push({ evaluationNo: input.evaluationNo, reason: input.reason });
      return { closed: true };
    },
    async raiseDeadlineAlert(input) {
      rec.alerts.push({ kind: input.kind, dueDate: input.dueDate });
      return { alertId: `alert-${rec.alerts.length}`, created: true };
    },
    async sendAlertMail() {
      return 'sent' as const;
    },
  };
}

/**
 * A time-skipping server, the registry simulator, the bank callback route and a worker running `bundle`; the rule
 * tables are what the rule-set activity resolves from (the real ones unless a test gives its own).
 */
export async function withHarness(
  bundle: WorkflowBundleWithSourceMap,
  body: (h: Harness) => Promise<void>,
  tables: MeansTestRuleTables = MEANS_TEST_RULE_TABLES,
): Promise<void> {
  const env = await createTimeSkippingEnv();
  const sim = await startRegistrySimulator({
    latency: { minMs: 0, maxMs: 0 },
    bankDelayMs: { HABALV22: 0, UNLALV2X: 0, RIKOLV2X: 0 },
  });
  const app = new Hono();
  app.route(
    '/api/v1/integrations',
    createBankCallbackRouter({
      verifySecret: sharedSecretVerifier('demo-bank-callback-secret'),
      signalBankStatement: (workflowId, payload) =>
        env.client.workflow.getHandle(workflowId).signal(bankStatementReceived, payload),
    }),
  );
  const api = await serveApp(app);
  const rec: Recorded = {
    states: [],
    declarations: [],
    decisions: [],
    reminders: [],
    closedTasks: [],
    alerts: [],
    rulesResolved: [],
  };
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: bundle,
      activities: {
        ...createRegistryActivities(createInMemoryPorts(), {
          baseUrl: sim.url,
          callbackUrl: `${api.url}/api/v1/integrations`,
          timeoutMs: 2_000,
        }),
        ...fakeActivities(rec, tables),
      },
    });
    await worker.runUntil(body({ env, sim, api, rec }));
  } finally {
    await sim.close();
    await api.close();
    await env.teardown();
  }
}

export type Handle = WorkflowHandleWithFirstExecutionRunId<typeof meansTestCycle>;

/** Patch ids of the `patched()` markers in a history. */
export function patchMarkers(history: Awaited<ReturnType<Handle['fetchHistory']>>): unknown[] {
  return (history.events ?? [])
    .map((e) => e.markerRecordedEventAttributes)
    .filter((m) => m?.markerName === 'core_patch')
    .map((m) => {
      const data = m?.details?.['patch-data']?.payloads?.[0]?.data;
      return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { id?: unknown }).id : null;
    });
}

export async function start(
  h: Harness,
  id: string,
  extra: Partial<MeansTestCycleInput> = {},
): Promise<Handle> {
  const today = calendarDateInZone(new Date(Date.now()));
  return h.env.client.workflow.start(meansTestCycle, {
    taskQueue: TASK_QUEUE,
    workflowId: id,
    args: [
      {
        cycleId: id,
        caseId: 'case-kalnini',
        applicantPersonId: 'h3-kalnina-olga',
        municipalityCode: '0001000',
        applicationDate: today,
        requestedBy: 'soc.riga',
        // as the service starts a cycle: with the rules in force on the application date
        rules: meansTestRuleSetOn(today),
        ...extra,
      },
    ],
  });
}

/** Polls the state query (time does not skip meanwhile) until the predicate holds. */
export async function waitFor(
  handle: Handle,
  predicate: (v: MeansTestCycleView) => boolean,
): Promise<MeansTestCycleView> {
  const deadline = Date.now() + 60_000;
  let last: MeansTestCycleView | undefined;
  while (Date.now() < deadline) {
    try {
      last = await handle.query(meansTestCycleState);
      if (predicate(last)) return last;
    } catch {
      // the first workflow task may not have run yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`state never matched: ${last?.state} (evaluation ${last?.current.evaluationNo})`);
}
export const inState =
  (state: string, evaluationNo = 1) =>
  (v: MeansTestCycleView) =>
    v.state === state && v.current.evaluationNo === evaluationNo;

export async function approve(handle: Handle, evaluationNo: number): Promise<MeansTestCycleView> {
  const drafted = await waitFor(handle, inState('awaiting-decision', evaluationNo));
  expect(drafted.current.result?.status).not.toBe('not-eligible');
  await handle.executeUpdate(decideMeansTest, { args: [{ decision: 'approve', by: 'soc.riga' }] });
  return waitFor(handle, inState('active', evaluationNo));
}
