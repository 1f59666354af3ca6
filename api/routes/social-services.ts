/**
 * Social services of a case (issue 6) over the socialService workflow: request, state, needs assessment, decision,
 * deadline extension, delivery records, review, termination and settlements; plus the municipality's monthly
 * settlements (JSON or CSV). Scoped by municipality (a provider's user sees only the services granted to its
 * provider, and only what delivery needs); every read and change audited.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Context } from 'hono';
import { isValidIsoMonth } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { SocialService, type ISocialService } from '../../infra/db/entities/index.js';
import { UnknownServiceTypeError } from '../../services/social-services/catalogue.js';
import { startSocialService } from '../../services/social-services/commands.js';
import { checkedProviderForGrant } from '../../services/providers/grant.js';
import {
  deliveriesOf,
  findVisibleService,
  servicesOfCase,
  settlementsCsv,
  settlementsOf,
  settlementsOfMonth,
  settlementView,
} from '../../services/social-services/queries.js';
import {
  decideService,
  extendServiceDeadline,
  recordServiceDelivery,
  recordServiceReview,
  socialServiceState,
  serviceUpdateRejectionOf,
  submitServiceAssessment,
  terminateService,
  type SocialServiceView,
} from '../../workflows/social-services/contract.js';
import { audit } from '../audit.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { IdParam, IsoDateSchema, IsoMonthSchema, problemResponses } from '../schemas.js';
import { visibleCaseOr404 } from './cases.js';

const IsoDate = IsoDateSchema;
const IsoMonth = IsoMonthSchema;
const ServiceParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  sid: z.uuid().openapi({ param: { name: 'sid', in: 'path' } }),
});
const secured = { security: [{ bearer: [] }], tags: ['Social services'] };
const ServiceSchema = z.object({}).passthrough().openapi('SocialService');
const updateFailures = { ...problemResponses, 409: problemResponses[422] };

const StartBody = z
  .object({
    serviceType: z.string().regex(/^[a-z][a-z0-9-]{2,39}$/, 'a service type code'),
    requestedAt: IsoDate.optional(),
    notes: z.string().trim().max(2000).optional(),
  })
  .openapi('StartSocialService');
const AnswerValue = z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]);
const AssessmentBody = z.object({ answers: z.record(z.string(), AnswerValue) }).openapi('ServiceAssessment');
const DecisionBody = z
  .object({
    decision: z.enum(['grant', 'refuse']),
    reason: z.string().trim().max(2000).optional(),
    volume: z.number().optional(),
    /** The provider from the register (issue 22): active, offering the type, in or near the municipality. */
    providerId: z.uuid().optional(),
    startDate: IsoDate.optional(),
    endDate: IsoDate.nullable().optional(),
    reviewDate: IsoDate.nullable().optional(),
  })
  .openapi('ServiceDecision');
const ExtensionBody = z
  .object({ newDeadline: IsoDate, reason: z.string().trim().min(3).max(2000) })
  .openapi('ServiceDeadlineExtension');
const DeliveryBody = z
  .object({ month: IsoMonth, units: z.number(), note: z.string().trim().max(1000).optional() })
  .openapi('ServiceDelivery');
const ReviewBody = z
  .object({
    outcome: z.enum(['continue', 'change', 'end']),
    notes: z.string().trim().min(3).max(2000),
    volume: z.number().optional(),
    endDate: IsoDate.nullable().optional(),
    nextReviewDate: IsoDate.optional(),
  })
  .openapi('ServiceReview');
const TerminationBody = z
  .object({ endDate: IsoDate, reason: z.string().trim().min(3).max(2000) })
  .openapi('ServiceTermination');

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

const monthSettlementsRoute = createRoute({
  ...secured,
  method: 'get',
  path: '/',
  summary: "The municipality's settlements of a month (JSON, or CSV with Accept: text/csv)",
  middleware: [authenticate(), requirePermission('settlement:read')] as const,
  request: { query: z.object({ month: IsoMonth }) },
  responses: {
    200: {
      description: 'Settlements of the month',
      content: {
        'application/json': { schema: z.object({ month: z.string(), items: z.array(ServiceSchema) }) },
        'text/csv': { schema: z.string() },
      },
    },
    ...problemResponses,
  },
});

function summary(row: ISocialService) {
  return {
    id: row.id,
    caseId: row.caseId,
    workflowId: row.workflowId,
    serviceType: row.serviceTypeCode,
    serviceTypeVersion: row.serviceTypeVersion,
    state: row.state,
    requestedAt: row.requestedAt,
    decisionDeadline: row.decisionDeadline,
    nextDeadline: row.nextDeadline ?? null,
    nextDeadlineKind: row.nextDeadlineKind ?? null,
    decision: row.decision ?? null,
    provider: row.providerName ? { code: row.providerCode ?? null, name: row.providerName } : null,
    volume: row.volume === null || row.volume === undefined ? null : Number(row.volume),
    startDate: row.startDate ?? null,
    endDate: row.endDate ?? null,
    nextReviewDate: row.nextReviewDate ?? null,
    decisionDocumentId: row.decisionDocumentId ?? null,
  };
}

/** The workflow's own view when it answers (running or closed), else null. */
export async function queryService(client: Client, row: ISocialService): Promise<SocialServiceView | null> {
  try {
    return await client.connection.withDeadline(Date.now() + 3000, () =>
      client.workflow.getHandle(row.workflowId).query(socialServiceState),
    );
  } catch {
    return null;
  }
}

/** What a provider's user sees: the service and its deliveries, not the assessment or the registry data. */
function forProvider(view: SocialServiceView) {
  return {
    state: view.state,
    step: view.step,
    deadlines: view.deadlines,
    missingDeliveryMonths: view.missingDeliveryMonths,
    deliveries: view.record.deliveries,
    volume: view.record.volume,
    endDate: view.record.endDate,
  };
}

type Ctx = Context<AppEnv>;

export function socialServicesRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(startRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const found = await visibleCaseOr404(c, id, 'social-service.start');
    const { config, temporal } = c.get('deps');
    try {
      const row = await startSocialService(
        { em: c.get('em'), client: temporal.client, config },
        { ...c.get('user'), requestId: c.get('requestId') },
        found,
        {
          serviceType: body.serviceType,
          requestedAt: body.requestedAt ?? rigaToday(),
          notes: body.notes ?? null,
        },
      );
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
    return c.json({ items: rows.map(summary) }, 200);
  });

  async function visibleServiceOr404(c: Ctx, caseId: string, sid: string, action: string) {
    const row = await findVisibleService(c.get('em'), c.get('user'), sid, caseId);
    if (!row) {
      await audit(c, {
        action,
        resourceType: 'social-service',
        resourceId: sid,
        caseId,
        outcome: 'not-found',
      });
      throw new HttpProblem(404, 'no such service');
    }
    return row;
  }

  async function serviceBody(c: Ctx, row: ISocialService) {
    const view = await queryService(c.get('deps').temporal.client, row);
    const deliveries = (await deliveriesOf(c.get('em'), row.id)).map((d) => ({
      month: d.month,
      units: Number(d.units),
      note: d.note ?? null,
      revision: d.revision,
      recordedBy: d.recordedBy,
      recordedAt: d.recordedAt.toISOString(),
    }));
    if (c.get('user').role === 'service_provider') {
      return { ...summary(row), ...(view ? forProvider(view) : {}), deliveries };
    }
    return {
      ...summary(row),
      ...(view
        ? {
            state: view.state,
            step: view.step,
            deadlines: view.deadlines,
            missingDeliveryMonths: view.missingDeliveryMonths,
            serviceTypeNames: view.serviceType.names,
            unit: view.serviceType.unit,
            assessmentForm: view.assessmentForm,
            record: view.record,
          }
        : { step: null, deadlines: null, record: null }),
      deliveries,
    };
  }

  app.openapi(getRoute, async (c) => {
    const { id, sid } = c.req.valid('param');
    const row = await visibleServiceOr404(c, id, sid, 'social-service.read');
    const body = await serviceBody(c, row);
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
    const row = await visibleServiceOr404(c, id, sid, 'social-service.settlements.read');
    const items = (await settlementsOf(c.get('em'), row.id)).map(settlementView);
    await audit(c, {
      action: 'social-service.settlements.read',
      resourceType: 'social-service',
      resourceId: sid,
      caseId: id,
    });
    return c.json({ items }, 200);
  });

  /** Runs a workflow update; rejected updates answer 422 (a field) or 409 (the state), and are audited as denied. */
  async function runUpdate(
    c: Ctx,
    params: { id: string; sid: string },
    action: string,
    call: (handle: ReturnType<Client['workflow']['getHandle']>, by: string) => Promise<unknown>,
    details: Record<string, unknown>,
  ) {
    const row = await visibleServiceOr404(c, params.id, params.sid, action);
    const client = c.get('deps').temporal.client;
    const base = { action, resourceType: 'social-service', resourceId: row.id, caseId: row.caseId, details };
    try {
      await call(client.workflow.getHandle(row.workflowId), c.get('user').username);
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
        await audit(c, { ...base, outcome: 'denied' });
        const cause = err instanceof WorkflowUpdateFailedError ? err.cause : err;
        const message = cause instanceof Error ? cause.message : 'the service does not accept this now';
        // The workflow's typed rejection: 'invalid' names the fields (422); anything else is the state (409).
        const rejection = serviceUpdateRejectionOf(cause);
        if (rejection?.code !== 'invalid') throw new HttpProblem(409, message);
        throw new HttpProblem(422, message, { errors: rejection.issues });
      }
      throw err;
    }
    await audit(c, base);
    const fresh = await c.get('em').fork().findOne(SocialService, { id: row.id });
    return c.json(await serviceBody(c, fresh ?? row), 200);
  }

  app.openapi(assessmentRoute, async (c) => {
    const params = c.req.valid('param');
    const body = c.req.valid('json');
    return runUpdate(
      c,
      params,
      'social-service.assess',
      (h, by) => h.executeUpdate(submitServiceAssessment, { args: [{ answers: body.answers, by }] }),
      { fields: Object.keys(body.answers) },
    );
  });

  app.openapi(decisionRoute, async (c) => {
    const params = c.req.valid('param');
    const { providerId, ...body } = c.req.valid('json');
    const row = await visibleServiceOr404(c, params.id, params.sid, 'social-service.decide');
    const provider =
      body.decision === 'grant'
        ? await checkedProviderForGrant(c.get('em'), providerId, row, rigaToday())
        : null;
    try {
      return await runUpdate(
        c,
        params,
        'social-service.decide',
        (h, by) => h.executeUpdate(decideService, { args: [{ ...body, ...provider, by }] }),
        { decision: body.decision, volume: body.volume ?? null, startDate: body.startDate ?? null },
      );
    } catch (err) {
      // The workflow names the provider it stores (providerName); the request names it by providerId.
      const errors = err instanceof HttpProblem ? err.extra.errors : undefined;
      if (Array.isArray(errors))
        for (const e of errors as { path: string }[]) if (e.path === 'providerName') e.path = 'providerId';
      throw err;
    }
  });

  app.openapi(extensionRoute, async (c) => {
    const params = c.req.valid('param');
    const body = c.req.valid('json');
    return runUpdate(
      c,
      params,
      'social-service.extend',
      (h, by) => h.executeUpdate(extendServiceDeadline, { args: [{ ...body, by }] }),
      { newDeadline: body.newDeadline },
    );
  });

  app.openapi(deliveryRoute, async (c) => {
    const params = c.req.valid('param');
    const body = c.req.valid('json');
    if (!isValidIsoMonth(body.month)) {
      throw new HttpProblem(422, 'not a month', {
        errors: [{ path: 'month', message: 'not a valid month' }],
      });
    }
    return runUpdate(
      c,
      params,
      'social-service.delivery',
      (h, by) => h.executeUpdate(recordServiceDelivery, { args: [{ ...body, note: body.note ?? null, by }] }),
      { month: body.month, units: body.units },
    );
  });

  app.openapi(reviewRoute, async (c) => {
    const params = c.req.valid('param');
    const body = c.req.valid('json');
    return runUpdate(
      c,
      params,
      'social-service.review',
      (h, by) => h.executeUpdate(recordServiceReview, { args: [{ ...body, by }] }),
      { outcome: body.outcome },
    );
  });

  app.openapi(terminationRoute, async (c) => {
    const params = c.req.valid('param');
    const body = c.req.valid('json');
    return runUpdate(
      c,
      params,
      'social-service.terminate',
      (h, by) => h.executeUpdate(terminateService, { args: [{ ...body, by }] }),
      { endDate: body.endDate },
    );
  });

  return app;
}

/** GET /api/v1/settlements?month=YYYY-MM — the user's municipality; CSV with `Accept: text/csv`. */
export function settlementsRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(monthSettlementsRoute, async (c) => {
    const { month } = c.req.valid('query');
    if (!isValidIsoMonth(month)) {
      throw new HttpProblem(422, 'not a month', {
        errors: [{ path: 'query.month', message: 'not a valid month' }],
      });
    }
    const user = c.get('user');
    if (!user.municipalityCode) throw new HttpProblem(403, 'only a municipality supervisor sees settlements');
    const items = (await settlementsOfMonth(c.get('em'), user.municipalityCode, month)).map(settlementView);
    await audit(c, {
      action: 'settlement.list',
      resourceType: 'settlement',
      resourceId: month,
      details: { month, rows: items.length },
    });
    if ((c.req.header('accept') ?? '').includes('text/csv')) {
      return c.body(settlementsCsv(items), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="norekini-${month}.csv"`,
      });
    }
    return c.json({ month, items }, 200);
  });
  return app;
}
