/** Child placements and their review deadlines (issue 7): create, report, end, read, list — scoped by role. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  addPlacementReport,
  createPlacement,
  endPlacement,
  findVisiblePlacement,
  listPlacements,
  placementDetail,
  placementStatusOn,
  PlacementEndedError,
  PlacementValidationError,
} from '../../services/placements.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { humanText, IdParam, IsoDateSchema, problemResponses } from '../schemas.js';
import { audit } from '../audit.js';
import { AlertSchema } from './alerts.js';

const isoDate = IsoDateSchema;
const atvk = z.string().regex(/^\d{7}$/, 'a 7-digit ATVK code');

const CreateBody = z
  .object({
    childPersonId: z.uuid().or(z.string().min(1).max(36)),
    institution: z.object({
      code: z.string().trim().min(1).max(50),
      name: humanText({ max: 200 }),
    }),
    orphanCourtAtvk: atvk,
    startDate: isoDate,
  })
  .openapi('NewPlacement');

const ReportBody = z
  .object({
    reportDate: isoDate,
    contactWithRelatives: z.array(z.string().trim().min(1).max(500)).max(50),
    development: z.string().trim().min(1).max(20_000),
    documentId: z.uuid().optional(),
  })
  .openapi('PlacementReport');

const EndBody = z
  .object({ endDate: isoDate, reason: z.string().trim().min(3).max(500) })
  .openapi('EndPlacement');

const status = z.string().openapi({ description: 'active | due-soon | overdue | ended' });

const SummarySchema = z
  .object({
    id: z.string(),
    status,
    childPersonId: z.string(),
    institution: z.object({ code: z.string(), name: z.string() }),
    orphanCourtAtvk: z.string(),
    caseId: z.string().nullable(),
    startDate: z.string(),
    lastReportDate: z.string().nullable(),
    nextReportDue: z.string(),
    endDate: z.string().nullable(),
    source: z.string(),
  })
  .openapi('PlacementSummary');

const DetailSchema = SummarySchema.extend({
  endReason: z.string().nullable(),
  reports: z.array(
    z.object({
      id: z.string(),
      reportDate: z.string(),
      contactWithRelatives: z.array(z.string()),
      development: z.string(),
      nextReportDue: z.string(),
      createdAt: z.string(),
      createdBy: z.string(),
    }),
  ),
  alerts: z.array(AlertSchema),
}).openapi('Placement');

const secured = { security: [{ bearer: [] }], tags: ['Placements'] };

const createRouteDef = createRoute({
  ...secured,
  method: 'post',
  path: '/',
  summary: 'Register a child placement and start its review-deadline workflow',
  middleware: [authenticate(), requirePermission('placement:write')] as const,
  request: { body: { content: { 'application/json': { schema: CreateBody } }, required: true } },
  responses: {
    201: {
      description: 'Created',
      content: {
        'application/json': { schema: z.object({ id: z.string(), status, nextReportDue: z.string() }) },
      },
    },
    ...problemResponses,
  },
});

const reportRoute = createRoute({
  ...secured,
  method: 'post',
  path: '/{id}/reports',
  summary: 'Record an institution’s report; resets the deadline',
  middleware: [authenticate(), requirePermission('placement:write')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: ReportBody } }, required: true },
  },
  responses: {
    201: {
      description: 'Recorded',
      content: { 'application/json': { schema: z.object({ id: z.string(), nextReportDue: z.string() }) } },
    },
    409: problemResponses[422],
    ...problemResponses,
  },
});

const endRoute = createRoute({
  ...secured,
  method: 'post',
  path: '/{id}/end',
  summary: 'End the placement (ends its workflow)',
  middleware: [authenticate(), requirePermission('placement:write')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: EndBody } }, required: true },
  },
  responses: {
    200: { description: 'Ended', content: { 'application/json': { schema: SummarySchema } } },
    409: problemResponses[422],
    ...problemResponses,
  },
});

const getRoute = createRoute({
  ...secured,
  method: 'get',
  path: '/{id}',
  summary: 'A placement with its reports and alerts',
  middleware: [authenticate(), requirePermission('placement:read')] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The placement', content: { 'application/json': { schema: DetailSchema } } },
    ...problemResponses,
  },
});

const listRoute = createRoute({
  ...secured,
  method: 'get',
  path: '/',
  summary: 'Placements in the user’s scope (municipality as orphan court or case; BAC: all)',
  middleware: [authenticate(), requirePermission('placement:read')] as const,
  request: {
    query: z.object({
      status: z.enum(['active', 'due-soon', 'overdue', 'ended']).optional(),
      orphanCourtAtvk: atvk.optional(),
    }),
  },
  responses: {
    200: {
      description: 'Placements',
      content: { 'application/json': { schema: z.object({ items: z.array(SummarySchema) }) } },
    },
    ...problemResponses,
  },
});

async function visiblePlacementOr404(c: Context<AppEnv>, id: string, action: string) {
  const found = await findVisiblePlacement(c.get('em'), c.get('user'), id);
  if (!found) {
    await audit(c, { action, resourceType: 'placement', resourceId: id, outcome: 'not-found' });
    throw new HttpProblem(404, 'no such placement');
  }
  return found;
}

function rethrow(err: unknown): never {
  if (err instanceof PlacementValidationError)
    throw new HttpProblem(422, 'the request is not valid', { errors: err.issues });
  if (err instanceof PlacementEndedError) throw new HttpProblem(409, err.message);
  throw err;
}

export function placementsRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(createRouteDef, async (c) => {
    const body = c.req.valid('json');
    const { config, temporal } = c.get('deps');
    const user = c.get('user');
    if (user.municipalityCode && user.municipalityCode !== body.orphanCourtAtvk) {
      // A municipal user registers placements of their own orphan court only.
      throw new HttpProblem(422, 'the request is not valid', {
        errors: [{ path: 'orphanCourtAtvk', message: 'not the orphan court of your municipality' }],
      });
    }
    try {
      const p = await createPlacement(
        { em: c.get('em'), client: temporal.client, config },
        { ...user, requestId: c.get('requestId') },
        body,
      );
      return c.json({ id: p.id, status: placementStatusOn(p), nextReportDue: p.nextReportDue }, 201);
    } catch (err) {
      rethrow(err);
    }
  });

  app.openapi(reportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const placement = await visiblePlacementOr404(c, id, 'placement.report');
    const { config, temporal } = c.get('deps');
    try {
      const report = await addPlacementReport(
        { em: c.get('em'), client: temporal.client, config },
        { ...c.get('user'), requestId: c.get('requestId') },
        placement,
        body,
      );
      return c.json({ id: report.id, nextReportDue: report.nextReportDue }, 201);
    } catch (err) {
      rethrow(err);
    }
  });

  app.openapi(endRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const placement = await visiblePlacementOr404(c, id, 'placement.end');
    const { config, temporal } = c.get('deps');
    try {
      const ended = await endPlacement(
        { em: c.get('em'), client: temporal.client, config },
        { ...c.get('user'), requestId: c.get('requestId') },
        placement,
        body,
      );
      const detail = await placementDetail(c.get('em'), ended, c.get('user'));
      const { endReason: _r, reports: _p, alerts: _a, ...summary } = detail;
      return c.json(summary, 200);
    } catch (err) {
      rethrow(err);
    }
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const placement = await visiblePlacementOr404(c, id, 'placement.read');
    const view = await placementDetail(c.get('em'), placement, c.get('user'));
    await audit(c, {
      action: 'placement.read',
      resourceType: 'placement',
      resourceId: id,
      caseId: placement.caseId ?? null,
      purpose: c.get('user').role === 'bac_inspector' ? 'oversight' : null,
    });
    return c.json(view, 200);
  });

  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const items = await listPlacements(c.get('em'), c.get('user'), query);
    await audit(c, {
      action: 'placement.list',
      resourceType: 'placement',
      purpose: c.get('user').role === 'bac_inspector' ? 'oversight' : null,
      details: { ...query, count: items.length },
    });
    return c.json({ items }, 200);
  });
  return app;
}
