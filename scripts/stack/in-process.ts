/**
 * One suite's slice of the real stack: its own database (a SQLite file, or a fresh PostgreSQL database when
 * DIGISOC_DB=postgres), its own MinIO bucket and Temporal task queue, an in-process worker and the API listening on a
 * free port. `close()` removes all of it, so suites are independent and can run twice in a row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import pg from 'pg';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../../infra/config.js';
import { createOrm, migrateUp, type Orm } from '../../infra/db/orm.js';
import { seedDatabase } from '../../infra/db/seed.js';
import { createLogger } from '../../infra/logger.js';
import { ObjectStore } from '../../infra/object-store.js';
import { createApp } from '../../api/app.js';
import { createDeps } from '../../app/deps.js';
import { extraRouters } from '../../api/extra-routers.js';
import type { AppDeps } from '../../api/context.js';
import { createActivities } from '../../activities/index.js';
import { createWorker, installTemporalRuntime } from '../../temporal/worker.js';
import { taskQueue } from '../../temporal/task-queues.js';
import { freePort } from '../stack.js';

export interface TestStack {
  config: Config;
  baseUrl: string;
  deps: AppDeps;
  orm: Orm;
  store: ObjectStore;
  taskQueue: string;
  env: Record<string, string>;
  login(username: string, password?: string): Promise<string>;
  request(
    method: string,
    urlPath: string,
    options?: {
      token?: string;
      json?: unknown;
      body?: RequestInit['body'];
      headers?: Record<string, string>;
    },
  ): Promise<Response>;
  close(): Promise<void>;
}

async function createDatabase(id: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (process.env.DIGISOC_DB === 'postgres') {
    const adminUrl = process.env.DIGISOC_POSTGRES_URL;
    if (!adminUrl)
      throw new Error('DIGISOC_POSTGRES_URL must point at a PostgreSQL server for DIGISOC_DB=postgres');
    const name = `digisoc_t_${id}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    return {
      env: { DIGISOC_DB: 'postgres', DIGISOC_POSTGRES_URL: adminUrl.replace(/\/[^/]*$/, `/${name}`) },
      async drop() {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const file = path.join(process.env.DIGISOC_TEST_DIR ?? '/tmp', `db-${id}.sqlite`);
  return {
    env: { DIGISOC_DB: 'sqlite', DIGISOC_SQLITE_PATH: file },
    async drop() {
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    },
  };
}

export async function startTestStack(
  options: { worker?: boolean; seedDemo?: boolean; env?: Record<string, string> } = {},
): Promise<TestStack> {
  const id = randomBytes(5).toString('hex');
  const db = await createDatabase(id);
  // The API's own port is known before the configuration is read, so its public URL (the citizen portal's OIDC
  // redirect URI, links in mails) is the address the suite really talks to.
  const apiPort = await freePort();
  const env: Record<string, string> = {
    ...db.env,
    DIGISOC_MINIO_BUCKET: `digisoc-test-${id}`,
    DIGISOC_TASK_QUEUE_PREFIX: `digisoc-test-${id}`,
    DIGISOC_SEED_DEMO: options.seedDemo === false ? 'false' : 'true',
    DIGISOC_API_PORT: String(apiPort),
    ...options.env,
  };
  const config = loadConfig({ ...process.env, ...env });
  const logger = createLogger({ level: process.env.DIGISOC_LOG_LEVEL ?? 'error', name: 'test' });

  const setupOrm = await createOrm(config.db);
  await migrateUp(setupOrm);
  await seedDatabase(setupOrm.em.fork(), config);
  await setupOrm.close(true);

  const deps = await createDeps(config, logger);
  await deps.store.ensureBucket();
  const queue = taskQueue('caseProcesses', config.temporal.taskQueuePrefix);

  const app = createApp(deps, extraRouters);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(env.DIGISOC_API_PORT) }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  if (options.worker !== false) {
    // Only with a worker: a native runtime nothing registers with would never shut down and would keep Jest alive.
    installTemporalRuntime(logger);
    nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
    const bundlePath = process.env.DIGISOC_WORKFLOW_BUNDLE;
    worker = await createWorker({
      connection: nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue: queue,
      activities: createActivities({
        config,
        orm: deps.orm,
        store: deps.store,
        logger,
        apiBaseUrl: baseUrl,
        temporalClient: deps.temporal.client,
      }),
      workflowBundle: bundlePath ? { codePath: bundlePath } : undefined,
      maxCachedWorkflows: config.temporal.maxCachedWorkflows,
      payloadKey: config.temporal.payloadKey,
    });
    workerRun = worker.run();
  }

  const request: TestStack['request'] = async (method, urlPath, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body = o.body;
    if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    }
    return fetch(baseUrl + urlPath, { method, headers, body });
  };

  return {
    config,
    baseUrl,
    deps,
    orm: deps.orm,
    store: deps.store,
    taskQueue: queue,
    env: { ...env, DIGISOC_SQLITE_PATH: env.DIGISOC_SQLITE_PATH ?? '' },
    request,
    async login(username, password = config.demo.password) {
      const res = await request('POST', '/api/v1/auth/login', { json: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (worker) {
        worker.shutdown();
        await workerRun;
      }
      await nativeConnection?.close();
      await emptyBucket(deps.store).catch(() => undefined);
      await deps.close();
      await db.drop();
    },
  };
}

export async function emptyBucket(store: ObjectStore): Promise<void> {
  const stream = store.client.listObjects(store.bucket, '', true, { IncludeVersion: true });
  for await (const item of stream as AsyncIterable<{ name?: string; versionId?: string }>) {
    if (item.name)
      await store.client.removeObject(
        store.bucket,
        item.name,
        item.versionId ? { versionId: item.versionId } : {},
      );
  }
  await store.client.removeBucket(store.bucket);
}

export async function countObjects(store: ObjectStore): Promise<number> {
  let n = 0;
  const stream = store.client.listObjects(store.bucket, '', true, { IncludeVersion: true });
  for await (const _ of stream) n++;
  return n;
}
