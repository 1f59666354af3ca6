/**
 * npaisSync and documentIntegrityCheck on the time-skipping server with scripted activities: the sync starts one
 * placementReview child per placement and counts one already watched instead of starting it twice; the integrity
 * check verifies every version (small and large ones through their own timeouts) and records the failures once.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';
import { npaisSync } from '../../workflows/npais-sync/workflow.js';
import { placementReview } from '../../workflows/placement-review/workflow.js';
import {
  placementReviewState,
  placementReviewWorkflowId,
  type PlacementReviewInput,
} from '../../workflows/placement-review/contract.js';
import { documentIntegrityCheck } from '../../workflows/document-integrity-check.js';
import type { IntegrityFailure, StoredVersionRef } from '../../activities/document-integrity.js';

const TASK_QUEUE = 'npais-integrity-test';
const TIMEOUT = 180_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('workflows/index.ts');
}, TIMEOUT);

async function withWorker(activities: object, body: (env: TestWorkflowEnvironment) => Promise<void>) {
  const env = await createTimeSkippingEnv();
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: bundle,
      activities,
    });
    await worker.runUntil(body(env));
  } finally {
    await env.teardown();
  }
}

describe('npaisSync', () => {
  it(
    'starts a placementReview per placement of the feed; a placement already watched is not started twice',
    async () => {
      const placement = (id: string): PlacementReviewInput => ({
        placementId: id,
        childBirthDate: '2024-05-01',
        startDate: '2026-10-01',
      });
      const syncCalls: unknown[] = [];
      const activities = {
        async syncNpaisDecisions(input: unknown) {
          syncCalls.push(input);
          return {
            since: '2026-09-01',
            decisions: 3,
            created: 2,
            placements: [placement('p-new'), placement('p-old')],
          };
        },
        // The alert settings of the first due date (patch placement-pinned-alert-settings).
        async resolveDeadlineAlertSettings() {
          return { dueSoonDays: 14, escalationEveryDays: 30 };
        },
        // The children's first alert is months away; these never run within the test.
        async raisePlacementAlert() {
          return { alertId: 'a', created: true };
        },
        async sendAlertMail() {
          return 'sent' as const;
        },
      };
      await withWorker(activities, async (env) => {
        await env.client.workflow.start(placementReview, {
          taskQueue: TASK_QUEUE,
          workflowId: placementReviewWorkflowId('p-old'),
          args: [placement('p-old')],
        });
        const summary = await env.client.workflow.execute(npaisSync, {
          taskQueue: TASK_QUEUE,
          workflowId: 'npais-sync-test',
          args: [{ since: '2026-09-01' }],
        });
        expect(summary).toEqual({
          since: '2026-09-01',
          decisions: 3,
          created: 2,
          started: 1,
          alreadyRunning: 1,
        });
        expect(syncCalls).toEqual([{ since: '2026-09-01' }]);
        const child = env.client.workflow.getHandle(placementReviewWorkflowId('p-new'));
        expect((await child.describe()).status.name).toBe('RUNNING');
        expect((await child.query(placementReviewState)).nextReportDue).toBe('2027-01-01');
        await recordHistory(env.client, 'npais-sync-test', 'starts-new-skips-watched');
        await recordHistory(env.client, placementReviewWorkflowId('p-new'), 'started-by-npais-sync');
      });
    },
    TIMEOUT,
  );
});

describe('documentIntegrityCheck', () => {
  it(
    'verifies every stored version in batches and records the failures once',
    async () => {
      const refs: StoredVersionRef[] = [1, 2, 3, 4, 5].map((n) => ({
        documentId: `doc-${n}`,
        version: 1,
        objectKey: `cases/case-1/doc-${n}/1`,
        sha256: 'a'.repeat(64),
        size: n === 5 ? 6 * 1024 * 1024 : 1024,
      }));
      const verified: string[] = [];
      const recorded: { checked: number; failures: IntegrityFailure[] }[] = [];
      const activities = {
        async listStoredDocumentVersions(caseId: string) {
          return caseId === 'case-1' ? refs : [];
        },
        async verifyStoredDocument(ref: StoredVersionRef): Promise<IntegrityFailure | null> {
          verified.push(ref.documentId);
          return ref.documentId === 'doc-3'
            ? { documentId: ref.documentId, version: ref.version, problem: 'checksum-mismatch' }
            : null;
        },
        async recordIntegrityResult(input: { checked: number; failures: IntegrityFailure[] }) {
          recorded.push({ checked: input.checked, failures: input.failures });
        },
      };
      await withWorker(activities, async (env) => {
        const result = await env.client.workflow.execute(documentIntegrityCheck, {
          taskQueue: TASK_QUEUE,
          workflowId: 'integrity-case-1',
          args: [{ caseId: 'case-1', requestedBy: 'soc.riga' }],
        });
        const failure = { documentId: 'doc-3', version: 1, problem: 'checksum-mismatch' };
        expect(result).toEqual({ total: 5, checked: 5, failures: [failure] });
        expect([...verified].sort()).toEqual(['doc-1', 'doc-2', 'doc-3', 'doc-4', 'doc-5']);
        expect(recorded).toEqual([{ checked: 5, failures: [failure] }]);
        await recordHistory(env.client, 'integrity-case-1', 'one-mismatch-among-five');
      });
    },
    TIMEOUT,
  );
});
