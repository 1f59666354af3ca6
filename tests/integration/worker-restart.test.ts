/**
 * Durability: a worker process killed mid-workflow loses nothing — a new worker process finishes the workflow.
 * Also checks that the real `temporal` CLI lists the workflow the system started.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Case, Person } from '../../infra/db/entities/index.js';
import { storeSystemDocument } from '../../services/documents.js';
import { binary, startTsService, type ManagedProcess } from '../../scripts/stack.js';
import {
  integrityProgressQuery,
  type DocumentIntegrityProgress,
} from '../../workflows/document-integrity-check.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let caseId: string;
const VERSIONS = 120;

function startWorkerProcess(name: string): Promise<ManagedProcess> {
  const logDir = `${process.env.DIGISOC_TEST_DIR ?? '/tmp'}/logs`;
  return startTsService({
    name,
    script: 'app/worker.ts',
    env: { ...stack.env, DIGISOC_LOG_LEVEL: 'info' },
    logDir,
    ready: async () =>
      fs.existsSync(`${logDir}/${name}.log`) &&
      fs.readFileSync(`${logDir}/${name}.log`, 'utf8').includes('DigiSoc worker running'),
  });
}

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  const em = stack.orm.em.fork();
  const person = await em.findOneOrFail(Person, { personalCode: '051290-19726' });
  caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
  for (let i = 0; i < VERSIONS; i++) {
    await storeSystemDocument(stack.orm.em.fork(), stack.store, {
      caseId,
      title: `Vēstule ${i}`,
      type: 'letter',
      source: 'generated',
      fileName: `letter-${i}.txt`,
      contentType: 'text/plain',
      actor: 'test',
      idempotencyKey: `durability-${i}`,
      body: Buffer.from(`Vēstule numur ${i}\n`),
    });
  }
});
afterAll(async () => {
  await stack.close();
});

describe('a worker killed mid-workflow', () => {
  it('loses no workflow: a restarted worker completes it', async () => {
    let worker = await startWorkerProcess('worker-a');
    const workflowId = `integrity-${caseId}`;
    const handle = await stack.deps.temporal.client.workflow.start('documentIntegrityCheck', {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [{ caseId, requestedBy: 'test' }],
    });
    let progress: DocumentIntegrityProgress = { total: 0, checked: 0, failures: [] };
    const deadline = Date.now() + 60_000;
    while (progress.checked < 8 && Date.now() < deadline) {
      progress = await handle.query(integrityProgressQuery).catch(() => progress);
      await new Promise((r) => setTimeout(r, 20));
    }
    // SIGKILL: no graceful shutdown, in-flight activities are simply lost.
    process.kill(-(worker.child.pid ?? 0), 'SIGKILL');
    await new Promise((r) => worker.child.once('exit', r));
    await worker.stop();
    expect(progress.checked).toBeLessThan(VERSIONS);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    worker = await startWorkerProcess('worker-b');
    try {
      const result = (await handle.result()) as DocumentIntegrityProgress;
      expect(result.total).toBe(VERSIONS);
      expect(result.checked).toBe(VERSIONS);
      expect(result.failures).toEqual([]);
    } finally {
      await worker.stop();
    }

    // The real Temporal CLI sees the workflow the system ran.
    const listed = execFileSync(
      binary('temporal'),
      [
        'workflow',
        'list',
        '--address',
        stack.config.temporal.address,
        '--query',
        `WorkflowId='${workflowId}'`,
        '--output',
        'json',
      ],
      { encoding: 'utf8' },
    );
    expect(listed).toContain(workflowId);
    expect(listed).toContain('COMPLETED');
  });
});
