/**
 * `POST /api/v1/cases/{id}/services/{sid}/rehabilitation-sessions` (issue 20): the provider records a session of a
 * victim-rehabilitation service; beyond the course's limit → 422 `form`.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { rigaToday } from '../../infra/clock.js';
import { recordRehabilitationSession } from '../../services/rehabilitation/commands.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { recordRehabilitationCourse } from '../../services/rehabilitation/course.js';
import {
  CourseBody,
  CourseSchema,
  SessionBody,
  SessionParams,
  SessionSchema,
} from '../schemas/rehabilitation.js';
import { problemResponses } from '../schemas.js';

const sessionRoute = createRoute({
  method: 'post',
  path: '/{id}/services/{sid}/rehabilitation-sessions',
  tags: ['Social services'],
  summary: 'Record a consultation, institution day or crisis-flat day of a victim-rehabilitation service',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('service:deliver')] as const,
  request: {
    params: SessionParams,
    body: { required: true, content: { 'application/json': { schema: SessionBody } } },
  },
  responses: {
    201: { description: 'Recorded', content: { 'application/json': { schema: SessionSchema } } },
    409: { description: 'The service is not a victim-rehabilitation service' },
    ...problemResponses,
  },
});

const courseRoute = createRoute({
  method: 'put',
  path: '/{id}/services/{sid}/rehabilitation-course',
  tags: ['Social services'],
  summary: "Record the course's kind of harm and its outcome (each call is the next revision)",
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('service:deliver')] as const,
  request: {
    params: SessionParams,
    body: { required: true, content: { 'application/json': { schema: CourseBody } } },
  },
  responses: {
    200: { description: 'Recorded', content: { 'application/json': { schema: CourseSchema } } },
    409: { description: 'The service is not a victim-rehabilitation service' },
    ...problemResponses,
  },
});

export function rehabilitationRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(courseRoute, async (c) => {
    const { id, sid } = c.req.valid('param');
    const row = await recordRehabilitationCourse(
      c.get('em'),
      { ...c.get('user'), requestId: c.get('requestId') },
      { caseId: id, serviceId: sid },
      c.req.valid('json'),
      c.get('deps').clock.now(),
    );
    return c.json(
      {
        serviceId: row.serviceId,
        revision: row.revision,
        harmKind: row.harmKind,
        outcome: row.outcome ?? null,
        interruptionReason: row.interruptionReason ?? null,
        recordedBy: row.recordedBy,
      },
      200,
    );
  });
  app.openapi(sessionRoute, async (c) => {
    const { id, sid } = c.req.valid('param');
    const user = c.get('user');
    const now = c.get('deps').clock.now();
    const row = await recordRehabilitationSession(
      c.get('em'),
      { ...user, requestId: c.get('requestId') },
      { caseId: id, serviceId: sid },
      c.req.valid('json'),
      rigaToday(now),
    );
    return c.json(
      {
        id: row.id,
        serviceId: row.serviceId,
        date: row.date,
        form: row.form,
        specialistKind: row.specialistKind ?? null,
        minutes: row.minutes ?? null,
        recordedBy: row.recordedBy,
      },
      201,
    );
  });
  return app;
}
