/** A provider of the register on a date, and its report of free places. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { reportFreePlaces } from '../../../services/providers/commands.js';
import { getProvider } from '../../../services/providers/queries.js';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import { DateQuery, FreePlacesBody, ProviderSchema } from '../../schemas/providers.js';
import { IdParam, problemResponses } from '../../schemas.js';
import { actorOf, depsOf } from './context.js';

const tags = ['Provider register'];
const security = [{ bearer: [] }];

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'A provider on a date (default today): active or not, its certificate, addresses and services',
  security,
  middleware: [authenticate(), requirePermission('provider:read')] as const,
  request: { params: IdParam, query: DateQuery },
  responses: {
    200: { description: 'The provider', content: { 'application/json': { schema: ProviderSchema } } },
    ...problemResponses,
  },
});

const freePlacesRoute = createRoute({
  method: 'put',
  path: '/{id}/free-places',
  tags,
  summary: "The provider's free places of a service type (at most the registered capacity)",
  security,
  middleware: [authenticate(), requirePermission('provider:apply')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: FreePlacesBody } }, required: true },
  },
  responses: {
    200: {
      description: 'Free places per service type',
      content: { 'application/json': { schema: z.object({ freePlaces: z.record(z.string(), z.number()) }) } },
    },
    ...problemResponses,
  },
});

export function providerRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getRoute, async (c) => {
    const deps = depsOf(c);
    const date = c.req.valid('query').date ?? deps.today;
    return c.json(await getProvider(deps.em, actorOf(c), c.req.valid('param').id, date), 200);
  });
  app.openapi(freePlacesRoute, async (c) => {
    const freePlaces = await reportFreePlaces(
      depsOf(c),
      actorOf(c),
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json({ freePlaces }, 200);
  });
}
