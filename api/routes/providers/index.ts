/**
 * The social-service provider register (issue 22), mounted at `/api/v1/providers`; the public register (no sign-in)
 * at `/api/v1/public/providers`. Fixed paths (applications) come before `/{id}`.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { rigaToday } from '../../../infra/clock.js';
import { publicProviders } from '../../../services/providers/queries.js';
import type { AppEnv } from '../../context.js';
import { PublicProviderSchema, PublicProvidersQuery } from '../../schemas/providers.js';
import { problemResponses } from '../../schemas.js';
import { applicationsRoutes } from './applications.js';
import { providerRoutes } from './providers.js';

export function providersRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  applicationsRoutes(app);
  providerRoutes(app);
  return app;
}

const publicRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Provider register'],
  summary: 'The public register: active providers, their addresses, services and certificates (no sign-in)',
  request: { query: PublicProvidersQuery },
  responses: {
    200: {
      description: 'Active providers',
      content: { 'application/json': { schema: z.object({ items: z.array(PublicProviderSchema) }) } },
    },
    422: problemResponses[422],
  },
});

export function publicProvidersRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(publicRoute, async (c) => {
    const items = await publicProviders(c.get('em'), c.req.valid('query'), rigaToday());
    return c.json({ items }, 200);
  });
  return app;
}
