/** The registry simulator as a Hono app: every registry, the banks and the admin API over one state. */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { answer, failure, type SimEnv } from './http-helpers.js';
import { faultInjection, registryOfPath } from './faults.js';
import { registryRoutes } from './registry-routes.js';
import { adminRoutes } from './admin-routes.js';
import { SimulatorState, type SimulatorOptions } from './state.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function createSimulatorState(options: SimulatorOptions): SimulatorState {
  return new SimulatorState(options);
}

export function createRegistrySimulatorApp(state: SimulatorState): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    const given = c.req.header('x-request-id');
    c.set('requestId', given && REQUEST_ID.test(given) ? given : randomUUID());
    c.set('state', state);
    c.set('registry', registryOfPath(c.req.path));
    await next();
    c.res.headers.set('x-request-id', c.get('requestId'));
    state.logRequest({
      at: state.now().toISOString(),
      method: c.req.method,
      path: c.req.path,
      registry: c.get('registry'),
      status: c.res.status,
      requestId: c.get('requestId'),
      durationMs: Math.round(performance.now() - started),
    });
  });
  app.use('*', faultInjection());

  app.get('/health', (c) => answer(c, { status: 'ok', dossiers: state.dossiers.size }));
  app.route('/', registryRoutes());
  app.route('/', adminRoutes());

  app.notFound((c) => failure(c, 404, 'NOT_FOUND', 'no such endpoint'));
  app.onError((err, c) => {
    state.logger?.error({ err, path: c.req.path }, 'simulator error');
    return failure(c, 500, 'INTERNAL_ERROR', 'unexpected simulator error');
  });
  return app;
}
