/**
 * Worker Versioning drill (issue 15) on the dev server of the temporal CLI: two builds of one deployment run side by
 * side. Each worker polls with its deployment version and PINNED as the default behaviour; the current version is
 * set with the real CLI (`temporal worker deployment set-current-version`), as a deploy would. An execution started
 * on build v1 stays on v1 after v2 becomes current; executions started after run on v2.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { binary, freePort, startTemporal, type ManagedProcess } from '../../scripts/stack.js';
import { workflowsPath } from '../helpers/time-skipping.js';
import { go, versionedWaiter } from './fixtures/versioned-waiter.js';

const TIMEOUT = 240_000;
const DEPLOYMENT = 'digisoc-drill';
const TASK_QUEUE = 'versioning-drill';
const run = promisify(execFile);
let dir: string;
let server: ManagedProcess;
let address: string;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // already installed in this process
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-versioning-'));
  const port = await freePort();
  server = await startTemporal({ port, uiPort: await freePort(), logDir: dir });
  address = `127.0.0.1:${port}`;
}, TIMEOUT);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `temporal worker deployment set-current-version`, retried until the version's worker has been seen polling. */
async function setCurrentVersion(buildId: string): Promise<void> {
  const args = ['worker', 'deployment', 'set-current-version', '--deployment-name', DEPLOYMENT];
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await run(binary('temporal'), [...args, '--build-id', buildId, '--address', address, '--yes']);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The build ids of the workers that completed the execution's workflow tasks, in order. */
async function buildIds(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((e) => e.workflowTaskCompletedEventAttributes)
    .filter((a) => a != null)
    .map((a) => a.deploymentVersion?.buildId ?? a.workerVersion?.buildId ?? '?');
}

/** Waits until the execution's first workflow task has completed. */
async function started(handle: WorkflowHandle): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await buildIds(handle)).length === 0) {
    if (Date.now() > deadline) throw new Error(`${handle.workflowId} never ran`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('worker versioning (PINNED)', () => {
  it(
    'keeps an execution on the build it started on while new ones start on the new current build',
    async () => {
      const bundle = await bundleWorkflowCode({
        workflowsPath: workflowsPath('tests/workflows/fixtures/versioned-waiter.ts'),
        logger: new DefaultLogger('WARN'),
      });
      const connection = await NativeConnection.connect({ address });
      const clientConnection = await Connection.connect({ address });
      const client = new Client({ connection: clientConnection });
      const worker = (buildId: string) =>
        Worker.create({
          connection,
          taskQueue: TASK_QUEUE,
          workflowBundle: bundle,
          workerDeploymentOptions: {
            version: { deploymentName: DEPLOYMENT, buildId },
            useWorkerVersioning: true,
            defaultVersioningBehavior: 'PINNED',
          },
        });
      const v1 = await worker('v1');
      const running: Promise<void>[] = [v1.run()];
      let v2: Worker | null = null;
      try {
        await setCurrentVersion('v1');
        const old = await client.workflow.start(versionedWaiter, {
          taskQueue: TASK_QUEUE,
          workflowId: 'drill-old',
        });
        await started(old);

        // The deploy: v2 starts beside v1 and becomes current; v1 keeps running until its executions drain.
        v2 = await worker('v2');
        running.push(v2.run());
        await setCurrentVersion('v2');
        const fresh = await client.workflow.start(versionedWaiter, {
          taskQueue: TASK_QUEUE,
          workflowId: 'drill-new',
        });
        await started(fresh);

        await old.signal(go);
        await fresh.signal(go);
        expect(await old.result()).toBe('done');
        expect(await fresh.result()).toBe('done');
        const [oldBuilds, freshBuilds] = [await buildIds(old), await buildIds(fresh)];
        expect(oldBuilds.length).toBeGreaterThanOrEqual(2);
        expect(new Set(oldBuilds)).toEqual(new Set(['v1']));
        expect(new Set(freshBuilds)).toEqual(new Set(['v2']));
        const described = await old.describe();
        expect(described.raw.workflowExecutionInfo?.versioningInfo?.behavior).toBe(
          1, // VERSIONING_BEHAVIOR_PINNED
        );
      } finally {
        v1.shutdown();
        v2?.shutdown();
        await Promise.allSettled(running);
        await clientConnection.close();
        await connection.close();
      }
    },
    TIMEOUT,
  );
});
