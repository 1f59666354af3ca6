/**
 * The commands on a service (assessment, decision, extension, delivery, review, termination): each parses its body
 * and runs `updateService`, the one implementation the screens use too; the answer is the service as it is now.
 */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { isValidIsoMonth } from '../../../domain/calendar.js';
import { serviceDetail, visibleServiceOr404 } from '../../../services/social-services/detail.js';
import {
  SERVICE_UPDATE_ACTIONS,
  updateService,
  type ServiceUpdate,
} from '../../../services/social-services/updates.js';
import type { Context } from 'hono';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import { HttpProblem } from '../../problem.js';
import {
  AssessmentBody,
  DecisionBody,
  DeliveryBody,
  ExtensionBody,
  ReviewBody,
  ServiceParams,
  ServiceSchema,
  TerminationBody,
} from '../../schemas/social-services.js';
import { problemResponses } from '../../schemas.js';
import { actorOf, depsOf, secured } from './context.js';

const updateFailures = { ...problemResponses, 409: problemResponses[422] };

function actionRoute<B extends z.ZodType>(
  path: string,
  summary: string,
  body: B,
  permission: 'service:write' | 'service:deliver',
) {
  return createRoute({
    ...secured,
    method: 'post',
    path: `/{id}/services/{sid}/${path}`,
    summary,
    middleware: [authenticate(), requirePermission(permission)] as const,
    request: {
      params: ServiceParams,
      body: { content: { 'application/json': { schema: body } }, required: true },
    },
    responses: {
      200: {
        description: 'Accepted: the service as it is now',
        content: { 'application/json': { schema: ServiceSchema } },
      },
      ...updateFailures,
    },
  });
}

const assessmentRoute = actionRoute(
  'assessment',
  "Record the needs assessment (validated against the type's form)",
  AssessmentBody,
  'service:write',
);
const decisionRoute = actionRoute(
  'decision',
  'Grant (volume, provider, start, end or review date) or refuse (reason); stores the decision letter',
  DecisionBody,
  'service:write',
);
const extensionRoute = actionRoute(
  'extension',
  'Extend the decision deadline once, up to 4 months from the request; sends the client a notice',
  ExtensionBody,
  'service:write',
);
const deliveryRoute = actionRoute(
  'deliveries',
  'Record the units delivered in a month (a second record of the month corrects it)',
  DeliveryBody,
  'service:deliver',
);
const reviewRoute = actionRoute(
  'review',
  'Record a periodic review: continue, change or end the service',
  ReviewBody,
  'service:write',
);
const terminationRoute = actionRoute(
  'termination',
  'End the service (closing letter, final settlement)',
  TerminationBody,
  'service:write',
);

async function run(c: Context<AppEnv>, params: { id: string; sid: string }, update: ServiceUpdate) {
  const actor = actorOf(c);
  const action = SERVICE_UPDATE_ACTIONS[update.kind];
  const row = await visibleServiceOr404(c.get('em'), actor, params.id, params.sid, action);
  const fresh = await updateService(depsOf(c), actor, row, update);
  return c.json(await serviceDetail(depsOf(c), actor.role, fresh), 200);
}

export function actionsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(assessmentRoute, async (c) =>
    run(c, c.req.valid('param'), { kind: 'assessment', answers: c.req.valid('json').answers }),
  );
  app.openapi(decisionRoute, async (c) =>
    run(c, c.req.valid('param'), { kind: 'decision', ...c.req.valid('json') }),
  );
  app.openapi(extensionRoute, async (c) =>
    run(c, c.req.valid('param'), { kind: 'extension', ...c.req.valid('json') }),
  );
  app.openapi(deliveryRoute, async (c) => {
    const body = c.req.valid('json');
    if (!isValidIsoMonth(body.month)) {
      throw new HttpProblem(422, 'not a month', {
        errors: [{ path: 'month', message: 'not a valid month' }],
      });
    }
    return run(c, c.req.valid('param'), { kind: 'delivery', ...body });
  });
  app.openapi(reviewRoute, async (c) =>
    run(c, c.req.valid('param'), { kind: 'review', ...c.req.valid('json') }),
  );
  app.openapi(terminationRoute, async (c) =>
    run(c, c.req.valid('param'), { kind: 'termination', ...c.req.valid('json') }),
  );
}
