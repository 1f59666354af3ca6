/**
 * `means-test` bench scenario (issue 5): start N means-test cycles (default 500; BENCH_MEANS_TESTS=10000) on the
 * real stack with the simulator at zero latency, measure evaluations per second (start → declaration drafted,
 * state awaiting-decision) and the process's peak RSS (the worker is in-process), against a minimal workflow with
 * the same number of activities on the same Temporal server, started the same way (all N at once, then wait for
 * all). Then reports the open cycles the server holds and the worker's heap growth while they wait for a decision.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { MeansTestCycle } from '../infra/db/entities/index.js';
import { newId } from '../infra/ids.js';
import { rigaToday } from '../infra/clock.js';
import { startMeansTestCycle } from '../services/means-test.js';
import { startTestStack } from '../scripts/stack/in-process.js';
import { createBenchCases } from './fixtures.js';
import { report, throughput } from './measure.js';

/** Activities one evaluation of an unknown-to-registries single-person household runs (state ×2, settings,
 * PMLP ×2, VDEĀVK, VSAA, VID, VZD, account register, declaration). */
const ACTIVITIES_PER_EVALUATION = 11;

function sampler(): { peakMb: () => number; stop: () => void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return { peakMb: () => peak / 1e6, stop: () => clearInterval(timer) };
}

async function means(): Promise<void> {
  const total = Number(process.env.BENCH_MEANS_TESTS ?? 500);
  const concurrency = 16;
  const stack = await startTestStack({ seedDemo: true });
  try {
    const cases = await createBenchCases(stack.orm.em.fork(), total);
    const actor = { username: 'bench', role: 'social_worker' as const, municipalityCode: '0001000' };
    const deps = { em: stack.orm.em.fork(), client: stack.deps.temporal.client, config: stack.config };
    const mem = sampler();
    const started = performance.now();
    await throughput(
      async (i) => {
        const c = cases[i];
        if (!c) return;
        await startMeansTestCycle({ ...deps, em: stack.orm.em.fork() }, actor, c, {
          applicationDate: rigaToday(),
        });
      },
      { total, concurrency },
    );
    let evaluated = 0;
    const deadline = Date.now() + 120 * 60_000;
    while (Date.now() < deadline) {
      evaluated = await stack.orm.em.fork().count(MeansTestCycle, { state: 'awaiting-decision' });
      if (evaluated >= total) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    const peakMb = mem.peakMb();
    mem.stop();

    // Open cycles: all wait for a decision; the worker's heap should not grow while they wait.
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed / 1e6;
    await new Promise((r) => setTimeout(r, 10_000));
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed / 1e6;

    // Baseline: a minimal workflow with the same number of activities, same server, own worker.
    const queue = `bench-means-baseline-${randomUUID()}`;
    const connection = await NativeConnection.connect({ address: stack.config.temporal.address });
    const worker = await Worker.create({
      connection,
      taskQueue: queue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: fileURLToPath(new URL('./means-test-baseline-workflow.ts', import.meta.url)),
        logger: new DefaultLogger('WARN'),
      }),
      activities: { benchNoop: async (i: number) => i },
      // The same cache size as the project's worker (DIGISOC_WORKER_MAX_CACHED_WORKFLOWS, else the SDK's default).
      ...(stack.config.temporal.maxCachedWorkflows !== undefined
        ? { maxCachedWorkflows: stack.config.temporal.maxCachedWorkflows }
        : {}),
    });
    // Same load shape as the project: start all N at once, then wait until every one has finished.
    const baseline = await worker.runUntil(async () => {
      const t0 = performance.now();
      const handles: WorkflowHandle[] = [];
      await throughput(
        async () => {
          handles.push(
            await stack.deps.temporal.client.workflow.start('benchMeansTestBaseline', {
              taskQueue: queue,
              workflowId: `bench-means-baseline-${newId()}`,
              args: [ACTIVITIES_PER_EVALUATION],
            }),
          );
        },
        { total, concurrency },
      );
      await throughput(
        async (i) => {
          await handles[i]?.result();
        },
        { total, concurrency: 64 },
      );
      return { perSecond: total / ((performance.now() - t0) / 1000) };
    });
    await connection.close();

    report({
      scenario: 'means-test-cycles',
      unit: 'evaluations/s',
      project: evaluated / seconds,
      baseline: baseline.perSecond,
      higherIsBetter: true,
      details: {
        cycles: total,
        evaluated,
        seconds: Math.round(seconds * 10) / 10,
        peakRssMb: Math.round(peakMb),
        openCycles: evaluated,
        heapMbWhileOpen: { before: Math.round(heapBefore), after10s: Math.round(heapAfter) },
        activitiesPerEvaluation: ACTIVITIES_PER_EVALUATION,
        maxCachedWorkflows: stack.config.temporal.maxCachedWorkflows ?? 'SDK default',
        note: 'project = 2 child registry checks, evidence snapshots in MinIO + DB, declaration letter, audit; baseline = no-op activities',
      },
    });
  } finally {
    await stack.close();
  }
}

export const MEANS_TEST_SCENARIOS: Record<string, () => Promise<void>> = { 'means-test': means };
