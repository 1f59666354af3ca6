/**
 * registryCheck on the time-skipping server with the real activities against the real simulator (zero latency,
 * in-memory ports) and the real bank callback route signalling the workflow.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { Hono } from 'hono';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';
import { startRegistrySimulator, type RunningSimulator } from '../../simulators/registry/start.js';
import { createRegistryActivities } from '../../activities/registries/activities.js';
import { createBankCallbackRouter, sharedSecretVerifier } from '../../api/routes/bank-callbacks.js';
import {
  bankStatementReceived,
  registryCheckStatus,
  type RegistryCheckInput,
  type RegistryCheckSummary,
} from '../../workflows/registry-check/contract.js';
import { registryCheck } from '../../workflows/registry-check/workflow.js';
import { REGISTRY_ACTIVITY_OPTIONS } from '../../workflows/registry-policies.js';
import { createInMemoryPorts, type InMemoryPorts } from '../unit/registries/support/in-memory-ports.js';
import { call, fixtureCodesIn, serveApp, type TestServer } from '../unit/registries/support/http.js';

const TASK_QUEUE = 'registry-check-test';
const TIMEOUT = 180_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('workflows/registry-check/workflow.ts');
}, TIMEOUT);

interface Harness {
  env: TestWorkflowEnvironment;
  sim: RunningSimulator;
  api: TestServer;
  ports: InMemoryPorts;
  worker: Worker;
}

/** A fresh environment, simulator, callback API and worker; torn down after `body`. */
async function withHarness(body: (h: Harness) => Promise<void>): Promise<void> {
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
    await worker.runUntil(body({ env, sim, api, ports, worker }));
  } finally {
    await sim.close();
    await api.close();
    await env.teardown();
  }
}

const PENSIONERS: RegistryCheckInput = {
  caseId: 'case-ivanovi',
  subjects: [
    { personId: 'h2-ivanova-valentina', role: 'applicant' },
    { personId: 'h2-ivanovs-peteris', role: 'household-member' },
  ],
  purpose: 'Materiālās situācijas izvērtēšana',
  requestedBy: 'user-social-worker-1',
};

async function start(
  h: Harness,
  input: RegistryCheckInput,
  id: string,
): Promise<WorkflowHandle<typeof registryCheck>> {
  return h.env.client.workflow.start(registryCheck, { taskQueue: TASK_QUEUE, workflowId: id, args: [input] });
}

/** Polls the status query (time does not skip meanwhile) until the predicate holds. */
async function waitForStatus(
  handle: WorkflowHandle<typeof registryCheck>,
  predicate: (s: RegistryCheckSummary) => boolean,
): Promise<RegistryCheckSummary> {
  const deadline = Date.now() + 30_000;
  let last: RegistryCheckSummary | undefined;
  while (Date.now() < deadline) {
    try {
      last = await handle.query(registryCheckStatus);
      if (predicate(last)) return last;
    } catch {
      // the first workflow task may not have run yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`status never matched: ${JSON.stringify(last?.bankRequests)}`);
}

const banksSettled = (count: number) => (s: RegistryCheckSummary) =>
  s.bankRequests.length === count && s.bankRequests.every((r) => r.status === 'received');

/** The decoded history, so its payloads can be searched for personal codes. */
async function historyText(handle: WorkflowHandle): Promise<string> {
  const history = await handle.fetchHistory();
  return JSON.stringify(history, (key, value: unknown) => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (key === 'data' && typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
    return value;
  });
}

async function simRequests(sim: RunningSimulator, registry: string): Promise<number> {
  const log = (await call(`${sim.url}/_admin/requests?registry=${registry}`, 'GET')).body as {
    requests: unknown[];
  };
  return log.requests.length;
}

describe('registryCheck workflow', () => {
  it(
    'asks every relevant registry for a whole household, stores evidence and keeps personal codes out of history',
    () =>
      withHarness(async (h) => {
        const input: RegistryCheckInput = {
          caseId: 'case-berzini',
          subjects: [
            { personId: 'h1-berzins-janis', role: 'applicant' },
            { personId: 'h1-berzina-ilze', role: 'household-member' },
            { personId: 'h1-berzina-anna', role: 'child' },
            { personId: 'h1-berzins-martins', role: 'child' },
          ],
          purpose: 'Materiālās situācijas izvērtēšana',
          requestedBy: 'user-social-worker-1',
        };
        const handle = await start(h, input, 'registry-check-all');
        await waitForStatus(handle, banksSettled(3));
        const result = await handle.result();

        expect(result.state).toBe('completed');
        expect(Object.fromEntries(Object.entries(result.registries).map(([k, v]) => [k, v?.status]))).toEqual(
          {
            pmlp: 'ok',
            vdeavk: 'ok',
            vsaa: 'ok',
            vid: 'ok',
            nva: 'ok',
            vzd: 'ok',
            'account-register': 'ok',
            banks: 'ok',
            npais: 'ok',
            baris: 'ok',
          },
        );
        expect(result.registries.banks?.snapshotDocumentIds).toHaveLength(3);
        const janis = result.perSubject['h1-berzins-janis']!;
        expect(janis.data.household?.members.map((m) => m.personId).sort()).toEqual([
          'h1-berzina-anna',
          'h1-berzina-ilze',
          'h1-berzins-janis',
          'h1-berzins-martins',
        ]);
        expect(janis.data.employmentIncome?.totalsByMonth).toHaveLength(12);
        expect(janis.data.bankStatements[0]?.accounts[0]?.months).toHaveLength(3);
        expect(result.perSubject['h1-berzina-anna']?.checks.orphanCourtDecisions?.status).toBe('ok');
        expect(result.banksNotAnswered).toEqual([]);

        // 8 + 7 + 6 + 6 registry answers and 3 bank statements, each an evidence snapshot
        expect(h.ports.snapshots).toHaveLength(30);
        expect(h.ports.requests.filter((r) => r.outcome === 'accepted')).toHaveLength(3);
        expect(h.ports.requests.every((r) => r.legalBasis.length > 0 && r.caseId === 'case-berzini')).toBe(
          true,
        );
        const history = await historyText(handle);
        expect(history).toContain('h1-berzina-ilze'); // payloads are decoded: person ids are there…
        expect(fixtureCodesIn(history, [...h.ports.codes.values()])).toEqual([]); // …personal codes are not
        await recordHistory(h.env.client, 'registry-check-all', 'whole-household-all-registries');
      }),
    TIMEOUT,
  );

  it(
    'tolerates a registry being down: the others are stored, the summary names it',
    () =>
      withHarness(async (h) => {
        await call(`${h.sim.url}/_admin/faults/vzd`, 'PUT', { outage: true });
        const handle = await start(h, PENSIONERS, 'registry-check-vzd-down');
        await waitForStatus(handle, banksSettled(3));
        const result = await handle.result();

        expect(result.registries.vzd).toMatchObject({
          status: 'unavailable',
          reason: 'failed',
          snapshotDocumentId: null,
        });
        expect(result.registries.vzd?.error).toContain(
          'VZD (POST /vzd/v1/property) is unavailable (HTTP 503',
        );
        for (const code of ['pmlp', 'vdeavk', 'vsaa', 'vid', 'nva', 'account-register', 'banks'] as const) {
          expect([code, result.registries[code]?.status]).toEqual([code, 'ok']);
        }
        expect(result.perSubject['h2-ivanovs-peteris']?.checks.realProperty?.status).toBe('unavailable');
        expect(h.ports.snapshots.some((s) => s.registry === 'vzd')).toBe(false);
        expect(h.ports.snapshots.filter((s) => s.registry === 'vsaa')).toHaveLength(2);
        // retried with backoff up to the policy's maximum, then given up
        const attempts = REGISTRY_ACTIVITY_OPTIONS.vzd.retry?.maximumAttempts ?? 0;
        expect(await simRequests(h.sim, 'vzd')).toBe(2 * attempts);
        expect(h.ports.requests.filter((r) => r.registry === 'vzd' && r.outcome === 'error')).toHaveLength(
          2 * attempts,
        );
        await recordHistory(h.env.client, 'registry-check-vzd-down', 'registry-down');
      }),
    TIMEOUT,
  );

  it(
    'tells the worker which bank did not answer by the deadline',
    () =>
      withHarness(async (h) => {
        await call(`${h.sim.url}/_admin/banks/RIKOLV2X`, 'PUT', { neverAnswer: true });
        const handle = await start(h, PENSIONERS, 'registry-check-silent-bank');
        const running = await waitForStatus(
          handle,
          (s) =>
            s.bankRequests.length === 3 && s.bankRequests.filter((r) => r.status === 'received').length === 1,
        );
        expect(running.state).toBe('running');
        expect(running.registries.banks?.status).toBe('pending');
        expect(running.bankRequests.filter((r) => r.status === 'pending').map((r) => r.bankCode)).toEqual([
          'RIKOLV2X',
          'RIKOLV2X',
        ]);
        expect(h.ports.notifications).toEqual([]);

        const result = await handle.result();
        expect(h.ports.notifications).toEqual([
          { caseId: 'case-ivanovi', workflowId: 'registry-check-silent-bank', banks: ['RIKOLV2X'] },
        ]);
        expect(result.banksNotAnswered).toEqual(['RIKOLV2X']);
        expect(result.registries.banks).toMatchObject({ status: 'unavailable', reason: 'timeout' });
        expect(result.registries.banks?.error).toContain('RIKOLV2X did not answer within 3 days');
        expect(result.perSubject['h2-ivanova-valentina']?.checks.bankStatements?.status).toBe('unavailable');
        expect(result.perSubject['h2-ivanovs-peteris']?.data.bankStatements.map((b) => b.bankCode)).toEqual([
          'HABALV22',
        ]);
        const waited = Date.parse(result.completedAt ?? '') - Date.parse(result.startedAt);
        expect(waited).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000);
        expect(h.ports.requests.filter((r) => r.outcome === 'timeout').map((r) => r.registry)).toEqual([
          'banks',
          'banks',
        ]);
        for (const code of ['pmlp', 'vsaa', 'vid', 'vzd'] as const)
          expect(result.registries[code]?.status).toBe('ok');
        await recordHistory(h.env.client, 'registry-check-silent-bank', 'bank-timeout');
      }),
    TIMEOUT,
  );

  it(
    'fails a malformed answer once, without a retry storm',
    () =>
      withHarness(async (h) => {
        await call(`${h.sim.url}/_admin/faults/vsaa`, 'PUT', { malformed: true });
        const handle = await start(h, PENSIONERS, 'registry-check-malformed');
        await waitForStatus(handle, banksSettled(3));
        const result = await handle.result();

        expect(result.registries.vsaa).toMatchObject({ status: 'unavailable', reason: 'malformed' });
        expect(result.registries.vsaa?.error).toContain(
          'VSAA (POST /vsaa/v1/payments) answered a malformed payload',
        );
        expect(result.registries.vsaa?.error).toContain('payments[0].amountEur');
        expect(result.registries.vid?.status).toBe('ok');
        expect(await simRequests(h.sim, 'vsaa')).toBe(2);
        expect(h.ports.requests.filter((r) => r.registry === 'vsaa').map((r) => r.outcome)).toEqual([
          'error',
          'error',
        ]);

        const history = await handle.fetchHistory();
        const scheduled = new Set(
          (history.events ?? [])
            .filter(
              (e) =>
                e.activityTaskScheduledEventAttributes?.activityType?.name === 'fetchSocialInsurancePayments',
            )
            .map((e) => String(e.eventId)),
        );
        const attempts = (history.events ?? [])
          .filter((e) => scheduled.has(String(e.activityTaskStartedEventAttributes?.scheduledEventId)))
          .map((e) => e.activityTaskStartedEventAttributes?.attempt);
        expect(attempts).toEqual([1, 1]);
        await recordHistory(h.env.client, 'registry-check-malformed', 'malformed-answer');
      }),
    TIMEOUT,
  );

  it(
    'limits the check to the requested registries and refuses invalid input',
    () =>
      withHarness(async (h) => {
        const only = await start(h, { ...PENSIONERS, registries: ['pmlp', 'nva'] }, 'registry-check-limited');
        const result = await only.result();
        expect(Object.keys(result.registries).sort()).toEqual(['nva', 'pmlp']);
        expect(result.bankRequests).toEqual([]);

        const bad = await start(h, { ...PENSIONERS, bankDeadline: 'whenever' }, 'registry-check-invalid');
        await expect(bad.result()).rejects.toMatchObject({
          cause: { message: expect.stringContaining('bankDeadline') },
        });
        await recordHistory(h.env.client, 'registry-check-limited', 'limited-registries');
        await recordHistory(h.env.client, 'registry-check-invalid', 'invalid-input-fails');
      }),
    TIMEOUT,
  );
});
