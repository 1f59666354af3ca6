/**
 * `social-services` bench scenario (issue 6): N concurrent service lifecycles (default 200; BENCH_SERVICES=2000 is
 * the figure) driven through the HTTP API to a decision — request → (PMLP check against the simulator) →
 * needs assessment → grant with the decision letter — measuring lifecycles decided per second and the p95 latency of
 * the decision call, against raw Temporal updates on a minimal waiting workflow on the same server.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { SocialService } from '../infra/db/entities/index.js';
import { rigaToday } from '../infra/clock.js';
import { newId } from '../infra/ids.js';
import { startTestStack, type TestStack } from '../scripts/stack/in-process.js';
import { createBenchCases } from './fixtures.js';
import { percentile, report, throughput } from './measure.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A catalogue type made for the bench through the API (no documents to wait for, one registry check). */
const BENCH_TYPE = {
  code: 'bench-home-visits',
  names: { lv: 'Mājas vizītes (etalons)', en: 'Home visits (bench)' },
  funding: 'municipal',
  legalBasis: 'SPSP 3. pants',
  requiredDocuments: [],
  registryChecks: ['pmlp'],
  assessmentForm: {
    fields: [
      {
        key: 'needLevel',
        label: { lv: 'Vajadzību līmenis', en: 'Level of need' },
        type: 'integer',
        required: true,
        min: 1,
        max: 4,
      },
      { key: 'notes', label: { lv: 'Piezīmes', en: 'Notes' }, type: 'textarea', required: false },
    ],
  },
  unit: 'visit',
  tariffEur: 12.5,
  reviewPeriodMonths: 6,
};

async function call(stack: TestStack, token: string, method: string, url: string, json?: unknown) {
  const res = await stack.request(method, url, { token, ...(json === undefined ? {} : { json }) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function stateOf(stack: TestStack, id: string): Promise<string | null> {
  const row = await stack.orm.em.fork().findOne(SocialService, { id }, { fields: ['state'] });
  return row?.state ?? null;
}

async function services(): Promise<void> {
  const total = Number(process.env.BENCH_SERVICES ?? 200);
  const concurrency = 32;
  const stack = await startTestStack({ seedDemo: true });
  try {
    const admin = await stack.login('admin');
    await call(stack, admin, 'POST', '/api/v1/service-types', BENCH_TYPE);
    const worker = await stack.login('soc.riga');
    const cases = await createBenchCases(stack.orm.em.fork(), total);
    const today = rigaToday();
    const decisionMs: number[] = [];
    let lifecyclesDecided = 0;

    const started = performance.now();
    await throughput(
      async (i) => {
        const c = cases[i];
        if (!c) return;
        const base = `/api/v1/cases/${c.id}/services`;
        const { id } = (await call(stack, worker, 'POST', base, {
          serviceType: BENCH_TYPE.code,
          requestedAt: today,
        })) as { id: string };
        const waitUntil = Date.now() + 30 * 60_000;
        while ((await stateOf(stack, id)) !== 'assessment') {
          if (Date.now() > waitUntil) throw new Error(`service ${id} never reached the assessment`);
          await new Promise((r) => setTimeout(r, 200));
        }
        await call(stack, worker, 'POST', `${base}/${id}/assessment`, { answers: { needLevel: 2 } });
        const t = performance.now();
        await call(stack, worker, 'POST', `${base}/${id}/decision`, {
          decision: 'grant',
          volume: 8,
          providerName: 'Bench aprūpes birojs',
          providerCode: 'BENCH',
          startDate: today,
        });
        decisionMs.push(performance.now() - t);
        lifecyclesDecided++;
      },
      { total, concurrency },
    );
    const seconds = (performance.now() - started) / 1000;
    decisionMs.sort((a, b) => a - b);

    // Baseline: raw updates on minimal waiting workflows, same server, same concurrency.
    const connection = await NativeConnection.connect({ address: stack.config.temporal.address });
    const queue = `bench-decide-${newId()}`;
    const benchWorker = await Worker.create({
      connection,
      taskQueue: queue,
      workflowsPath: path.join(HERE, 'workflows.ts'),
      activities: { benchRecord: async () => undefined },
    });
    const client = stack.deps.temporal.client;
    const rawMs: number[] = [];
    const raw = await benchWorker.runUntil(async () => {
      const ids: string[] = [];
      await throughput(
        async () => {
          const workflowId = `bench-decide-${newId()}`;
          await client.workflow.start('benchAwaitDecision', { taskQueue: queue, workflowId, args: [] });
          ids.push(workflowId);
        },
        { total, concurrency },
      );
      return throughput(
        async (i) => {
          const id = ids[i];
          if (!id) return;
          const t = performance.now();
          await client.workflow.getHandle(id).executeUpdate('benchDecide', { args: ['grant'] });
          rawMs.push(performance.now() - t);
        },
        { total, concurrency },
      );
    });
    await connection.close();
    rawMs.sort((a, b) => a - b);

    const details = {
      lifecycles: total,
      decided: lifecyclesDecided,
      concurrency,
      seconds: Math.round(seconds * 10) / 10,
      decisionP50Ms: Math.round(percentile(decisionMs, 50)),
      rawUpdateP50Ms: Math.round(percentile(rawMs, 50)),
      note: 'project = HTTP + auth + audit + Temporal update whose handler stores the decision letter (Handlebars → MinIO + DB) and answers the view; baseline = executeUpdate on a workflow whose handler only sets a variable',
    };
    report({
      scenario: 'social-services-decision-p95',
      unit: 'ms',
      project: percentile(decisionMs, 95),
      baseline: percentile(rawMs, 95),
      higherIsBetter: false,
      details,
    });
    report({
      scenario: 'social-services-throughput',
      unit: 'lifecycles decided/s vs raw updates/s',
      project: lifecyclesDecided / seconds,
      baseline: raw.perSecond,
      higherIsBetter: true,
      details: {
        lifecycles: total,
        activitiesPerLifecycle: 'state ×5, documents, PMLP child check, assessment, letter',
      },
    });
  } finally {
    await stack.close();
  }
}

export const SOCIAL_SERVICE_SCENARIOS: Record<string, () => Promise<void>> = { 'social-services': services };
