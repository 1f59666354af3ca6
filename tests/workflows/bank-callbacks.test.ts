/**
 * Promise: "bank callbacks are idempotent". registryCheck on the time-skipping server with the real activities, the
 * real simulator and the real callback route. The route's signal is held while the banks answer, so the test then
 * delivers the captured statements through the route itself: the same callback twice, out of order, and one after
 * the deadline. Each statement is stored once; a late one is refused (404) and stores nothing.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { Hono } from 'hono';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { startRegistrySimulator, type RunningSimulator } from '../../simulators/registry/start.js';
import { createRegistryActivities } from '../../activities/registries/activities.js';
import {
  BANK_CALLBACK_SECRET_HEADER,
  createBankCallbackRouter,
  sharedSecretVerifier,
} from '../../api/routes/bank-callbacks.js';
import type { BankStatementCallback } from '../../activities/registries/types.js';
import { registryCheck } from '../../workflows/registry-check/workflow.js';
import {
  bankStatementReceived,
  registryCheckStatus,
  type RegistryCheckInput,
  type RegistryCheckSummary,
} from '../../workflows/registry-check/contract.js';
import { createInMemoryPorts, type InMemoryPorts } from '../unit/registries/support/in-memory-ports.js';
import { serveApp, type TestServer } from '../unit/registries/support/http.js';

const TASK_QUEUE = 'bank-callbacks-test';
const TIMEOUT = 180_000;
const SECRET = 'demo-bank-callback-secret';
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('workflows/registry-check/workflow.ts');
}, TIMEOUT);

interface Harness {
  env: TestWorkflowEnvironment;
  sim: RunningSimulator;
  api: TestServer;
  ports: InMemoryPorts;
  /** Statements the banks sent while `hold` was on (the route answered 202 without signalling). */
  held: BankStatementCallback[];
  setHold(on: boolean): void;
}

async function withHarness(body: (h: Harness) => Promise<void>): Promise<void> {
  const env = await createTimeSkippingEnv();
  const sim = await startRegistrySimulator({
    latency: { minMs: 0, maxMs: 0 },
    bankDelayMs: { HABALV22: 0, UNLALV2X: 0, RIKOLV2X: 0 },
  });
  const held: BankStatementCallback[] = [];
  let hold = true;
  const app = new Hono();
  app.route(
    '/api/v1/integrations',
    createBankCallbackRouter({
      verifySecret: sharedSecretVerifier(SECRET),
      signalBankStatement: async (workflowId, payload) => {
        if (hold) held.push(payload);
        else await env.client.workflow.getHandle(workflowId).signal(bankStatementReceived, payload);
      },
    }),
  );
  const api = await serveApp(app);
  const ports = createInMemoryPorts();
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: bundle,
      activities: createRegistryActivities(ports, {
        baseUrl: sim.url,
        callbackUrl: `${api.url}/api/v1/integrations`,
        timeoutMs: 2_000,
      }),
    });
    await worker.runUntil(body({ env, sim, api, ports, held, setHold: (on) => (hold = on) }));
  } finally {
    await sim.close();
    await api.close();
    await env.teardown();
  }
}

const PENSIONERS = (bankDeadline?: string): RegistryCheckInput => ({
  caseId: 'case-ivanovi',
  subjects: [
    { personId: 'h2-ivanova-valentina', role: 'applicant' },
    { personId: 'h2-ivanovs-peteris', role: 'household-member' },
  ],
  purpose: 'Materiālās situācijas izvērtēšana',
  requestedBy: 'user-social-worker-1',
  ...(bankDeadline ? { bankDeadline } : {}),
});

/** Polls until the predicate holds (an observable event; time does not skip meanwhile). */
async function until<T>(read: () => Promise<T> | T, predicate: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (predicate(last)) return last;
    } catch {
      // the first workflow task may not have run yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${JSON.stringify(last)}`);
}

const status = (handle: WorkflowHandle<typeof registryCheck>) => () => handle.query(registryCheckStatus);
const received = (s: RegistryCheckSummary) => s.bankRequests.filter((r) => r.status === 'received').length;
const bankSnapshots = (h: Harness) => h.ports.snapshots.filter((s) => s.registry === 'banks').length;

async function deliver(h: Harness, statement: BankStatementCallback): Promise<number> {
  const res = await fetch(`${h.api.url}/api/v1/integrations/banks/${statement.bankCode}/callbacks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [BANK_CALLBACK_SECRET_HEADER]: SECRET },
    body: JSON.stringify(statement),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('bank callbacks are idempotent', () => {
  it(
    'the same callback twice and out of order: each statement stored once, the check completes once',
    () =>
      withHarness(async (h) => {
        const handle = await h.env.client.workflow.start(registryCheck, {
          taskQueue: TASK_QUEUE,
          workflowId: 'bank-callbacks-duplicate',
          args: [PENSIONERS()],
        });
        await until(
          () => h.held.length,
          (n) => n === 3,
        );
        const pending = await until(status(handle), (s) =>
          s.bankRequests.every((r) => r.status === 'pending'),
        );
        expect(pending.bankRequests).toHaveLength(3);
        expect(bankSnapshots(h)).toBe(0);
        h.setHold(false);
        // Out of order: the last bank's answer first, and twice.
        const [first, second, third] = h.held as [
          BankStatementCallback,
          BankStatementCallback,
          BankStatementCallback,
        ];
        expect(await deliver(h, third)).toBe(202);
        expect(await deliver(h, third)).toBe(202); // while the first is being stored
        await until(status(handle), (s) => received(s) === 1);
        expect(await deliver(h, third)).toBe(202); // after it was stored
        // Signals are handled in order: once the next statement is in, the duplicate has been handled too.
        expect(await deliver(h, second)).toBe(202);
        await until(status(handle), (s) => received(s) === 2);
        expect(bankSnapshots(h)).toBe(2);
        expect(await deliver(h, first)).toBe(202);
        const result = await handle.result();
        expect(result.bankRequests.map((r) => r.status)).toEqual(['received', 'received', 'received']);
        expect(bankSnapshots(h)).toBe(3);
        const stored = Object.values(result.perSubject).flatMap((s) =>
          s.data.bankStatements.map((b) => b.requestId),
        );
        expect(stored.sort()).toEqual(h.held.map((s) => s.requestId).sort());
        // After completion a repeat is refused by the route and stores nothing.
        expect(await deliver(h, first)).toBe(404);
        expect(bankSnapshots(h)).toBe(3);
      }),
    TIMEOUT,
  );

  it(
    'a callback after the deadline is refused and stores nothing; the bank is reported as not answering',
    () =>
      withHarness(async (h) => {
        const handle = await h.env.client.workflow.start(registryCheck, {
          taskQueue: TASK_QUEUE,
          workflowId: 'bank-callbacks-late',
          args: [PENSIONERS('1 hour')],
        });
        await until(
          () => h.held.length,
          (n) => n === 3,
        );
        h.setHold(false);
        const [onTime, ...late] = h.held as [BankStatementCallback, ...BankStatementCallback[]];
        expect(await deliver(h, onTime)).toBe(202);
        await until(status(handle), (s) => received(s) === 1);
        // handle.result() lets the time-skipping server jump past the one-hour deadline.
        const result = await handle.result();
        expect(Date.parse(result.completedAt ?? '') - Date.parse(result.startedAt)).toBeGreaterThanOrEqual(
          3600_000,
        );
        expect(result.bankRequests.filter((r) => r.status === 'timeout')).toHaveLength(2);
        for (const statement of late) expect(await deliver(h, statement)).toBe(404);
        expect(bankSnapshots(h)).toBe(1);
        expect(h.ports.notifications).toHaveLength(1);
      }),
    TIMEOUT,
  );
});
