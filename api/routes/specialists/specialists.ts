/** Specialists: register (a known personal code is a move, never a conflict), read a card, list, move or leave. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { registerSpecialist, updateSpecialist } from '../../../services/specialists/commands.js';
import { getSpecialist, listSpecialists } from '../../../services/specialists/queries.js';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import {
  CreateSpecialistBody,
  DateQuery,
  PatchSpecialistBody,
  SpecialistListQuery,
  SpecialistSchema,
  SpecialistSummarySchema,
} from '../../schemas/specialists.js';
import { IdParam, problemResponses } from '../../schemas.js';
import { actorOf, depsOf } from './context.js';

const tags = ['Specialists register'];
const security = [{ bearer: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const createSpecialistRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Register a specialist at an organisation (a known personal code is recorded as a move)',
  security,
  middleware: [authenticate(), requirePermission('specialist:write')] as const,
  request: { body: { content: { 'application/json': { schema: CreateSpecialistBody } }, required: true } },
  responses: { 201: json(SpecialistSchema, 'Registered'), ...problemResponses },
});

const listSpecialistsRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Specialists in your scope, overdue and due first',
  security,
  middleware: [authenticate(), requirePermission('specialist:read')] as const,
  request: { query: SpecialistListQuery },
  responses: {
    200: json(
      z.object({
        items: z.array(SpecialistSummarySchema),
        total: z.number(),
        page: z.number(),
        pageSize: z.number(),
      }),
      'A page of specialists',
    ),
    ...problemResponses,
  },
});

const getSpecialistRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: "A specialist's card: status on a date, trainings and employment history",
  security,
  middleware: [authenticate(), requirePermission('specialist:read')] as const,
  request: { params: IdParam, query: DateQuery },
  responses: { 200: json(SpecialistSchema, 'The specialist'), ...problemResponses },
});

const patchSpecialistRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary:
    'A move to another organisation ({organisationId}) or leaving ({employedTo}, the last day employed)',
  security,
  middleware: [authenticate(), requirePermission('specialist:write')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: PatchSpecialistBody } }, required: true },
  },
  responses: { 200: json(SpecialistSchema, 'Updated'), ...problemResponses },
});

export function specialistsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createSpecialistRoute, async (c) => {
    const { view } = await registerSpecialist(depsOf(c), actorOf(c), c.req.valid('json'));
    return c.json(view, 201);
  });
  app.openapi(listSpecialistsRoute, async (c) => {
    const deps = depsOf(c);
    return c.json(await listSpecialists(deps.em, actorOf(c), c.req.valid('query'), deps.today), 200);
  });
  app.openapi(getSpecialistRoute, async (c) => {
    const deps = depsOf(c);
    const date = c.req.valid('query').date ?? deps.today;
    return c.json(await getSpecialist(deps.em, actorOf(c), c.req.valid('param').id, date), 200);
  });
  app.openapi(patchSpecialistRoute, async (c) => {
    const view = await updateSpecialist(depsOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(view, 200);
  });
}
