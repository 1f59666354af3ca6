/**
 * `placements`: active placement-review workflows on the dev server.
 * - start rate: POST-equivalent `createPlacement` (row + audit + workflow start) vs starting a minimal timer workflow;
 * - alert fan-out: M placements whose report is due today (overdue at once) until M overdue alerts are recorded, vs M
 *   minimal workflows that find their deadline due and record it with one activity.
 * N = BENCH_PLACEMENTS (default 1000; the figure is 20000), M = BENCH_PLACEMENTS_DUE (default 500; issue: 5000).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Alert, Case } from '../infra/db/entities/index.js';
import { addMonthsClamped } from '../domain/calendar.js';
import { rigaToday } from '../infra/clock.js';
import { newId } from '../infra/ids.js';
import { findOrCreatePerson, openCase } from '../services/case-file.js';
import { createPlacement } from '../services/placements.js';
import { startTestStack } from '../scripts/stack/in-process.js';
import { report, throughput } from './measure.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the fan-out to finish');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function placements(): Promise<void> {
  const n = Number(process.env.BENCH_PLACEMENTS ?? 1000);
  const m = Number(process.env.BENCH_PLACEMENTS_DUE ?? 500);
  const stack = await startTestStack();
  const recorded = new Set<string>();
  const connection = await NativeConnection.connect({ address: stack.config.temporal.address });
  const benchQueue = `bench-baseline-${newId()}`;
  const benchWorker = await Worker.create({
    connection,
    taskQueue: benchQueue,
    workflowsPath: path.join(HERE, 'workflows.ts'),
    activities: {
      async benchRecord(id: string) {
        recorded.add(id);
      },
    },
  });
  const benchRun = benchWorker.run();
  try {
    const em = stack.orm.em.fork();
    const actor = { username: 'bench', role: 'supervisor' as const, municipalityCode: '0001000' };
    const { person } = await findOrCreatePerson(em, {
      personalCode: '321999-00001',
      firstName: 'Bench',
      lastName: 'Bērns',
      birthDate: '2015-01-01',
    });
    if (!(await em.findOne(Case, { personId: person.id, status: 'open' })))
      await openCase(em, actor, person.id);
    const deps = { em: stack.orm.em.fork(), client: stack.deps.temporal.client, config: stack.config };
    const today = rigaToday();
    const placement = (startDate: string) => ({
      childPersonId: person.id,
      institution: { code: 'BENCH', name: 'Bench institution' },
      orphanCourtAtvk: '0001000',
      startDate,
    });
    const load = { total: n, concurrency: 16, warmup: 0 };
    const baselineStart = await throughput(async () => {
      await stack.deps.temporal.client.workflow.start('benchLongTimer', {
        taskQueue: benchQueue,
        workflowId: `bench-long-${newId()}`,
        args: [],
      });
    }, load);
    const recentStart = addMonthsClamped(today, -1);
    const projectStart = await throughput(async () => {
      await createPlacement({ ...deps, em: stack.orm.em.fork() }, actor, placement(recentStart));
    }, load);
    report({
      scenario: 'placements-start',
      unit: 'placements started/s',
      project: projectStart.perSecond,
      baseline: baselineStart.perSecond,
      higherIsBetter: true,
      details: {
        placements: n,
        concurrency: load.concurrency,
        note: 'project = row + audit entry + workflow start',
      },
    });

    // Fan-out: M deadlines due today, in two alternating rounds of M/2 so neither side profits from going second.
    const dueStart = addMonthsClamped(today, -6); // the child is over 3: next report due exactly today
    const half = Math.max(1, Math.floor(m / 2));
    let baselineSeconds = 0;
    let projectSeconds = 0;
    for (let round = 0; round < 2; round++) {
      const ids = Array.from({ length: half }, () => newId());
      const already = recorded.size;
      const t0 = performance.now();
      await throughput(
        async (i) => {
          await stack.deps.temporal.client.workflow.start('benchDueNow', {
            taskQueue: benchQueue,
            workflowId: `bench-due-${ids[i]}`,
            args: [ids[i] ?? ''],
          });
        },
        { total: half, concurrency: 16 },
      );
      await waitUntil(async () => recorded.size - already >= half, 600_000);
      baselineSeconds += (performance.now() - t0) / 1000;

      const before = await stack.orm.em.fork().count(Alert, { kind: 'overdue' });
      const t1 = performance.now();
      await throughput(
        async () => {
          await createPlacement({ ...deps, em: stack.orm.em.fork() }, actor, placement(dueStart));
        },
        { total: half, concurrency: 16 },
      );
      await waitUntil(
        async () => (await stack.orm.em.fork().count(Alert, { kind: 'overdue' })) - before >= half,
        1_800_000,
      );
      projectSeconds += (performance.now() - t1) / 1000;
    }
    report({
      scenario: 'placements-alert-fan-out',
      unit: 's until every due deadline is recorded',
      project: projectSeconds,
      baseline: baselineSeconds,
      higherIsBetter: false,
      details: {
        dueToday: half * 2,
        activePlacementsBefore: n,
        note: 'project = create placement + workflow + idempotent overdue alert row + e-mail to 3 mailboxes (SMTP sink)',
      },
    });
  } finally {
    benchWorker.shutdown();
    await benchRun;
    await connection.close();
    await stack.close();
  }
}

export const PLACEMENT_SCENARIOS: Record<string, () => Promise<void>> = { placements };
