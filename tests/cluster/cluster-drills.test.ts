/**
 * The production topology (scripts/cluster-stack.ts: the real Temporal server on PostgreSQL, 2 workers, 2 API
 * processes, MinIO on 4 drives, the application's own PostgreSQL) and its failure drills (issue 17):
 * - smoke: Temporal persists in PostgreSQL; a session made on one API process works on the other;
 * - a worker SIGKILLed in the middle of 200 means-test cycles: all complete, none twice;
 * - the Temporal server restarted mid-run: the API answers 503 problem+json meanwhile, workflows resume;
 * - the application's PostgreSQL stopped for 30 s during uploads: 503, no half-written rows, no orphan objects;
 * - one MinIO drive taken away: reads and writes go on and every document's SHA-256 still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { createBenchCases } from '../../bench/fixtures.js';
import { CaseEvent, Document, DocumentVersion, MeansTestCycle } from '../../infra/db/entities/index.js';
import { createOrm } from '../../infra/db/orm.js';
import { ObjectStore } from '../../infra/object-store.js';
import { pdfBytes } from '../helpers/files.js';
import { freeClusterPorts, startClusterStack, type ClusterStack } from '../../scripts/cluster-stack.js';

let cluster: ClusterStack;
let orm: Awaited<ReturnType<typeof createOrm>>;
let dir: string;
const tokens: string[] = [];
const CYCLES = Number(process.env.DIGISOC_DRILL_CYCLES ?? 200);

async function api(i: number, method: string, url: string, body?: unknown, extra: RequestInit = {}) {
  return fetch(`${cluster.apiUrls[i % 2]}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[0]}`,
      ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
    },
    body: body instanceof FormData ? body : body !== undefined ? JSON.stringify(body) : undefined,
    ...extra,
  });
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, ms = 600_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const count = (state: string) => orm.em.fork().count(MeansTestCycle, { state });

/** Fresh clients with open cases: each call continues the numbering. */
let clients = 0;
async function newCases(n: number) {
  const cases = await createBenchCases(orm.em.fork(), n, '0001000', clients);
  clients += n;
  return cases;
}

const upload = (label: string) => {
  const f = new FormData();
  f.append('title', 'Iesniegums');
  f.append('type', 'other');
  f.append('file', new Blob([new Uint8Array(pdfBytes(label))]), 'iesniegums.pdf');
  return f;
};

async function startCycles(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, c] of (await newCases(n)).entries()) {
    const res = await api(i, 'POST', '/api/v1/means-tests', { caseId: c.id, applicationDate: '2026-11-10' });
    expect(res.status).toBe(202);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-cluster-'));
  const { ports, temporal } = await freeClusterPorts();
  cluster = await startClusterStack({
    dataDir: dir,
    ports,
    temporalServicePorts: temporal,
    workers: 2,
    historyShards: 4,
    env: { SIM_LATENCY: '0', DIGISOC_LOG_LEVEL: 'info' },
  });
  orm = await createOrm(cluster.config.db);
  const login = await fetch(`${cluster.apiUrls[0]}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'soc.riga', password: 'demo' }),
  });
  tokens.push(((await login.json()) as { token: string }).token);
}, 600_000);

afterAll(async () => {
  await orm?.close(true);
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('the cluster topology', () => {
  it('keeps Temporal in PostgreSQL and shares sessions between the two API processes', async () => {
    const connection = await Connection.connect({ address: cluster.env.DIGISOC_TEMPORAL_ADDRESS });
    try {
      const info = await connection.workflowService.getClusterInfo({});
      expect(info.persistenceStore).toBe('postgres12');
      expect(info.visibilityStore).toBe('postgres12');
    } finally {
      await connection.close();
    }
    for (const url of cluster.apiUrls) expect((await fetch(`${url}/health`)).status).toBe(200);
    // signed in on API 1 (beforeAll), read on API 2
    expect((await api(1, 'GET', '/api/v1/cases?limit=1')).status).toBe(200);
  });

  it(`finishes ${CYCLES} means-test cycles once each when one of two workers is SIGKILLed mid-run`, async () => {
    const ids = await startCycles(CYCLES);
    // The observable lower bound: some cycles have finished their evaluation, most have not.
    await until(
      'a tenth of the cycles evaluated',
      () => count('awaiting-decision'),
      (n) => n >= CYCLES / 10,
    );
    const [victim] = cluster.workers;
    process.kill(-(victim?.child.pid ?? 0), 'SIGKILL');
    const atKill = await count('awaiting-decision');
    expect(atKill).toBeLessThan(CYCLES);

    await until(
      'every cycle evaluated',
      () => count('awaiting-decision'),
      (n) => n >= CYCLES,
    );
    const em = orm.em.fork();
    for (const id of ids) {
      const declarations = await em.find(Document, {
        idempotencyKey: { $like: `means-declaration:${id}:%` },
      });
      expect([id, declarations.length]).toEqual([id, 1]);
      expect(await em.count(DocumentVersion, { documentId: declarations[0]?.id })).toBe(1);
    }
    expect(await em.count(CaseEvent, { type: 'means-test.declaration-drafted' })).toBe(CYCLES);
    cluster.workers.splice(0, 1);
    cluster.workers.push(await cluster.startWorker('worker-3'));
  }, 1_200_000);

  it('answers 503 problem+json while the Temporal server is down, and resumes the workflows afterwards', async () => {
    await startCycles(10);
    const [spare] = await newCases(1);
    await cluster.restartTemporalServer(5_000, async () => {
      const res = await api(0, 'POST', '/api/v1/means-tests', {
        caseId: spare?.id,
        applicationDate: '2026-11-10',
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await res.json()) as { status: number }).status).toBe(503);
      expect((await fetch(`${cluster.apiUrls[1]}/health`)).status).toBe(503);
      // nothing half-written: the refused start left no cycle row
      expect(await orm.em.fork().count(MeansTestCycle, { caseId: spare?.id })).toBe(0);
    });
    await until(
      'health back',
      async () => (await fetch(`${cluster.apiUrls[0]}/health`)).status,
      (s) => s === 200,
    );
    // the ten cycles running across the restart all finish
    await until(
      'cycles resumed',
      () => count('awaiting-decision'),
      (n) => n >= CYCLES + 10,
    );
    const res = await api(1, 'POST', '/api/v1/means-tests', {
      caseId: spare?.id,
      applicationDate: '2026-11-10',
    });
    expect(res.status).toBe(202);
    // every cycle idle again (awaiting a decision) before the next drill counts objects
    await until(
      'the new cycle evaluated',
      () => count('awaiting-decision'),
      (n) => n >= CYCLES + 11,
    );
  }, 600_000);

  it('refuses uploads with 503 while the application database is down, leaving no row and no object', async () => {
    const [caseRow] = await newCases(1);
    const store = new ObjectStore(cluster.config.minio);
    const objectsBefore = await listObjects(store);
    await orm.close(true);
    cluster.postgres('app', 'stop');
    try {
      for (const i of [0, 1]) {
        const res = await api(i, 'POST', `/api/v1/cases/${caseRow?.id}/documents`, upload(`drill ${i}`));
        expect([i, res.status]).toEqual([i, 503]);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      await new Promise((r) => setTimeout(r, 30_000));
    } finally {
      cluster.postgres('app', 'start');
      orm = await createOrm(cluster.config.db);
    }
    expect(await listObjects(store)).toEqual(objectsBefore);
    expect(await orm.em.fork().count(Document, { caseId: caseRow?.id })).toBe(0);
    await until(
      'the API serves again',
      async () => (await api(0, 'GET', '/api/v1/cases?limit=1')).status,
      (s) => s === 200,
      120_000,
    );
  }, 600_000);

  it('reads and writes documents with one MinIO drive gone; every SHA-256 still verifies', async () => {
    // The drive disappears at once (a rename), as a pulled disk would, while MinIO runs.
    const drive = path.join(dir, 'minio', 'drive2');
    fs.renameSync(drive, `${drive}.lost`);
    const [caseRow] = await newCases(1);
    const res = await api(0, 'POST', `/api/v1/cases/${caseRow?.id}/documents`, upload('after a lost drive'));
    expect(res.status).toBe(201);
    const versions = await orm.em.fork().find(DocumentVersion, {});
    expect(versions.length).toBeGreaterThan(CYCLES);
    const store = new ObjectStore(cluster.config.minio);
    for (const v of versions) {
      const chunks: Buffer[] = [];
      for await (const chunk of await store.client.getObject(store.bucket, v.objectKey))
        chunks.push(chunk as Buffer);
      expect([v.objectKey, createHash('sha256').update(Buffer.concat(chunks)).digest('hex')]).toEqual([
        v.objectKey,
        v.sha256,
      ]);
    }
  }, 600_000);
});

async function listObjects(store: ObjectStore): Promise<string[]> {
  const names: string[] = [];
  for await (const o of store.client.listObjects(store.bucket, '', true))
    names.push((o as { name: string }).name);
  return names.sort();
}
