/**
 * Means tests (issue 5): the pure calculation (also the screens' preview), and the household's cycle — start,
 * state, corrections, decision, reapply, change of situation — over the meansTestCycle workflow. Scoped by
 * municipality; every read and change audited.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { addDays } from '../../domain/calendar.js';
import { DomainValidationError } from '../../domain/validation.js';
import { rigaToday } from '../../infra/clock.js';
import {
  ActiveCycleExistsError,
  calculateWithSettings,
  entitlementsOf,
  expiringOverview,
  startMeansTestCycle,
} from '../../services/means-test.js';
import {
  cycleView,
  MEANS_TEST_UPDATE_ACTIONS,
  updateMeansTest,
  visibleCycleOr404,
  type IMeansTestCycle,
  type MeansTestCycleView,
  type MeansTestUpdate,
} from '../../services/means-test-cycle.js';
import { audit } from '../audit.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { IdParam, IsoDateSchema, problemResponses } from '../schemas.js';
import { visibleCaseOr404 } from './cases.js';

// Loose shapes: the domain validates values and names the field (members[1].monthlyIncomeEur …).
const CalculateBody = z
  .object({
    date: z.string(),
    municipalityCode: z.string().optional(),
    members: z.array(
      z.object({
        birthDate: z.string(),
        disabilityGroup: z.enum(['I', 'II', 'III']).nullable().default(null),
        monthlyIncomeEur: z.number(),
      }),
    ),
    savingsEur: z.number().optional(),
    extraProperty: z.boolean().optional(),
    nonConformity: z.boolean().optional(),
  })
  .openapi('MeansTestCalculation');

const ResultSchema = z
  .object({
    status: z.enum(['needy', 'low-income', 'not-eligible']),
    periodMonths: z.number().int().nullable(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    householdIncomeEur: z.number(),
    thresholds: z.object({ gmiEur: z.number(), needyEur: z.number(), lowIncomeEur: z.number() }),
    gmiBenefitEur: z.number(),
    workingAgeMembers: z.number().int(),
    reasons: z.array(z.string()),
  })
  .openapi('MeansTestResult');

const conflict = {
  409: {
    description: 'An active cycle exists',
    content: { 'application/problem+json': { schema: z.object({ existingId: z.string() }).passthrough() } },
  },
};

const calculateRoute = createRoute({
  method: 'post',
  path: '/calculate',
  tags: ['Means tests'],
  summary: 'Calculate a household status and GMI benefit (BRIEF §4.1) without storing anything',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('case:write')] as const,
  request: { body: { content: { 'application/json': { schema: CalculateBody } }, required: true } },
  responses: {
    200: { description: 'Result', content: { 'application/json': { schema: ResultSchema } } },
    ...problemResponses,
  },
});

const StartBody = z
  .object({
    caseId: z.uuid(),
    applicationDate: IsoDateSchema.optional(),
    bankDeadline: z.string().trim().min(2).max(40).optional(),
  })
  .openapi('StartMeansTest');

const startRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['Means tests'],
  summary: 'Start the household means-test cycle (one active cycle per case)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('case:write')] as const,
  request: { body: { content: { 'application/json': { schema: StartBody } }, required: true } },
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
    ...conflict,
  },
});

const CycleSchema = z.object({}).passthrough().openapi('MeansTestCycle');

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Means tests'],
  summary: 'State, current result, validity and history of a means-test cycle',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('case:read')] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'Cycle', content: { 'application/json': { schema: CycleSchema } } },
    ...problemResponses,
  },
});

const expiringRoute = createRoute({
  method: 'get',
  path: '/expiring',
  tags: ['Means tests'],
  summary: "Statuses ending in the next 30 days and decisions near their deadline (the user's municipality)",
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('municipality:settings')] as const,
  responses: {
    200: { description: 'Overview', content: { 'application/json': { schema: CycleSchema } } },
    ...problemResponses,
  },
});

const CorrectionBody = z
  .object({
    field: z.enum(['monthlyIncomeEur', 'savingsEur', 'extraProperty', 'nonConformity']),
    memberId: z.string().nullable().optional(),
    value: z.union([z.number(), z.boolean()]),
    reason: z.string().trim().min(3).max(500),
  })
  .openapi('MeansTestCorrection');
const DecisionBody = z
  .object({ decision: z.enum(['approve', 'refuse']), reason: z.string().trim().max(1000).optional() })
  .openapi('MeansTestDecision');
const ReevaluationBody = z
  .object({ date: IsoDateSchema.optional(), reason: z.string().trim().max(1000).optional() })
  .openapi('MeansTestReevaluation');

function actionRoute<B extends z.ZodType>(path: string, summary: string, body: B) {
  return createRoute({
    method: 'post',
    path: `/{id}/${path}`,
    tags: ['Means tests'],
    summary,
    security: [{ bearer: [] }],
    middleware: [authenticate(), requirePermission('case:write')] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: body } }, required: true } },
    responses: {
      200: { description: 'Accepted', content: { 'application/json': { schema: CycleSchema } } },
      ...problemResponses,
      409: problemResponses[422],
    },
  });
}

const correctionRoute = actionRoute(
  'corrections',
  'Correct a figure of the declaration (with a reason)',
  CorrectionBody,
);
const decisionRoute = actionRoute('decision', 'Approve or refuse (with a reason)', DecisionBody);
const reapplyRoute = actionRoute(
  'reapply',
  'A new declaration: re-evaluate, the cycle continues as new',
  ReevaluationBody,
);
const changeRoute = actionRoute(
  'change',
  'A reported change of situation: re-evaluate at once',
  ReevaluationBody,
);

export function meansTestsRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(calculateRoute, async (c) => {
    const body = c.req.valid('json');
    try {
      const result = await calculateWithSettings(c.get('em'), body);
      return c.json(result, 200);
    } catch (err) {
      if (err instanceof DomainValidationError) {
        throw new HttpProblem(422, 'the request is not valid', { errors: [...err.issues] });
      }
      throw err;
    }
  });

  app.openapi(expiringRoute, async (c) => {
    const user = c.get('user');
    if (!user.municipalityCode) throw new HttpProblem(403, 'only a municipality supervisor sees this list');
    const today = rigaToday();
    const overview = await expiringOverview(c.get('em'), user.municipalityCode, today, addDays(today, 30));
    await audit(c, { action: 'means-test.expiring.read', resourceType: 'means-test' });
    const row = (r: IMeansTestCycle) => ({
      id: r.id,
      caseId: r.caseId,
      state: r.state,
      status: r.status,
      validTo: r.validTo,
      decisionDeadline: r.decisionDeadline,
    });
    return c.json(
      { expiring: overview.expiring.map(row), decisionsDue: overview.decisionsDue.map(row) },
      200,
    );
  });

  app.openapi(startRoute, async (c) => {
    const body = c.req.valid('json');
    const found = await visibleCaseOr404(c, body.caseId, 'means-test.start');
    const { config, temporal } = c.get('deps');
    try {
      const row = await startMeansTestCycle(
        { em: c.get('em'), client: temporal.client, config },
        { ...c.get('user'), requestId: c.get('requestId') },
        found,
        {
          applicationDate: body.applicationDate ?? rigaToday(),
          ...(body.bankDeadline ? { bankDeadline: body.bankDeadline } : {}),
        },
      );
      return c.json({ id: row.id, workflowId: row.workflowId, state: row.state }, 202);
    } catch (err) {
      if (err instanceof ActiveCycleExistsError) {
        throw new HttpProblem(409, 'an active means-test cycle exists for this household', {
          existingId: err.cycleId,
        });
      }
      throw err;
    }
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const actor = { ...c.get('user'), requestId: c.get('requestId') };
    const row = await visibleCycleOr404(c.get('em'), actor, id, 'means-test.read');
    const view = await cycleView(c.get('deps').temporal.client, row);
    const entitlements = (await entitlementsOf(c.get('em'), row.id)).map((e) => ({
      evaluationNo: e.evaluationNo,
      month: e.month,
      amountEur: Number(e.amountEur),
    }));
    await audit(c, {
      action: 'means-test.read',
      resourceType: 'means-test',
      resourceId: id,
      caseId: row.caseId,
    });
    return c.json({ ...view, entitlements }, 200);
  });

  async function run(
    c: Parameters<Parameters<typeof app.openapi>[1]>[0],
    id: string,
    update: MeansTestUpdate,
  ) {
    const actor = { ...c.get('user'), requestId: c.get('requestId') };
    const row = await visibleCycleOr404(c.get('em'), actor, id, MEANS_TEST_UPDATE_ACTIONS[update.kind]);
    const client = c.get('deps').temporal.client;
    await updateMeansTest({ em: c.get('em'), client }, actor, row, update);
    return c.json(await cycleView(client, row), 200);
  }

  app.openapi(correctionRoute, async (c) =>
    run(c, c.req.valid('param').id, { kind: 'correction', ...c.req.valid('json') }),
  );
  app.openapi(decisionRoute, async (c) => {
    const body = c.req.valid('json');
    return run(c, c.req.valid('param').id, {
      kind: 'decision',
      decision: body.decision,
      reason: body.reason,
    });
  });
  app.openapi(reapplyRoute, async (c) =>
    run(c, c.req.valid('param').id, { kind: 'reapply', ...c.req.valid('json') }),
  );
  app.openapi(changeRoute, async (c) =>
    run(c, c.req.valid('param').id, { kind: 'change', ...c.req.valid('json') }),
  );
  return app;
}

export type { MeansTestCycleView };
