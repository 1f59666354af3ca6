/**
 * `dms-webhooks`: N signed application webhooks (default 1000, BENCH_DMS=10000) from the DMS simulator at full speed
 * into the whole DigiSoc stack, vs a bare Hono route that only verifies the signature. Reports deliveries accepted
 * per second, the p95 time from delivery to task creation (vs the bare route's p95 answer time), and lost or
 * duplicated intakes (must both be 0). `BENCH_DMS_WORKER=false` measures the accept path alone (no worker: tasks are
 * then reported lost, by design).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { verifySignature } from '../domain/dms/signature.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../domain/dms/systems.js';
import { DmsIntake, Task } from '../infra/db/entities/index.js';
import { startTestStack } from '../scripts/stack/in-process.js';
import { percentile, report } from './measure.js';

interface Delivery {
  dmsDocumentId: string;
  status: number;
  intakeId: string | null;
  sentAt: number;
  answeredAt: number;
}
interface Emission {
  done: boolean;
  accepted: number;
  duplicates: number;
  failed: number;
  elapsedMs: number;
  deliveries: Delivery[];
}

const SECRET = process.env.DIGISOC_DEMO_DMS_SECRET ?? 'demo-dms-secret';

async function emit(target: string, count: number): Promise<Emission> {
  const sim = process.env.DIGISOC_DMS_SIM_URL;
  if (!sim) throw new Error('DIGISOC_DMS_SIM_URL is not set (the DMS simulator is not running)');
  const res = await fetch(`${sim}/_admin/emit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      system: 'namejs',
      count,
      municipalityAtvk: '0001000',
      documentType: 'SD-ILD',
      target,
      concurrency: 32,
    }),
  });
  if (res.status !== 202) throw new Error(`emit answered ${res.status}: ${await res.text()}`);
  const { emissionId } = (await res.json()) as { emissionId: string };
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const e = (await (
      await fetch(`${sim}/_admin/emissions/${emissionId}?deliveries=true`)
    ).json()) as Emission;
    if (e.done) return e;
  }
}

async function bareRoute(): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  app.post('/api/v1/integrations/dms/:system/documents', async (c) => {
    const raw = await c.req.text();
    const check = verifySignature({
      secrets: [SECRET],
      timestamp: c.req.header(TIMESTAMP_HEADER),
      signature: c.req.header(SIGNATURE_HEADER),
      rawBody: raw,
    });
    return check.ok ? c.json({ intakeId: 'bare' }, 202) : c.json({ error: 'signature' }, 401);
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    );
  });
}

async function dmsWebhooks(): Promise<void> {
  const n = Number(process.env.BENCH_DMS ?? 1000);
  const bare = await bareRoute();
  const baseline = await emit(bare.url, n);
  await bare.close();
  const baselineAnswers = baseline.deliveries.map((d) => d.answeredAt - d.sentAt).sort((a, b) => a - b);

  const stack = await startTestStack({ worker: process.env.BENCH_DMS_WORKER !== 'false' });
  try {
    const run = await emit(stack.baseUrl, n);
    const intakeIds = new Set(run.deliveries.flatMap((d) => (d.intakeId ? [d.intakeId] : [])));
    const em = () => stack.orm.em.fork();
    const deadline = Date.now() + 60_000 + n * 100;
    let tasks = 0;
    while (Date.now() < deadline) {
      tasks = await em().count(Task, { kind: { $in: ['dms-application', 'dms-triage'] } });
      if (tasks >= intakeIds.size) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const rows = await em().find(
      Task,
      { kind: { $in: ['dms-application', 'dms-triage'] } },
      { fields: ['source', 'createdAt'] },
    );
    const taskAt = new Map<string, number>();
    let duplicatedTasks = 0;
    for (const t of rows) {
      if (taskAt.has(t.source)) duplicatedTasks++;
      taskAt.set(t.source, t.createdAt.getTime());
    }
    const toTask = run.deliveries
      .flatMap((d) => {
        const at = d.intakeId ? taskAt.get(d.intakeId) : undefined;
        return at === undefined ? [] : [at - d.sentAt];
      })
      .sort((a, b) => a - b);
    const intakes = await em().count(DmsIntake, {});
    const lost = n - [...intakeIds].filter((id) => taskAt.has(id)).length;
    const duplicated = duplicatedTasks + Math.max(0, intakes - intakeIds.size);
    report({
      scenario: 'dms-webhooks-accepted',
      unit: 'deliveries/s',
      project: (run.accepted / run.elapsedMs) * 1000,
      baseline: (baseline.accepted / baseline.elapsedMs) * 1000,
      higherIsBetter: true,
      details: { deliveries: n, accepted: run.accepted, failed: run.failed, concurrency: 32 },
    });
    report({
      scenario: 'dms-webhooks-delivery-to-task-p95',
      unit: 'ms',
      project: percentile(toTask, 95),
      baseline: percentile(baselineAnswers, 95),
      higherIsBetter: false,
      details: {
        deliveries: n,
        p50ToTaskMs: percentile(toTask, 50),
        baselineWhat: 'p95 answer time of a bare Hono route that only verifies the signature',
        lostIntakes: lost,
        duplicatedIntakes: duplicated,
      },
    });
    if (lost !== 0 || duplicated !== 0) throw new Error(`lost ${lost}, duplicated ${duplicated} intakes`);
  } finally {
    await stack.close();
  }
}

export const DMS_SCENARIOS: Record<string, () => Promise<void>> = { 'dms-webhooks': dmsWebhooks };
