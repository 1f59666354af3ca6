/**
 * Starts the real infrastructure once for the integration project: MinIO, the Temporal dev server (in memory), the
 * registry simulator and the SMTP sink, each on a free port; bundles the workflows once. Suites find them through
 * DIGISOC_* environment variables (inherited by Jest's workers).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  httpOk,
  startMinio,
  startTemporal,
  startTsService,
  type ManagedProcess,
} from '../../scripts/stack.js';
import { bundleWorkflows } from '../../temporal/worker.js';

declare global {
  var __DIGISOC_STACK__: { processes: ManagedProcess[]; dir: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-test-'));
  const logDir = path.join(dir, 'logs');
  const ports: number[] = [];
  for (let i = 0; i < 7; i++) ports.push(await freePort());
  const [minioPort, consolePort, temporalPort, uiPort, registryPort, smtpPort, smtpHttpPort] = ports as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const accessKey = 'digisoc-test';
  const secretKey = 'digisoc-test-secret';
  const env: Record<string, string> = {
    DIGISOC_MODE: 'test',
    DIGISOC_LOG_LEVEL: process.env.DIGISOC_LOG_LEVEL ?? 'warn',
    DIGISOC_MINIO_ENDPOINT: `http://127.0.0.1:${minioPort}`,
    DIGISOC_MINIO_ACCESS_KEY: accessKey,
    DIGISOC_MINIO_SECRET_KEY: secretKey,
    DIGISOC_TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    DIGISOC_REGISTRY_SIM_URL: `http://127.0.0.1:${registryPort}`,
    DIGISOC_SMTP_PORT: String(smtpPort),
    DIGISOC_SMTP_SINK_HTTP_PORT: String(smtpHttpPort),
    DIGISOC_TEST_DIR: dir,
    // The simulated banks answer in 0.2 s instead of seconds; registries answer without added latency.
    SIM_BANK_DELAY_MS: '200',
  };
  Object.assign(process.env, env);
  const childEnv = { ...env, SIM_LATENCY: '0' };

  const processes = await Promise.all([
    startMinio({
      dataDir: path.join(dir, 'minio'),
      port: minioPort,
      consolePort,
      accessKey,
      secretKey,
      logDir,
    }),
    startTemporal({ port: temporalPort, uiPort, logDir }),
    startTsService({
      name: 'registry-simulator',
      script: 'simulators/registry/server.ts',
      env: childEnv,
      logDir,
      ready: httpOk(`http://127.0.0.1:${registryPort}/health`),
    }),
    startTsService({
      name: 'smtp-sink',
      script: 'simulators/smtp-sink/server.ts',
      env: childEnv,
      logDir,
      ready: httpOk(`http://127.0.0.1:${smtpHttpPort}/health`),
    }),
  ]);
  const bundle = await bundleWorkflows(path.join(dir, 'workflow-bundle.js'));
  process.env.DIGISOC_WORKFLOW_BUNDLE = bundle.codePath;
  globalThis.__DIGISOC_STACK__ = { processes, dir };
}
