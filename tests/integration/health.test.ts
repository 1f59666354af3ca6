import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, startMinio, type ManagedProcess } from '../../scripts/stack.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

describe('GET /health', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('answers 200 with every dependency ok', async () => {
    const res = await stack.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', temporal: 'ok', objectStorage: 'ok' },
    });
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas, and Swagger UI', async () => {
    const res = await stack.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/api/v1/auth/login',
        '/api/v1/cases',
        '/api/v1/cases/{id}/documents',
      ]),
    );
    const ui = await stack.request('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});

describe('GET /health with MinIO stopped', () => {
  let minio: ManagedProcess | undefined;
  let stack: TestStack;
  const dir = path.join(process.env.DIGISOC_TEST_DIR ?? '/tmp', `minio-health-${process.pid}`);

  beforeAll(async () => {
    const port = await freePort();
    minio = await startMinio({
      dataDir: dir,
      port,
      consolePort: await freePort(),
      accessKey: 'health-test',
      secretKey: 'health-test-secret',
      logDir: dir + '-logs',
    });
    stack = await startTestStack({
      worker: false,
      env: {
        DIGISOC_MINIO_ENDPOINT: `http://127.0.0.1:${port}`,
        DIGISOC_MINIO_ACCESS_KEY: 'health-test',
        DIGISOC_MINIO_SECRET_KEY: 'health-test-secret',
      },
    });
  });
  afterAll(async () => {
    await minio?.stop();
    await stack.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dir + '-logs', { recursive: true, force: true });
  });

  it('answers 503 naming objectStorage once MinIO is down', async () => {
    expect((await stack.request('GET', '/health')).status).toBe(200);
    await minio?.stop();
    const res = await stack.request('GET', '/health');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('degraded');
    expect(body.checks).toEqual({ database: 'ok', temporal: 'ok', objectStorage: 'down' });
  });
});
