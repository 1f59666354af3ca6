/**
 * The queue for state-funded long-term social care (issue 22), mounted at `/api/v1/care-queue`: requests (a social
 * worker), LM's decisions, the queue on any date, offers of free places and the answers.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { careQueueDepsWithTemporal } from '../../../services/care-queue/deps.js';
import { decideRequest, submitRequest } from '../../../services/care-queue/commands.js';
import { answerOffer, offerPlace } from '../../../services/care-queue/offers.js';
import { queueItems } from '../../../services/care-queue/queries.js';
import type { CareQueueActor } from '../../../services/care-queue/scope.js';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import {
  AnswerBody,
  AnswerSchema,
  CreateRequestBody,
  OfferBody,
  OfferSchema,
  QueueQuery,
  QueueSchema,
  RequestCreatedSchema,
  RequestDecisionBody,
  RequestSchema,
} from '../../schemas/care-queue.js';
import { IdParam, problemResponses } from '../../schemas.js';

const tags = ['Care queue'];
const security = [{ bearer: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const conflict = { 409: problemResponses[422] };

function actorOf(c: Context<AppEnv>): CareQueueActor {
  const u = c.get('user');
  return {
    username: u.username,
    role: u.role,
    municipalityCode: u.municipalityCode,
    requestId: c.get('requestId'),
  };
}
function depsOf(c: Context<AppEnv>) {
  const d = c.get('deps');
  return careQueueDepsWithTemporal(c.get('em'), d.temporal.client, d.config);
}

const requestRoute = createRoute({
  method: 'post',
  path: '/requests',
  tags,
  summary:
    "Request state-funded long-term care for a client of the worker's municipality (one active per type)",
  security,
  middleware: [authenticate(), requirePermission('care-queue:request')] as const,
  request: body(CreateRequestBody),
  responses: { 201: json(RequestCreatedSchema, 'Submitted'), ...conflict, ...problemResponses },
});

const decideRoute = createRoute({
  method: 'post',
  path: '/requests/{id}/decision',
  tags,
  summary: 'LM decides: queue (priority group, the date that counts), refuse, or ask for documents',
  security,
  middleware: [authenticate(), requirePermission('care-queue:decide')] as const,
  request: { params: IdParam, ...body(RequestDecisionBody) },
  responses: { 200: json(RequestSchema, 'Decided'), ...conflict, ...problemResponses },
});

const queueRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'The queue of a service type and region as it stood on a date (default today), position 1 first',
  security,
  middleware: [authenticate(), requirePermission('care-queue:read')] as const,
  request: { query: QueueQuery },
  responses: { 200: json(QueueSchema, 'The queue'), ...problemResponses },
});

const offerRoute = createRoute({
  method: 'post',
  path: '/offers',
  tags,
  summary: "LM offers a provider's free place to the first suitable request of the region's queue (14 days)",
  security,
  middleware: [authenticate(), requirePermission('care-queue:decide')] as const,
  request: body(OfferBody),
  responses: { 201: json(OfferSchema, 'Offered'), ...conflict, ...problemResponses },
});

const answerRoute = createRoute({
  method: 'post',
  path: '/offers/{id}/answer',
  tags,
  summary: "The person's answer, recorded by LM or the social worker of the person's municipality",
  security,
  middleware: [authenticate(), requirePermission('care-queue:answer')] as const,
  request: { params: IdParam, ...body(AnswerBody) },
  responses: { 200: json(AnswerSchema, 'Recorded'), ...conflict, ...problemResponses },
});

export function careQueueRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(requestRoute, async (c) =>
    c.json(await submitRequest(depsOf(c), actorOf(c), c.req.valid('json')), 201),
  );
  app.openapi(decideRoute, async (c) =>
    c.json(await decideRequest(depsOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(queueRoute, async (c) => {
    const q = c.req.valid('query');
    const deps = depsOf(c);
    const date = q.date ?? deps.today;
    const items = await queueItems(deps.em, q.serviceType, q.region, date);
    return c.json({ serviceType: q.serviceType, region: q.region, date, items }, 200);
  });
  app.openapi(offerRoute, async (c) =>
    c.json(await offerPlace(depsOf(c), actorOf(c), c.req.valid('json')), 201),
  );
  app.openapi(answerRoute, async (c) =>
    c.json(await answerOffer(depsOf(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return app;
}
