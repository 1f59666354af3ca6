/** Applications to the provider register (registration, change, renewal, withdrawal) and LM's decisions. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { decideApplication, submitChange, submitRegistration } from '../../../services/providers/commands.js';
import { listApplications } from '../../../services/providers/queries.js';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import {
  ApplicationCreatedSchema,
  ApplicationSchema,
  ApplicationsQuery,
  ChangeApplicationBody,
  DecisionBody,
  DecisionResultSchema,
  RegistrationApplicationBody,
  WithdrawalBody,
} from '../../schemas/providers.js';
import { IdParam, problemResponses } from '../../schemas.js';
import { actorOf, depsOf } from './context.js';

const tags = ['Provider register'];
const security = [{ bearer: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const conflict = { 409: problemResponses[422] };

const submitRoute = createRoute({
  method: 'post',
  path: '/applications',
  tags,
  summary: 'Apply for registration (a provider for itself, or LM on its behalf)',
  security,
  middleware: [authenticate(), requirePermission('provider:apply')] as const,
  request: body(RegistrationApplicationBody),
  responses: { 201: json(ApplicationCreatedSchema, 'Submitted'), ...conflict, ...problemResponses },
});

const listRoute = createRoute({
  method: 'get',
  path: '/applications',
  tags,
  summary: 'Applications (LM: all; a provider: its own), oldest first',
  security,
  middleware: [authenticate(), requirePermission('provider:apply')] as const,
  request: { query: ApplicationsQuery },
  responses: {
    200: json(z.object({ items: z.array(ApplicationSchema) }), 'Applications'),
    ...problemResponses,
  },
});

const decideRoute = createRoute({
  method: 'post',
  path: '/applications/{id}/decision',
  tags,
  summary:
    'LM decides: register (a certificate valid 5 years − 1 day, or the change applied) or refuse (a letter)',
  security,
  middleware: [authenticate(), requirePermission('provider:decide')] as const,
  request: { params: IdParam, ...body(DecisionBody) },
  responses: { 200: json(DecisionResultSchema, 'Decided'), ...conflict, ...problemResponses },
});

const changeRoute = createRoute({
  method: 'post',
  path: '/{id}/applications',
  tags,
  summary: 'Apply for a change (addresses, services, capacity) or a renewal of a registered provider',
  security,
  middleware: [authenticate(), requirePermission('provider:apply')] as const,
  request: { params: IdParam, ...body(ChangeApplicationBody) },
  responses: { 201: json(ApplicationCreatedSchema, 'Submitted'), ...conflict, ...problemResponses },
});

const withdrawalRoute = createRoute({
  method: 'post',
  path: '/{id}/withdrawal',
  tags,
  summary: 'Apply to withdraw from the register from a date',
  security,
  middleware: [authenticate(), requirePermission('provider:apply')] as const,
  request: { params: IdParam, ...body(WithdrawalBody) },
  responses: { 201: json(ApplicationCreatedSchema, 'Submitted'), ...conflict, ...problemResponses },
});

export function applicationsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(submitRoute, async (c) => {
    const { id, state, providerId } = await submitRegistration(depsOf(c), actorOf(c), c.req.valid('json'));
    return c.json({ id, state, providerId }, 201);
  });
  app.openapi(listRoute, async (c) => {
    return c.json({ items: await listApplications(c.get('em'), actorOf(c), c.req.valid('query')) }, 200);
  });
  app.openapi(decideRoute, async (c) => {
    const result = await decideApplication(
      depsOf(c),
      actorOf(c),
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json(result, 200);
  });
  app.openapi(changeRoute, async (c) => {
    const result = await submitChange(depsOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(result, 201);
  });
  app.openapi(withdrawalRoute, async (c) => {
    const result = await submitChange(depsOf(c), actorOf(c), c.req.valid('param').id, {
      kind: 'withdrawal',
      ...c.req.valid('json'),
    });
    return c.json(result, 201);
  });
}
