/**
 * analyticsExport on the time-skipping server with scripted activities: it plans the generation from the run date,
 * exports every table once (a table whose activity dies half-way is retried, and the tables already exported are
 * not redone), then commits the manifest with every table's files.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';
import { analyticsExport } from '../../workflows/analytics-export/workflow.js';
import type { AnalyticsTableResult } from '../../workflows/analytics-export/contract.js';

const TASK_QUEUE = 'analytics-export-test';
const TIMEOUT = 180_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('workflows/index.ts');
}, TIMEOUT);

describe('analyticsExport', () => {
  it(
    'exports each table once, retries the one that died, and commits every table',
    async () => {
      const calls: string[] = [];
      let commit: { generation: string; tables: AnalyticsTableResult[] } | null = null;
      let servicesAttempts = 0;
      const activities = {
        async planAnalyticsExport(input: { runDate: string }) {
          calls.push(`plan:${input.runDate}`);
          return { generation: input.runDate.slice(0, 7), tables: ['persons', 'services', 'placements'] };
        },
        async exportAnalyticsTable(input: {
          generation: string;
          table: string;
        }): Promise<AnalyticsTableResult> {
          calls.push(`export:${input.table}`);
          if (input.table === 'services' && ++servicesAttempts === 1) {
            // The worker died while writing the partitions: the retry writes the rest.
            throw ApplicationFailure.retryable('worker lost while writing partitions', 'WorkerLost');
          }
          const file = {
            table: input.table,
            partition: 'all',
            key: `k/${input.table}`,
            sha256: 'ab',
            rows: 3,
          };
          return {
            table: input.table,
            files: [file],
            written: servicesAttempts > 1 && input.table === 'services' ? 0 : 1,
            unchanged: 0,
          };
        },
        async commitAnalyticsExport(input: { generation: string; tables: AnalyticsTableResult[] }) {
          calls.push('commit');
          commit = input;
        },
      };
      const env = await createTimeSkippingEnv();
      try {
        const worker = await Worker.create({
          connection: env.nativeConnection,
          taskQueue: TASK_QUEUE,
          workflowBundle: bundle,
          activities,
        });
        await worker.runUntil(async () => {
          const summary = await env.client.workflow.execute(analyticsExport, {
            taskQueue: TASK_QUEUE,
            workflowId: 'analytics-export-test',
            args: [{ runDate: '2026-11-28' }],
          });
          expect(summary).toEqual({ generation: '2026-11', tables: 3, files: 3, written: 2, unchanged: 0 });
          await recordHistory(env.client, 'analytics-export-test', 'retries-a-lost-table');
        });
      } finally {
        await env.teardown();
      }
      expect(calls).toEqual([
        'plan:2026-11-28',
        'export:persons',
        'export:services',
        'export:services',
        'export:placements',
        'commit',
      ]);
      expect(commit!.generation).toBe('2026-11');
      expect(commit!.tables.map((t) => t.table)).toEqual(['persons', 'services', 'placements']);
    },
    TIMEOUT,
  );
});
