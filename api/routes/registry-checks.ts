/** Registry checks of a case: start one (a registryCheck workflow) and read the latest one's state per registry. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  latestRegistryCheck,
  NotInHouseholdError,
  startRegistryCheck,
} from '../../services/registry-checks.js';
import { REGISTRY_CODES } from '../../activities/registries/registry-info.js';
import type { RegistryCode } from '../../activities/registries/types.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { IdParam, problemResponses } from '../schemas.js';
import { audit } from '../audit.js';
import { visibleCaseOr404 } from './cases.js';

const registryEnum = z.enum(REGISTRY_CODES as [RegistryCode, ...RegistryCode[]]);

const StartBody = z
  .object({
    registries: z.array(registryEnum).min(1).optional(),
    householdMemberIds: z.array(z.uuid()).max(20).optional(),
    purpose: z.string().trim().min(3).max(200).optional(),
  })
  .openapi('StartRegistryCheck');

const RegistryState = z.object({
  status: z.enum(['ok', 'unavailable', 'pending', 'not-found']),
  receivedAt: z.string().nullable(),
  snapshotDocumentId: z.string().nullable(),
  error: z.string().optional(),
});

const LatestSchema = z
  .object({
    workflowId: z.string(),
    state: z.enum(['running', 'completed', 'failed']),
    startedAt: z.string(),
    completedAt: z.string().nullable(),
    registries: z.record(z.string(), RegistryState),
    banksNotAnswered: z.array(z.string()),
  })
  .openapi('RegistryCheckState');

const startRoute = createRoute({
  method: 'post',
  path: '/{id}/registry-checks',
  tags: ['Registry checks'],
  summary:
    'Refresh registry data: ask every relevant state registry and bank about the client (and household members)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('registry:refresh')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: StartBody } }, required: false },
  },
  responses: {
    202: {
      description: 'Started',
      content: { 'application/json': { schema: z.object({ workflowId: z.string() }) } },
    },
    ...problemResponses,
  },
});

const latestRoute = createRoute({
  method: 'get',
  path: '/{id}/registry-checks/latest',
  tags: ['Registry checks'],
  summary: 'The latest registry check of the case, per registry',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('case:read')] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'State', content: { 'application/json': { schema: LatestSchema } } },
    ...problemResponses,
  },
});

export function registryChecksRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(startRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    const found = await visibleCaseOr404(c, id, 'registry-check.start');
    const { config, temporal } = c.get('deps');
    try {
      const started = await startRegistryCheck(
        { em: c.get('em'), client: temporal.client, config },
        { ...c.get('user'), requestId: c.get('requestId') },
        found,
        body,
      );
      return c.json(started, 202);
    } catch (err) {
      if (err instanceof NotInHouseholdError) {
        // The attempt is in each named person's access history too (the id may name nobody: logged as given).
        for (const personId of new Set(err.personIds)) {
          await audit(c, {
            action: 'registry-check.start',
            resourceType: 'case',
            resourceId: found.id,
            caseId: found.id,
            subjectPersonId: personId,
            outcome: 'denied',
            details: { reason: 'not a member of the case household' },
          });
        }
        throw new HttpProblem(422, 'a household member is not a member of the case household', {
          errors: err.indexes.map((i) => ({
            path: `householdMemberIds[${i}]`,
            message:
              'not a member of the case household: neither declared with the client (PMLP) nor added to the household with a reason',
          })),
        });
      }
      throw err;
    }
  });

  app.openapi(latestRoute, async (c) => {
    const { id } = c.req.valid('param');
    await visibleCaseOr404(c, id, 'registry-check.read');
    const { temporal } = c.get('deps');
    const view = await latestRegistryCheck({ em: c.get('em'), client: temporal.client }, id);
    if (!view) {
      await audit(c, {
        action: 'registry-check.read',
        resourceType: 'case',
        resourceId: id,
        caseId: id,
        outcome: 'not-found',
      });
      throw new HttpProblem(404, 'no registry check has been made for this case yet');
    }
    await audit(c, { action: 'registry-check.read', resourceType: 'case', resourceId: id, caseId: id });
    return c.json(view, 200);
  });
  return app;
}
