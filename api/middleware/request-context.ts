/** Request id, a per-request ORM context, and one access-log line per request (never with personal codes). */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { requestContext } from '../../infra/logger.js';
import type { AppDeps, AppEnv } from '../context.js';

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestContextMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('deps', deps);
    c.set('em', deps.orm.em.fork());
    const started = performance.now();
    await requestContext.run({ requestId }, async () => {
      await next();
    });
    c.header('X-Request-Id', requestId);
    const status = c.res.status;
    if (c.req.path !== '/health' || status !== 200) {
      deps.logger.info(
        {
          requestId,
          method: c.req.method,
          path: c.req.path,
          status,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    }
  };
}
