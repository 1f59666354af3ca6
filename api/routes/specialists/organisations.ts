/** The organisations that keep specialists: BAC maintains the list; everyone with access to the register reads it. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createOrganisation } from '../../../services/specialists/commands.js';
import { listOrganisations } from '../../../services/specialists/queries.js';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import { CreateOrganisationBody, OrganisationSchema } from '../../schemas/specialists.js';
import { problemResponses } from '../../schemas.js';
import { actorOf } from './context.js';

const tags = ['Specialists register'];

const createOrganisationRoute = createRoute({
  method: 'post',
  path: '/organisations',
  tags,
  summary: 'Add an organisation that keeps specialists (BAC)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('specialist:oversee')] as const,
  request: { body: { content: { 'application/json': { schema: CreateOrganisationBody } }, required: true } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: OrganisationSchema } } },
    409: problemResponses[422],
    ...problemResponses,
  },
});

const listOrganisationsRoute = createRoute({
  method: 'get',
  path: '/organisations',
  tags,
  summary: 'The organisations that keep specialists',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('specialist:read')] as const,
  responses: {
    200: {
      description: 'Organisations',
      content: { 'application/json': { schema: z.object({ items: z.array(OrganisationSchema) }) } },
    },
    ...problemResponses,
  },
});

export function organisationsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createOrganisationRoute, async (c) => {
    const view = await createOrganisation(c.get('em'), actorOf(c), c.req.valid('json'));
    return c.json(view, 201);
  });
  app.openapi(listOrganisationsRoute, async (c) => {
    return c.json({ items: await listOrganisations(c.get('em')) }, 200);
  });
}
