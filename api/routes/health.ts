/** GET /health: the API and each dependency it needs, 503 naming the failing check. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { withTimeout } from '../../infra/object-store.js';
import type { AppEnv } from '../context.js';

const Check = z.enum(['ok', 'down']);
const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checks: z.object({ database: Check, temporal: Check, objectStorage: Check }),
    errors: z.record(z.string(), z.string()).optional(),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['System'],
  summary: 'Liveness and dependency health',
  responses: {
    200: {
      description: 'All dependencies answer',
      content: { 'application/json': { schema: HealthSchema } },
    },
    503: { description: 'A dependency is down', content: { 'application/json': { schema: HealthSchema } } },
  },
});

type Probe = readonly [name: string, status: 'ok' | 'down', error: string | null];

/** Runs the dependency probes; concurrent health requests share one in-flight run (no stale results are cached). */
async function probeAll(deps: AppEnv['Variables']['deps']): Promise<Probe[]> {
  const probes = {
    database: () => withTimeout(deps.orm.em.getConnection().execute('select 1'), 2000, 'database timed out'),
    temporal: () => withTimeout(deps.temporal.check(), 2000, 'temporal timed out'),
    objectStorage: () => deps.store.ping(2000),
  };
  return Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<Probe> => {
      try {
        await probe();
        return [name, 'ok', null] as const;
      } catch (err) {
        return [name, 'down', err instanceof Error ? err.message : String(err)] as const;
      }
    }),
  );
}

export function healthRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  let inFlight: Promise<Probe[]> | null = null;
  app.openapi(route, async (c) => {
    if (!inFlight) inFlight = probeAll(c.get('deps')).finally(() => (inFlight = null));
    const entries = await inFlight;
    const checks = Object.fromEntries(entries.map(([n, s]) => [n, s])) as z.infer<
      typeof HealthSchema
    >['checks'];
    const errors = Object.fromEntries(entries.filter(([, , e]) => e).map(([n, , e]) => [n, e as string]));
    const ok = entries.every(([, s]) => s === 'ok');
    const body = { status: ok ? ('ok' as const) : ('degraded' as const), checks, ...(ok ? {} : { errors }) };
    return ok ? c.json(body, 200) : c.json(body, 503);
  });
  return app;
}
