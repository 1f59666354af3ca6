/** Deadline alerts of every process: list (supervisors: their municipality; BAC: all, read-only) and acknowledge. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { acknowledgeAlert, AlertNotFoundError, alertView, listAlerts } from '../../services/alerts.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { IdParam, problemResponses } from '../schemas.js';
import { audit } from '../audit.js';

export const AlertSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ example: 'overdue', description: 'due-soon | overdue | escalation' }),
    subjectType: z.string(),
    subjectId: z.string(),
    caseId: z.string().nullable(),
    municipalityCode: z.string(),
    orphanCourtAtvk: z.string().nullable(),
    dueDate: z.string(),
    escalationNo: z.number().int(),
    audience: z.array(z.string()),
    summary: z.string(),
    state: z.string().openapi({ description: 'open | acknowledged' }),
    createdAt: z.string(),
    mailedAt: z.string().nullable(),
    ackBy: z.string().nullable(),
    ackAt: z.string().nullable(),
  })
  .openapi('Alert');

const ListQuery = z.object({
  state: z.enum(['open', 'acknowledged']).optional(),
  kind: z.enum(['due-soon', 'overdue', 'escalation']).optional(),
  subjectType: z.string().max(40).optional(),
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Alerts'],
  summary: 'Deadline alerts in the user’s scope, newest first',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('alert:read')] as const,
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'Alerts',
      content: { 'application/json': { schema: z.object({ items: z.array(AlertSchema) }) } },
    },
    ...problemResponses,
  },
});

const ackRoute = createRoute({
  method: 'post',
  path: '/{id}/ack',
  tags: ['Alerts'],
  summary: 'Acknowledge an alert (supervisor of its municipality)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('alert:ack')] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'Acknowledged', content: { 'application/json': { schema: AlertSchema } } },
    ...problemResponses,
  },
});

export function alertsRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const items = await listAlerts(c.get('em'), c.get('user'), query);
    await audit(c, {
      action: 'alert.list',
      resourceType: 'alert',
      details: { ...query, count: items.length },
    });
    return c.json({ items: items.map(alertView) }, 200);
  });

  app.openapi(ackRoute, async (c) => {
    const { id } = c.req.valid('param');
    try {
      const alert = await acknowledgeAlert(
        c.get('em'),
        { ...c.get('user'), requestId: c.get('requestId') },
        id,
      );
      return c.json(alertView(alert), 200);
    } catch (err) {
      if (err instanceof AlertNotFoundError) {
        await audit(c, { action: 'alert.ack', resourceType: 'alert', resourceId: id, outcome: 'not-found' });
        throw new HttpProblem(404, 'no such alert');
      }
      throw err;
    }
  });
  return app;
}
