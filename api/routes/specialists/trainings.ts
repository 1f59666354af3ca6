/** Completed trainings of a specialist: recording one moves the qualification clock. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { recordTraining } from '../../../services/specialists/commands.js';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import { CreateTrainingBody, TrainingSchema } from '../../schemas/specialists.js';
import { IdParam, problemResponses } from '../../schemas.js';
import { actorOf, depsOf } from './context.js';

const recordTrainingRoute = createRoute({
  method: 'post',
  path: '/{id}/trainings',
  tags: ['Specialists register'],
  summary: 'Record a completed training (the same certificate again returns the stored record)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('specialist:write')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: CreateTrainingBody } }, required: true },
  },
  responses: {
    200: { description: 'Already recorded', content: { 'application/json': { schema: TrainingSchema } } },
    201: { description: 'Recorded', content: { 'application/json': { schema: TrainingSchema } } },
    ...problemResponses,
  },
});

export function trainingsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(recordTrainingRoute, async (c) => {
    const { training, created } = await recordTraining(
      depsOf(c),
      actorOf(c),
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return created ? c.json(training, 201) : c.json(training, 200);
  });
}
