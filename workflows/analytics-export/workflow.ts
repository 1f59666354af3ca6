/**
 * analyticsExport (issue 23): run nightly by a Temporal Schedule. Plans the generation, exports each table of the
 * analytical store as one activity (a table already exported is not redone when the worker restarts mid-run; a table
 * interrupted half-way is redone by its retry, which writes only the partitions still missing), then commits the
 * manifest. Every step is idempotent: running the whole export again writes nothing new.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { AnalyticsActivities } from '../../activities/analytics.js';
import type { AnalyticsExportInput, AnalyticsExportSummary, AnalyticsTableResult } from './contract.js';

const { planAnalyticsExport, exportAnalyticsTable, commitAnalyticsExport } =
  proxyActivities<AnalyticsActivities>({
    startToCloseTimeout: '30 minutes',
    retry: {
      initialInterval: '30 seconds',
      backoffCoefficient: 2,
      maximumInterval: '10 minutes',
      maximumAttempts: 20,
    },
  });

export async function analyticsExport(input: AnalyticsExportInput = {}): Promise<AnalyticsExportSummary> {
  // Workflow time is deterministic (the time of the workflow task), so replay names the same generation.
  const runDate = input.runDate ?? new Date().toISOString().slice(0, 10);
  const plan = await planAnalyticsExport({ runDate });
  const results: AnalyticsTableResult[] = [];
  for (const table of plan.tables)
    results.push(await exportAnalyticsTable({ generation: plan.generation, table }));
  await commitAnalyticsExport({ generation: plan.generation, tables: results });
  return {
    generation: plan.generation,
    tables: results.length,
    files: results.reduce((a, r) => a + r.files.length, 0),
    written: results.reduce((a, r) => a + r.written, 0),
    unchanged: results.reduce((a, r) => a + r.unchanged, 0),
  };
}
