/**
 * The adoption register and matching (MK 794; issue 8), mounted at `/api/v1/adoption`. Only `adoption_specialist`
 * reaches any of it: every other role gets the same 404 as an unknown route (no existence leak), and the denied
 * attempt is audited. Every read and change is audited (by the services in `services/adoption/`).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { adoptersRoutes } from './adopters.js';
import { childrenRoutes } from './children.js';
import { exportsRoutes } from './exports.js';
import { matchesRoutes } from './matches.js';

export { adoptionOnly } from './context.js';

export function adoptionRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  childrenRoutes(app);
  adoptersRoutes(app);
  matchesRoutes(app);
  exportsRoutes(app);
  return app;
}
