/**
 * The register of specialists qualified in children's rights protection (issue 19), mounted at
 * `/api/v1/specialists`. Fixed paths (organisations, reports, import) come before `/{id}`.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.js';
import { importRoutes } from './import.js';
import { organisationsRoutes } from './organisations.js';
import { reportsRoutes } from './reports.js';
import { specialistsRoutes } from './specialists.js';
import { trainingsRoutes } from './trainings.js';

export function specialistsRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  organisationsRoutes(app);
  reportsRoutes(app);
  importRoutes(app);
  specialistsRoutes(app);
  trainingsRoutes(app);
  return app;
}
