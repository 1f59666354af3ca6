/** The named benchmark scenarios. Each measures the project and the raw infrastructure in the same run. */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Client, Connection } from '@temporalio/client';
import { createClient } from '../temporal/client.js';
import { SA_PROCESS } from '../temporal/search-attributes.js';
import { Case, Person, type IPerson } from '../infra/db/entities/index.js';
import { ObjectStore } from '../infra/object-store.js';
import { newId } from '../infra/ids.js';
import { findOrCreatePerson } from '../services/case-file.js';
import { startTestStack, type TestStack } from '../scripts/stack/in-process.js';
import { latencies, percentile, report, throughput } from './measure.js';
import { DMS_SCENARIOS } from './dms.js';
import { MEANS_TEST_SCENARIOS } from './means-test.js';
import { PLACEMENT_SCENARIOS } from './placements.js';
import { SOCIAL_SERVICE_SCENARIOS } from './social-services.js';
import { SPECIALIST_SCENARIOS } from './specialists.js';
import { ANALYTICS_SCENARIOS } from './analytics.js';
import { REPORT_SCENARIOS } from './reports.js';

async function listen(app: Hono): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    );
  });
}

async function withStack<T>(
  fn: (stack: TestStack) => Promise<T>,
  options?: Parameters<typeof startTestStack>[0],
): Promise<T> {
  const stack = await startTestStack(options);
  try {
    return await fn(stack);
  } finally {
    await stack.close();
  }
}

async function get(url: string, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
}

/** Unauthenticated GET /health through the whole API vs a bare Hono route on the same HTTP server. */
async function health(): Promise<void> {
  const load = { total: 3000, concurrency: 16, warmup: 100 };
  const bare = new Hono();
  bare.get('/health', (c) => c.json({ status: 'ok' }));
  const raw = await listen(bare);
  const baseline = await throughput(() => get(`${raw.url}/health`), load);
  await raw.close();
  const project = await withStack((s) => throughput(() => get(`${s.baseUrl}/health`), load), {
    worker: false,
  });
  report({
    scenario: 'health-throughput',
    unit: 'requests/s',
    project: project.perSecond,
    baseline: baseline.perSecond,
    higherIsBetter: true,
    details: {
      requests: load.total,
      concurrency: load.concurrency,
      checks: 'database+temporal+minio per request',
    },
  });
}

/** Starting a workflow: the project's client (codec chain, request-id interceptor, search attributes) vs a raw client. */
async function workflowStart(): Promise<void> {
  const address = process.env.DIGISOC_TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const connection = await Connection.connect({ address });
  const raw = new Client({ connection });
  const project = createClient(connection, 'default');
  const load = { total: 500, concurrency: 16, warmup: 20 };
  const queue = `bench-no-worker-${randomUUID()}`;
  const startRaw = async () => {
    await raw.workflow.start('benchEmpty', { taskQueue: queue, workflowId: `raw-${newId()}`, args: [] });
  };
  const startProject = async () => {
    await project.workflow.start('benchEmpty', {
      taskQueue: queue,
      workflowId: `project-${newId()}`,
      args: [],
      typedSearchAttributes: [{ key: SA_PROCESS, value: 'bench' }],
    });
  };
  // Alternating rounds, so neither side profits from running second on a warmer server.
  const rawRates: number[] = [];
  const projectRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    rawRates.push((await throughput(startRaw, load)).perSecond);
    projectRates.push((await throughput(startProject, load)).perSecond);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rawRun = { perSecond: mean(rawRates) };
  const projectRun = { perSecond: mean(projectRates) };
  await connection.close();
  report({
    scenario: 'workflow-start',
    unit: 'starts/s',
    project: projectRun.perSecond,
    baseline: rawRun.perSecond,
    higherIsBetter: true,
    details: { startsPerRound: load.total, rounds: 3, concurrency: load.concurrency },
  });
}

/** Document upload through the API (auth, sniffing, streaming, SHA-256, DB rows, audit) vs raw putObject. */
async function documentUpload(): Promise<void> {
  await withStack(
    async (stack) => {
      const token = await stack.login('soc.riga');
      const em = stack.orm.em.fork();
      const person = await em.findOneOrFail(Person, { personalCode: '140384-19729' });
      const caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
      const rawStore = new ObjectStore(stack.config.minio);
      for (const [label, size, total, concurrency] of [
        ['200KB', 200 * 1024, 200, 8],
        ['5MB', 5 * 1024 * 1024, 30, 4],
      ] as const) {
        const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(size - 9, 0x20)]);
        const baseline = await throughput(
          async () => {
            await rawStore.client.putObject(
              rawStore.bucket,
              `bench/${newId()}`,
              Readable.from([bytes]),
              undefined,
              {
                'Content-Type': 'application/pdf',
              },
            );
          },
          { total, concurrency, warmup: 2 },
        );
        const project = await throughput(
          async () => {
            const form = new FormData();
            form.append('title', 'Bench');
            form.append('type', 'other');
            form.append('file', new Blob([new Uint8Array(bytes)]), 'bench.pdf');
            const res = await fetch(`${stack.baseUrl}/api/v1/cases/${caseId}/documents`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}` },
              body: form,
            });
            await res.arrayBuffer();
            if (res.status !== 201) throw new Error(`upload answered ${res.status}`);
          },
          { total, concurrency, warmup: 2 },
        );
        report({
          scenario: `document-upload-${label}`,
          unit: 'MB/s',
          project: (project.perSecond * size) / 1e6,
          baseline: (baseline.perSecond * size) / 1e6,
          higherIsBetter: true,
          details: {
            files: total,
            concurrency,
            projectFilesPerSecond: project.perSecond,
            rawFilesPerSecond: baseline.perSecond,
          },
        });
      }
    },
    { worker: false, env: { DIGISOC_UPLOAD_MAX_BYTES: String(25 * 1024 * 1024) } },
  );
}

/** GET /api/v1/cases/{id} with 10,000 cases seeded vs the equivalent raw SQL query on the same connection. */
async function caseRead(): Promise<void> {
  await withStack(
    async (stack) => {
      const em = stack.orm.em.fork();
      const conn = em.getConnection();
      const now = new Date();
      const ids: string[] = [];
      for (let batch = 0; batch < 20; batch++) {
        await em.transactional(async (tx) => {
          for (let i = 0; i < 500; i++) {
            const n = batch * 500 + i;
            const person = tx.create(Person, {
              id: newId(),
              personalCode: `32${String(n).padStart(4, '0')}-${String(10000 + n).slice(-5)}`,
              firstName: 'Bench',
              lastName: `Klients${n}`,
              searchName: `bench klients${n}`,
              birthDate: '1980-01-01',
              deathDate: null,
              createdAt: now,
            });
            const id = newId();
            ids.push(id);
            tx.create(Case, {
              id,
              number: `0001000-2020-${String(n).padStart(6, '0')}`,
              municipalityCode: '0001000',
              personId: person.id,
              status: 'open',
              openKey: `${person.id}:0001000`,
              openedAt: now,
              openedBy: 'bench',
              closedAt: null,
            });
          }
        });
      }
      const token = await stack.login('soc.riga');
      const pick = (i: number) => ids[Math.abs(i * 7919) % ids.length] ?? ids[0] ?? '';
      const sql =
        'select c.id, c.number, c.municipality_code, c.status, c.opened_at, c.opened_by, c.closed_at, ' +
        'p.id as person_id, p.first_name, p.last_name, p.birth_date, p.personal_code ' +
        'from cases c join persons p on p.id = c.person_id where c.id = ?';
      const rawSamples = await latencies(async (i) => {
        const rows = await conn.execute(sql, [pick(i)]);
        if (rows.length !== 1) throw new Error('raw query found no case');
      }, 1000);
      const projectSamples = await latencies(
        (i) => get(`${stack.baseUrl}/api/v1/cases/${pick(i)}`, { authorization: `Bearer ${token}` }),
        1000,
      );
      report({
        scenario: 'case-read-latency',
        unit: 'ms (p50)',
        project: percentile(projectSamples, 50),
        baseline: percentile(rawSamples, 50),
        higherIsBetter: false,
        details: {
          cases: ids.length,
          projectP95: percentile(projectSamples, 95),
          rawP95: percentile(rawSamples, 95),
          note: 'project = HTTP + auth session lookup + scope check + audit entry (hash chain) + JSON',
        },
      });
    },
    { worker: false },
  );
}

const HOUSEHOLD = ['140384-19729', '020787-18178', '210515-27324', '301119-29726'];

/** A household registry check (all exchanges incl. asynchronous banks) via the workflow vs a plain script. */
async function registryCheck(): Promise<void> {
  const sim = process.env.DIGISOC_REGISTRY_SIM_URL ?? '';
  await fetch(`${sim}/_admin/banks/HABALV22`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ delayMs: 0 }),
  });
  for (const bank of ['UNLALV2X', 'RIKOLV2X']) {
    await fetch(`${sim}/_admin/banks/${bank}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delayMs: 0 }),
    });
  }
  const checks = 20;
  const concurrency = 4;
  const baseline = await plainScriptChecks(sim, checks, concurrency);
  const project = await withStack(async (stack) => {
    const em = stack.orm.em.fork();
    const persons: IPerson[] = [];
    for (const [i, code] of HOUSEHOLD.entries()) {
      const found = await findOrCreatePerson(stack.orm.em.fork(), {
        personalCode: code,
        firstName: 'Mājsaimniecības',
        lastName: `loceklis ${i + 1}`,
        birthDate: null,
      });
      persons.push(found.person);
    }
    const caseId = (await em.findOneOrFail(Case, { personId: persons[0]?.id ?? '' })).id;
    return throughput(
      async () => {
        const handle = await stack.deps.temporal.client.workflow.start('registryCheck', {
          taskQueue: stack.taskQueue,
          workflowId: `bench-registry-${newId()}`,
          args: [
            {
              caseId,
              subjects: persons.map((p, i) => ({ personId: p.id, role: i < 2 ? 'applicant' : 'child' })),
              registries: ['pmlp', 'vdeavk', 'vsaa', 'vid', 'nva', 'vzd', 'account-register', 'banks'],
              purpose: 'bench',
              requestedBy: 'bench',
            },
          ],
        });
        await handle.result();
      },
      { total: checks, concurrency, warmup: 1 },
    );
  });
  report({
    scenario: 'registry-check-household',
    unit: 'household checks/s',
    project: project.perSecond,
    baseline: baseline.perSecond,
    higherIsBetter: true,
    details: {
      checks,
      concurrency,
      persons: HOUSEHOLD.length,
      note: 'project adds per-request logging, evidence snapshots in MinIO + DB, durable workflow state',
    },
  });
}

/** The same registry HTTP calls a registry check makes, from a plain script, bank callbacks to a bare receiver. */
async function plainScriptChecks(sim: string, checks: number, concurrency: number) {
  const pending = new Map<string, () => void>();
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { requestId?: string };
      pending.get(body.requestId ?? '')?.();
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const address = receiver.address();
  const callbackUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/callback`;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${sim}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    return { status: res.status, json };
  };
  const period = { fromMonth: '2025-11', toMonth: '2026-10' };
  const result = await throughput(
    async () => {
      await post('/pmlp/v1/household', { personalCode: HOUSEHOLD[0] });
      await Promise.all(
        HOUSEHOLD.map(async (personalCode) => {
          const [, , , , , , accounts] = await Promise.all([
            post('/pmlp/v1/person', { personalCode }),
            post('/vdeavk/v1/disability', { personalCode }),
            post('/vsaa/v1/payments', { personalCode, ...period }),
            post('/vid/v1/income', { personalCode, ...period }),
            post('/nva/v1/status', { personalCode }),
            post('/vzd/v1/property', { personalCode }),
            post('/kontu-registrs/v1/accounts', { personalCode }),
          ]);
          const list = (accounts.json.accounts ?? []) as { bankCode: string; iban: string }[];
          const byBank = new Map<string, string[]>();
          for (const a of list) byBank.set(a.bankCode, [...(byBank.get(a.bankCode) ?? []), a.iban]);
          await Promise.all(
            [...byBank].map(async ([bankCode, ibans]) => {
              const requestId = randomUUID();
              const arrived = new Promise<void>((resolve) => pending.set(requestId, resolve));
              await post(`/banks/${bankCode}/v1/statements`, {
                requestId,
                ibans,
                fromDate: '2026-08-01',
                toDate: '2026-10-31',
                callbackUrl,
                callbackReference: 'plain-script',
              });
              await arrived;
              pending.delete(requestId);
            }),
          );
        }),
      );
    },
    { total: checks, concurrency, warmup: 1 },
  );
  await new Promise<void>((r) => receiver.close(() => r()));
  return result;
}

export const SCENARIOS: Record<string, () => Promise<void>> = {
  health,
  'workflow-start': workflowStart,
  'document-upload': documentUpload,
  'case-read': caseRead,
  'registry-check': registryCheck,
  ...DMS_SCENARIOS,
  ...MEANS_TEST_SCENARIOS,
  ...PLACEMENT_SCENARIOS,
  ...SOCIAL_SERVICE_SCENARIOS,
  ...SPECIALIST_SCENARIOS,
  ...ANALYTICS_SCENARIOS,
  ...REPORT_SCENARIOS,
};
