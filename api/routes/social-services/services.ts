/** A case's social services: request (starts the workflow), list, one service, its settlements. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { rigaToday } from '../../../infra/clock.js';
import { UnknownServiceTypeError } from '../../../services/social-services/catalogue.js';
import { startSocialService } from '../../../services/social-services/commands.js';
import {
  serviceDetail,
  serviceSummary,
  visibleServiceOr404,
} from '../../../services/social-services/detail.js';
import { servicesOfCase, settlementsOf, settlementView } from '../../../services/social-services/queries.js';
import { audit } from '../../audit.js';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import { HttpProblem } from '../../problem.js';
import { ServiceParams, ServiceSchema, StartBody } from '../../schemas/social-services.js';
import { IdParam, problemResponses } from '../../schemas.js';
import { visibleCaseOr404 } from '../cases.js';
import { actorOf, depsOf, secured } from './context.js';

const startRoute = createRoute({
  ...secured,
  method: 'post',
  path: '/{id}/services',
  summary: 'Register a service request and start its lifecycle workflow',
  middleware: [authenticate(), requirePermission('service:write')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: StartBody } }, required: true },
  },
  responses: {
    202: {
      description: 'Started',
      content: {
        'application/json': {
          schema: z.object({ id: z.string(), workflowId: z.string(), state: z.string() }),
        },
      },
    },
    ...problemResponses,
  },
});

const listRoute = createRoute({
  ...secured,
  method: 'get',
  path: '/{id}/services',
  summary: 'Services of a case with their state and next deadline',
  middleware: [authenticate(), requirePermission('service:read')] as const,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Services',
      content: { 'application/json': { schema: z.object({ items: z.array(ServiceSchema) }) } },
    },
    ...problemResponses,
  },
});

const getRoute = createRoute({
  ...secured,
  method: 'get',
  path: '/{id}/services/{sid}',
  summary: 'State, step, deadlines, decision, deliveries and history of a service',
  middleware: [authenticate(), requirePermission('service:deliver')] as const,
  request: { params: ServiceParams },
  responses: {
    200: { description: 'Service', content: { 'application/json': { schema: ServiceSchema } } },
    ...problemResponses,
  },
});

const settlementsRoute = createRoute({
  ...secured,
  method: 'get',
  path: '/{id}/services/{sid}/settlements',
  summary: 'Monthly settlements of a service: cost, what the client pays, what the funder pays',
  middleware: [authenticate(), requirePermission('service:read')] as const,
  request: { params: ServiceParams },
  responses: {
    200: {
      description: 'Settlements',
      content: { 'application/json': { schema: z.object({ items: z.array(ServiceSchema) }) } },
    },
    ...problemResponses,
  },
});

export function servicesRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(startRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const found = await visibleCaseOr404(c, id, 'social-service.start');
    try {
      const row = await startSocialService(depsOf(c), actorOf(c), found, {
        serviceType: body.serviceType,
        requestedAt: body.requestedAt ?? rigaToday(),
        notes: body.notes ?? null,
      });
      return c.json({ id: row.id, workflowId: row.workflowId, state: row.state }, 202);
    } catch (err) {
      if (err instanceof UnknownServiceTypeError) {
        throw new HttpProblem(422, 'unknown service type', {
          errors: [{ path: 'serviceType', message: 'no active service type with this code' }],
        });
      }
      throw err;
    }
  });

  app.openapi(listRoute, async (c) => {
    const { id } = c.req.valid('param');
    await visibleCaseOr404(c, id, 'social-service.list');
    const rows = await servicesOfCase(c.get('em'), id);
    await audit(c, { action: 'social-service.list', resourceType: 'case', resourceId: id, caseId: id });
    return c.json({ items: rows.map(serviceSummary) }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id, sid } = c.req.valid('param');
    const row = await visibleServiceOr404(c.get('em'), actorOf(c), id, sid, 'social-service.read');
    const body = await serviceDetail(depsOf(c), c.get('user').role, row);
    await audit(c, {
      action: 'social-service.read',
      resourceType: 'social-service',
      resourceId: sid,
      caseId: id,
    });
    return c.json(body, 200);
  });

  app.openapi(settlementsRoute, async (c) => {
    const { id, sid } = c.req.valid('param');
    const row = await visibleServiceOr404(
      c.get('em'),
      actorOf(c),
      id,
      sid,
      'social-service.settlements.read',
    );
    const items = (await settlementsOf(c.get('em'), row.id)).map(settlementView);
    await audit(c, {
      action: 'social-service.settlements.read',
      resourceType: 'social-service',
      resourceId: sid,
      caseId: id,
    });
    return c.json({ items }, 200);
  });
}
