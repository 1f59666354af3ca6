/**
 * Promise: "a worker killed mid-workflow loses nothing and does nothing twice". A worker process runs four
 * means-test cycles (registry checks, evidence documents, then the declaration document and its rows). The test
 * waits for an observable event — the first cycle's history schedules storeMeansDeclaration, so registry evidence
 * is already written and the declaration is being written — and SIGKILLs the worker. A second worker process then
 * finishes every cycle: each drafted its declaration exactly once, one document with one version per cycle, and
 * every object the database names is in MinIO. Orphan objects: see the KNOWN GAP below.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { Case, CaseEvent, Document, DocumentVersion, Person } from '../../infra/db/entities/index.js';
import { startTsService, type ManagedProcess } from '../../scripts/stack.js';
import { loadFixtures } from '../../simulators/registry/fixtures.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
const tokens: Record<string, string> = {};
const SEEDED: [code: string, user: string][] = [
  ['140384-19729', 'soc.riga'],
  ['051290-19726', 'soc.riga'],
  ['300675-18179', 'soc.cesis'],
  ['191052-11374', 'soc.cesis'],
];

const logDir = `${process.env.DIGISOC_TEST_DIR ?? '/tmp'}/logs`;

function startWorkerProcess(name: string): Promise<ManagedProcess> {
  return startTsService({
    name,
    script: 'app/worker.ts',
    // Bank callbacks reach the test's API (the worker process builds the callback URL from the public URL).
    env: { ...stack.env, DIGISOC_LOG_LEVEL: 'info', DIGISOC_PUBLIC_URL: stack.baseUrl },
    logDir,
    ready: async () =>
      fs.existsSync(`${logDir}/${name}.log`) &&
      fs.readFileSync(`${logDir}/${name}.log`, 'utf8').includes('DigiSoc worker running'),
  });
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  tokens['soc.riga'] = await stack.login('soc.riga');
  tokens['soc.cesis'] = await stack.login('soc.cesis');
}, 120_000);
afterAll(async () => {
  await stack.close();
});

describe('a worker killed while means-test cycles write', () => {
  it('every cycle drafts its declaration once: no duplicate versions; orphans only from the write the kill cut off', async () => {
    let worker = await startWorkerProcess('worker-kill-a');
    const em = stack.orm.em.fork();
    const cycles: { id: string; workflowId: string; caseId: string; user: string }[] = [];
    for (const [code, user] of SEEDED) {
      const person = await em.findOneOrFail(Person, { personalCode: code });
      const caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
      const res = await stack.request('POST', '/api/v1/means-tests', {
        token: tokens[user],
        json: { caseId, applicationDate: '2026-11-10' },
      });
      expect(res.status).toBe(202);
      cycles.push({ ...((await res.json()) as { id: string; workflowId: string }), caseId, user });
    }

    // The observable lower bound: a cycle has scheduled the declaration write (its registry evidence is stored).
    const client = stack.deps.temporal.client;
    const writing = async () => {
      for (const c of cycles) {
        const history = await client.workflow.getHandle(c.workflowId).fetchHistory();
        const names = (history.events ?? []).map(
          (e) => e.activityTaskScheduledEventAttributes?.activityType?.name,
        );
        if (names.includes('storeMeansDeclaration')) return c.id;
      }
      return null;
    };
    await until(writing, (id) => id !== null);
    const killedAt = Date.now();
    process.kill(-(worker.child.pid ?? 0), 'SIGKILL');
    await new Promise((r) => worker.child.once('exit', r));
    await worker.stop();
    const evidence = await stack.orm.em.fork().count(Document, { type: 'registry-evidence' });
    expect(evidence).toBeGreaterThan(0);
    const drafted = await stack.orm.em.fork().count(CaseEvent, { type: 'means-test.declaration-drafted' });
    // Killed mid-way: not every cycle had drafted its declaration yet.
    expect(drafted).toBeLessThan(cycles.length);

    worker = await startWorkerProcess('worker-kill-b');
    try {
      for (const c of cycles) {
        await until(
          async () =>
            (
              (await (
                await stack.request('GET', `/api/v1/means-tests/${c.id}`, { token: tokens[c.user] })
              ).json()) as {
                state: string;
              }
            ).state,
          (state) => state === 'awaiting-decision',
        );
      }
    } finally {
      await worker.stop();
    }

    const check = stack.orm.em.fork();
    for (const c of cycles) {
      const declarations = await check.find(Document, {
        idempotencyKey: { $like: `means-declaration:${c.id}:%` },
      });
      expect(declarations).toHaveLength(1);
      expect(await check.count(DocumentVersion, { documentId: declarations[0]?.id })).toBe(1);
      expect(await check.count(CaseEvent, { caseId: c.caseId, type: 'means-test.declaration-drafted' })).toBe(
        1,
      );
    }
    const versions = await check.find(DocumentVersion, {});
    const named = new Set(versions.map((v) => v.objectKey));
    const objects: { name: string; lastModified: Date }[] = [];
    for await (const o of stack.store.client.listObjects(stack.store.bucket, '', true, {
      IncludeVersion: true,
    }))
      objects.push(o as { name: string; lastModified: Date });
    const orphans = objects.filter((o) => !named.has(o.name));
    // KNOWN GAP (reported): an object whose database commit the SIGKILL cut off stays in MinIO (commitOrRemove
    // cannot run in a killed process). The restarted worker leaves none: every orphan predates the kill, at most
    // one per cycle that was writing.
    expect(orphans.filter((o) => o.lastModified.getTime() > killedAt + 1000)).toEqual([]);
    expect(orphans.length).toBeLessThanOrEqual(cycles.length);
    expect(objects.length - orphans.length).toBe(versions.length);
    for (const v of versions)
      await expect(stack.store.client.statObject(stack.store.bucket, v.objectKey)).resolves.toBeTruthy();
  }, 300_000);

  // Promise: "logs are redacted". The flow above ran four households through registry checks, bank statements and
  // declarations in real worker processes logging at info level; their log files hold no personal code, IBAN or name.
  it('the worker processes’ real log files hold no personal code, IBAN or name', () => {
    const logs = ['worker-kill-a', 'worker-kill-b'].map((n) => fs.readFileSync(`${logDir}/${n}.log`, 'utf8'));
    const text = logs.join('\n');
    expect(text).toContain('DigiSoc worker running');
    expect(text.length).toBeGreaterThan(1000);
    const dossiers = loadFixtures();
    const secrets = [
      ...dossiers.flatMap((d) => [d.person.personalCode, d.person.personalCode.replace('-', '')]),
      ...dossiers.flatMap((d) => (d.accounts ?? []).map((a) => a.iban)),
      ...dossiers.map((d) => d.person.lastName),
    ];
    expect(secrets.length).toBeGreaterThan(30);
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });
});
