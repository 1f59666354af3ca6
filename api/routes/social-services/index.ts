/**
 * Social services of a case (issue 6) over the socialService workflow: request, state, needs assessment, decision,
 * deadline extension, delivery records, review, termination and settlements; plus the municipality's monthly
 * settlements (JSON or CSV). Scoped by municipality (a provider's user sees only the services granted to its
 * provider, and only what delivery needs); every read and change audited.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { actionsRoutes } from './actions.js';
import { servicesRoutes } from './services.js';

export { settlementsRouter } from './settlements.js';

export function socialServicesRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  servicesRoutes(app);
  actionsRoutes(app);
  return app;
}
