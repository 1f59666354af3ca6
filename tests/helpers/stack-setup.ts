/**
 * Starts the real infrastructure once for the integration project: MinIO, the Temporal dev server (in memory), the
 * registry simulator and the SMTP sink, each on a free port; bundles the workflows once. Suites find them through
 * DIGISOC_* environment variables (inherited by Jest's workers).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalInfrastructure, type ManagedProcess } from '../../scripts/stack.js';
import { bundleWorkflows } from '../../temporal/worker.js';

declare global {
  var __DIGISOC_STACK__: { processes: ManagedProcess[]; dir: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-test-'));
  const infra = await startLocalInfrastructure(dir, {
    DIGISOC_MODE: 'test',
    DIGISOC_LOG_LEVEL: process.env.DIGISOC_LOG_LEVEL ?? 'error',
    DIGISOC_TEST_DIR: dir,
    // The simulated banks answer in 0.2 s instead of seconds; registries answer without added latency.
    SIM_BANK_DELAY_MS: '200',
    // Temporal payloads are encrypted here as in a real run (the time-skipping workflow tests run without a codec).
    DIGISOC_PAYLOAD_KEY: randomBytes(32).toString('base64url'),
  });
  Object.assign(process.env, infra.env);
  const bundle = await bundleWorkflows(path.join(dir, 'workflow-bundle.js'));
  process.env.DIGISOC_WORKFLOW_BUNDLE = bundle.codePath;
  globalThis.__DIGISOC_STACK__ = { processes: infra.processes, dir };
}
