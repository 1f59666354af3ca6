/**
 * The worker (temporal/worker.ts createWorker, as the worker process and the test stack create it) reports its build
 * id, and Temporal records it on every workflow task the worker completes, so a history shows which build ran each
 * step. On the dev server of the temporal CLI (the server the stack runs): the time-skipping test server does not
 * record build ids.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { freePort, startTemporal, type ManagedProcess } from '../../scripts/stack.js';
import { bundleWorkflows, createWorker, WORKER_DEPLOYMENT_NAME } from '../../temporal/worker.js';
import { documentIntegrityCheck } from '../../workflows/document-integrity-check.js';

const TIMEOUT = 180_000;
let dir: string;
let server: ManagedProcess;
let address: string;
let bundle: { codePath: string };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-build-id-'));
  const port = await freePort();
  server = await startTemporal({ port, uiPort: await freePort(), logDir: dir });
  address = `127.0.0.1:${port}`;
  bundle = await bundleWorkflows(path.join(dir, 'workflows.js'));
}, TIMEOUT);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('worker build id', () => {
  it(
    'is the deployment version the worker reports and is recorded on each completed workflow task',
    async () => {
      const connection = await NativeConnection.connect({ address });
      const clientConnection = await Connection.connect({ address });
      try {
        const worker = await createWorker({
          connection,
          namespace: 'default',
          taskQueue: 'build-id-test',
          workflowBundle: bundle,
          buildId: 'test-build-7',
          activities: {
            async listStoredDocumentVersions() {
              return [];
            },
            async recordIntegrityResult() {},
          },
        });
        expect(worker.options.workerDeploymentOptions).toEqual({
          version: { deploymentName: WORKER_DEPLOYMENT_NAME, buildId: 'test-build-7' },
          useWorkerVersioning: false,
        });
        const client = new Client({ connection: clientConnection });
        const history = await worker.runUntil(async () => {
          const handle = await client.workflow.start(documentIntegrityCheck, {
            taskQueue: 'build-id-test',
            workflowId: 'build-id-check',
            args: [{ caseId: 'case-1', requestedBy: 'soc.riga' }],
          });
          await handle.result();
          return handle.fetchHistory();
        });
        const completed = (history.events ?? [])
          .map((e) => e.workflowTaskCompletedEventAttributes)
          .filter((a) => a != null);
        expect(completed.length).toBeGreaterThan(0);
        expect(completed.map((a) => a.workerVersion?.buildId)).toEqual(completed.map(() => 'test-build-7'));
      } finally {
        await clientConnection.close();
        await connection.close();
      }
    },
    TIMEOUT,
  );
});
