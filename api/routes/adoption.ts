/**
 * The adoption register and matching (MK 794; issue 8). Only `adoption_specialist` reaches any of it: every other
 * role gets the same 404 as an unknown route (no existence leak), and the denied attempt is audited. Every read and
 * change is audited.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Context, MiddlewareHandler } from 'hono';
import { can, type Permission } from '../../domain/access/roles.js';
import { ADOPTION_MATCH_DEFAULTS } from '../../domain/adoption/rules.js';
import { rigaToday } from '../../infra/clock.js';
import {
  AdoptionAdopter,
  AdoptionChild,
  AdoptionMatch,
  AdoptionProposal,
  Person,
} from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import {
  adopterView,
  AdoptionConflictError,
  AdoptionValidationError,
  assessCandidates,
  ChildNotActiveError,
  MatchAlreadyRunningError,
  startAdoptionMatch,
  childView,
  HEALTH_CONDITIONS,
  listAdopters,
  listChildren,
  matchView,
  pseudonymisedExport,
  registerAdopter,
  registerChild,
  registerDocuments,
  RUNNING_MATCH_STATES,
  validateNewChild,
} from '../../services/adoption.js';
import { checkChildDisability, RegistryUnavailableError } from '../../services/adoption-registry.js';
import {
  adopterStatusChanged,
  answerProposal,
  type DecisionInput,
  recordCourtDecision,
  recordOrphanCourtDecision,
  withdrawChild,
} from '../../workflows/adoption-match/contract.js';
import { audit, auditActor } from '../audit.js';
import type { AppEnv } from '../context.js';
import { authenticate } from '../middleware/auth.js';
import { refuseMissingBody } from '../middleware/input-guard.js';
import { HttpProblem } from '../problem.js';
import { IdParam, IsoDateSchema, problemResponses } from '../schemas.js';

/** Role gate of the adoption module: anyone without the permission sees a 404 identical to an unknown route. */
export function adoptionOnly(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!can(c.get('user').role, permission)) {
      await audit(c, {
        action: 'adoption.access',
        resourceType: 'adoption',
        outcome: 'denied',
        details: { method: c.req.method, path: c.req.path },
      });
      throw new HttpProblem(404, `no route ${c.req.method} ${c.req.path}`);
    }
    refuseMissingBody(c);
    await next();
  };
}

const READ = (): MiddlewareHandler<AppEnv>[] => [authenticate(), adoptionOnly('adoption:read')];
const WRITE = (): MiddlewareHandler<AppEnv>[] => [authenticate(), adoptionOnly('adoption:write')];

const isoDate = IsoDateSchema;
const atvk = z.string().regex(/^\d{7}$/, 'an ATVK code of 7 digits');
const hcCode = z.string().min(1).max(10);

const ChildBody = z
  .object({
    personId: z.uuid(),
    legallyFreeSince: isoDate,
    siblingGroup: z.string().trim().min(1).max(60).nullable(),
    healthConditions: z.array(hcCode).max(20),
    regionAtvk: atvk,
  })
  .openapi('NewAdoptionChild');

const WishesSchema = z
  .object({
    ageMin: z.number().int().min(0).max(17),
    ageMax: z.number().int().min(0).max(17),
    maxChildren: z.number().int().min(1).max(10),
    acceptsSiblings: z.boolean(),
    acceptedHealthConditions: z.array(hcCode).max(20),
    regionsAtvk: z.array(atvk).max(50),
  })
  .openapi('AdopterWishes');

const AdopterBody = z
  .object({
    applicantPersonIds: z.array(z.uuid()).min(1).max(2),
    approvedAt: isoDate,
    registeredAt: isoDate,
    residence: z.string().regex(/^[A-Za-z]{2}$/, "'LV' or an ISO 3166-1 alpha-2 country code"),
    wishes: WishesSchema,
  })
  .openapi('NewAdopter');

const ChildSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    birthDate: z.string().nullable().optional(),
    legallyFreeSince: z.string(),
    siblingGroup: z.string().nullable(),
    healthConditions: z.array(z.string()),
    regionAtvk: z.string(),
    state: z.string(),
    disabilityGroup: z.string().nullable(),
    vdeavkOutcome: z.string(),
    createdAt: z.string(),
    archivedAt: z.string().nullable(),
    readOnly: z.boolean(),
  })
  .openapi('AdoptionChild');

const AdopterSchema = z
  .object({
    id: z.string(),
    applicantPersonIds: z.array(z.string()),
    approvedAt: z.string(),
    registeredAt: z.string(),
    residence: z.string(),
    wishes: WishesSchema,
    state: z.string(),
    createdAt: z.string(),
    archivedAt: z.string().nullable(),
    readOnly: z.boolean(),
  })
  .openapi('Adopter');

const CandidateSchema = z
  .object({
    adopterId: z.string(),
    eligible: z.boolean(),
    rank: z.number().int().nullable(),
    reasons: z.array(z.string()),
  })
  .openapi('AdoptionCandidate');

const ProposalSchema = z.object({
  id: z.string(),
  adopterId: z.string(),
  rank: z.number(),
  state: z.string(),
  proposedAt: z.string(),
  deadline: z.string(),
  answeredAt: z.string().nullable(),
  reason: z.string().nullable(),
  letterDocumentId: z.string().nullable(),
});

const MatchSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    childId: z.string(),
    state: z.string(),
    adopterId: z.string().nullable(),
    acquaintanceUntil: z.string().nullable(),
    orphanCourtDecision: z.record(z.string(), z.unknown()).nullable(),
    courtDecision: z.record(z.string(), z.unknown()).nullable(),
    startedAt: z.string(),
    completedAt: z.string().nullable(),
    currentProposal: ProposalSchema.nullable(),
    history: z.array(ProposalSchema),
    progressTasks: z.array(
      z.object({ month: z.number(), dueDate: z.string(), title: z.string(), state: z.string() }),
    ),
  })
  .openapi('AdoptionMatch');

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const TAGS = ['Adoption'];
const SEC = [{ bearer: [] }];

/** The orphan court's and the court's decisions carry the same fields. */
const CourtDecisionBody = z.object({
  documentRef: z.string().trim().min(1).max(100),
  decidedOn: isoDate,
  approved: z.boolean(),
});

const routes = {
  classifier: createRoute({
    method: 'get',
    path: '/classifiers/health-conditions',
    tags: TAGS,
    summary: 'Health-condition classifier of the register',
    security: SEC,
    middleware: READ(),
    responses: {
      200: json(z.array(z.object({ code: z.string(), name: z.string() }))),
      ...problemResponses,
    },
  }),
  createChild: createRoute({
    method: 'post',
    path: '/children',
    tags: TAGS,
    summary: 'Register a child legally free for adoption (disability data checked with VDEĀVK)',
    security: SEC,
    middleware: WRITE(),
    request: body(ChildBody),
    responses: {
      201: json(ChildSchema, 'Registered'),
      409: problemResponses[422],
      503: problemResponses[422],
      ...problemResponses,
    },
  }),
  listChildren: createRoute({
    method: 'get',
    path: '/children',
    tags: TAGS,
    summary: 'Children in the register (filters: state, region, sibling group, health condition)',
    security: SEC,
    middleware: READ(),
    request: {
      query: z.object({
        state: z.enum(['active', 'matched', 'archived', 'withdrawn']).optional(),
        regionAtvk: atvk.optional(),
        siblingGroup: z.string().max(60).optional(),
        healthCondition: hcCode.optional(),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(ChildSchema) })), ...problemResponses },
  }),
  getChild: createRoute({
    method: 'get',
    path: '/children/{id}',
    tags: TAGS,
    summary: "A child's register record",
    security: SEC,
    middleware: READ(),
    request: { params: IdParam },
    responses: {
      200: json(
        ChildSchema.extend({
          documents: z.array(
            z.object({ id: z.string(), title: z.string(), type: z.string(), createdAt: z.string() }),
          ),
          matches: z.array(z.object({ id: z.string(), state: z.string(), startedAt: z.string() })),
        }),
      ),
      ...problemResponses,
    },
  }),
  candidates: createRoute({
    method: 'get',
    path: '/children/{id}/candidates',
    tags: TAGS,
    summary: 'Every active adopter assessed for the child: eligibility, rank and reasons',
    security: SEC,
    middleware: READ(),
    request: { params: IdParam, query: z.object({ date: isoDate.optional() }) },
    responses: { 200: json(z.array(CandidateSchema)), ...problemResponses },
  }),
  startMatch: createRoute({
    method: 'post',
    path: '/children/{id}/match',
    tags: TAGS,
    summary: 'Start the adoptionMatch workflow for the child',
    security: SEC,
    middleware: WRITE(),
    request: {
      params: IdParam,
      body: {
        content: {
          'application/json': {
            schema: z.object({
              proposalDeadlineDays: z.number().int().min(1).max(90).optional(),
              acquaintanceMonths: z
                .number()
                .int()
                .min(ADOPTION_MATCH_DEFAULTS.minimumAcquaintanceMonths)
                .max(24)
                .optional(),
            }),
          },
        },
        required: false,
      },
    },
    responses: {
      202: json(z.object({ id: z.string(), workflowId: z.string() }), 'Started'),
      409: problemResponses[422],
      ...problemResponses,
    },
  }),
  withdrawChild: createRoute({
    method: 'post',
    path: '/children/{id}/withdraw',
    tags: TAGS,
    summary: 'Withdraw the child from the register (cancels a running match)',
    security: SEC,
    middleware: WRITE(),
    request: { params: IdParam, ...body(z.object({ reason: z.string().trim().min(3).max(500) })) },
    responses: { 200: json(ChildSchema), 409: problemResponses[422], ...problemResponses },
  }),
  createAdopter: createRoute({
    method: 'post',
    path: '/adopters',
    tags: TAGS,
    summary: 'Register approved adopters with their wishes',
    security: SEC,
    middleware: WRITE(),
    request: body(AdopterBody),
    responses: { 201: json(AdopterSchema, 'Registered'), ...problemResponses },
  }),
  listAdopters: createRoute({
    method: 'get',
    path: '/adopters',
    tags: TAGS,
    summary: 'Adopters in the register, queue order (filters: state, residence, region)',
    security: SEC,
    middleware: READ(),
    request: {
      query: z.object({
        state: z.enum(['active', 'suspended', 'matched', 'archived']).optional(),
        residence: z
          .string()
          .regex(/^[A-Za-z]{2}$/)
          .optional(),
        regionAtvk: atvk.optional(),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(AdopterSchema) })), ...problemResponses },
  }),
  getAdopter: createRoute({
    method: 'get',
    path: '/adopters/{id}',
    tags: TAGS,
    summary: "An adopter's register record with the restricted documents",
    security: SEC,
    middleware: READ(),
    request: { params: IdParam },
    responses: {
      200: json(
        AdopterSchema.extend({
          documents: z.array(
            z.object({ id: z.string(), title: z.string(), type: z.string(), createdAt: z.string() }),
          ),
        }),
      ),
      ...problemResponses,
    },
  }),
  adopterStatus: createRoute({
    method: 'post',
    path: '/adopters/{id}/status',
    tags: TAGS,
    summary: "Change an adopter's status (suspend / reactivate); running matches re-match",
    security: SEC,
    middleware: WRITE(),
    request: {
      params: IdParam,
      ...body(
        z.object({ state: z.enum(['active', 'suspended']), reason: z.string().trim().min(3).max(500) }),
      ),
    },
    responses: { 200: json(AdopterSchema), 409: problemResponses[422], ...problemResponses },
  }),
  answer: createRoute({
    method: 'post',
    path: '/proposals/{id}/answer',
    tags: TAGS,
    summary: "The adopter's answer to a proposal",
    security: SEC,
    middleware: WRITE(),
    request: {
      params: IdParam,
      ...body(z.object({ accept: z.boolean(), reason: z.string().trim().max(500).nullable().optional() })),
    },
    responses: {
      200: json(z.object({ proposalId: z.string(), outcome: z.enum(['accepted', 'declined']) })),
      409: problemResponses[422],
      ...problemResponses,
    },
  }),
  getMatch: createRoute({
    method: 'get',
    path: '/matches/{id}',
    tags: TAGS,
    summary: 'A match: state, current proposal, history',
    security: SEC,
    middleware: READ(),
    request: { params: IdParam },
    responses: { 200: json(MatchSchema), ...problemResponses },
  }),
  orphanCourt: createRoute({
    method: 'post',
    path: '/matches/{id}/orphan-court-decision',
    tags: TAGS,
    summary: "Record the orphan court's decision (document reference)",
    security: SEC,
    middleware: WRITE(),
    request: {
      params: IdParam,
      ...body(CourtDecisionBody),
    },
    responses: {
      200: json(z.object({ state: z.string() })),
      409: problemResponses[422],
      ...problemResponses,
    },
  }),
  court: createRoute({
    method: 'post',
    path: '/matches/{id}/court-decision',
    tags: TAGS,
    summary: "Record the court's decision (document reference)",
    security: SEC,
    middleware: WRITE(),
    request: {
      params: IdParam,
      ...body(CourtDecisionBody),
    },
    responses: {
      200: json(z.object({ state: z.string() })),
      409: problemResponses[422],
      ...problemResponses,
    },
  }),
  exportCsv: createRoute({
    method: 'get',
    path: '/export/pseudonymised',
    tags: TAGS,
    summary: 'Pseudonymised register export for analytics (CSV; no names, no personal codes)',
    security: SEC,
    middleware: READ(),
    responses: {
      200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
      ...problemResponses,
    },
  }),
};

function notFound(what: string): HttpProblem {
  return new HttpProblem(404, `no such ${what}`);
}

export function adoptionRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(routes.classifier, async (c) => {
    await audit(c, { action: 'adoption.classifier.read', resourceType: 'adoption-classifier' });
    return c.json(
      HEALTH_CONDITIONS.map((h) => ({ code: h.code, name: h.name })),
      200,
    );
  });

  app.openapi(routes.createChild, async (c) => {
    const input = c.req.valid('json');
    const em = c.get('em');
    const user = c.get('user');
    try {
      await validateNewChild(em, input);
      const deps = c.get('deps');
      const recordId = newId();
      let check;
      try {
        check = await checkChildDisability(deps, {
          recordId,
          personId: input.personId,
          requestedBy: user.username,
        });
      } catch (err) {
        if (err instanceof RegistryUnavailableError) {
          throw new HttpProblem(503, 'VDEĀVK is not answering: nothing was registered, try again later', {
            headers: { 'Retry-After': '60' },
          });
        }
        throw err;
      }
      const child = await em.transactional(async (tx) => {
        // The VDEĀVK evidence was stored under the pre-allocated record id.
        const created = await registerChild(tx, user.username, input, check, recordId);
        await audit(
          c,
          {
            action: 'adoption.child.create',
            resourceType: 'adoption-child',
            resourceId: recordId,
            details: { vdeavk: check.outcome, vdeavkRequestId: check.requestId },
          },
          tx,
        );
        return created;
      });
      const fresh = await em.fork().findOneOrFail(AdoptionChild, { id: child.id });
      const person = await em.findOne(Person, { id: fresh.personId });
      return c.json(childView(fresh, person), 201);
    } catch (err) {
      if (err instanceof AdoptionValidationError) {
        await audit(c, {
          action: 'adoption.child.create',
          resourceType: 'adoption-child',
          outcome: 'invalid',
          details: { paths: err.errors.map((e) => e.path) },
        });
        throw new HttpProblem(422, 'the register entry is not valid', { errors: err.errors });
      }
      if (err instanceof AdoptionConflictError) throw new HttpProblem(409, err.message);
      throw err;
    }
  });

  app.openapi(routes.listChildren, async (c) => {
    const q = c.req.valid('query');
    const em = c.get('em');
    const rows = await listChildren(em, q);
    const persons = await em.find(Person, { id: { $in: rows.map((r) => r.personId) } });
    await audit(c, {
      action: 'adoption.child.list',
      resourceType: 'adoption-child',
      details: { count: rows.length, ids: rows.map((r) => r.id), filter: q },
    });
    return c.json(
      {
        items: rows.map((r) =>
          childView(
            r,
            persons.find((p) => p.id === r.personId),
          ),
        ),
      },
      200,
    );
  });

  app.openapi(routes.getChild, async (c) => {
    const { id } = c.req.valid('param');
    const em = c.get('em');
    const child = await em.findOne(AdoptionChild, { id });
    if (!child) {
      await audit(c, {
        action: 'adoption.child.read',
        resourceType: 'adoption-child',
        resourceId: id,
        outcome: 'not-found',
      });
      throw notFound('child in the register');
    }
    const person = await em.findOne(Person, { id: child.personId });
    const matches = await em.find(AdoptionMatch, { childId: id }, { orderBy: { startedAt: 'asc' } });
    await audit(c, { action: 'adoption.child.read', resourceType: 'adoption-child', resourceId: id });
    return c.json(
      {
        ...childView(child, person),
        documents: await registerDocuments(em, id),
        matches: matches.map((m) => ({ id: m.id, state: m.state, startedAt: m.startedAt.toISOString() })),
      },
      200,
    );
  });

  app.openapi(routes.candidates, async (c) => {
    const { id } = c.req.valid('param');
    const date = c.req.valid('query').date ?? rigaToday();
    const em = c.get('em');
    const child = await em.findOne(AdoptionChild, { id });
    if (!child) {
      await audit(c, {
        action: 'adoption.candidates.read',
        resourceType: 'adoption-child',
        resourceId: id,
        outcome: 'not-found',
      });
      throw notFound('child in the register');
    }
    const assessed = await assessCandidates(em, child, date);
    await audit(c, {
      action: 'adoption.candidates.read',
      resourceType: 'adoption-child',
      resourceId: id,
      details: { date, count: assessed.length },
    });
    return c.json(assessed, 200);
  });

  app.openapi(routes.startMatch, async (c) => {
    const { id } = c.req.valid('param');
    const options = c.req.valid('json') ?? {};
    const child = await c.get('em').findOne(AdoptionChild, { id });
    if (!child) throw notFound('child in the register');
    const { config, temporal } = c.get('deps');
    let started: { matchId: string; workflowId: string };
    try {
      started = await startAdoptionMatch(
        { em: c.get('em'), client: temporal.client, config },
        { ...auditActor(c), username: c.get('user').username },
        child,
        { via: 'api', workflowOptions: options },
      );
    } catch (err) {
      if (err instanceof ChildNotActiveError) throw new HttpProblem(409, err.message);
      if (err instanceof MatchAlreadyRunningError) {
        throw new HttpProblem(409, err.message, { matchId: err.matchId });
      }
      throw err;
    }
    const { matchId, workflowId } = started;
    return c.json({ id: matchId, workflowId }, 202);
  });

  app.openapi(routes.withdrawChild, async (c) => {
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const em = c.get('em');
    const child = await em.findOne(AdoptionChild, { id });
    if (!child) throw notFound('child in the register');
    if (child.state === 'archived' || child.state === 'withdrawn') {
      throw new HttpProblem(409, `the child's record is ${child.state} (read-only)`);
    }
    const running = await em.find(AdoptionMatch, { childId: id, state: { $in: RUNNING_MATCH_STATES } });
    await em.transactional(async (tx) => {
      const row = await tx.findOneOrFail(AdoptionChild, { id });
      row.state = 'withdrawn';
      row.withdrawnReason = reason;
      row.updatedAt = new Date();
      await tx.flush();
      await audit(
        c,
        {
          action: 'adoption.child.withdraw',
          resourceType: 'adoption-child',
          resourceId: id,
          details: { matches: running.map((m) => m.id) },
        },
        tx,
      );
    });
    const { client } = c.get('deps').temporal;
    for (const m of running) {
      await client.workflow
        .getHandle(m.workflowId)
        .signal(withdrawChild, { reason })
        .catch((err: unknown) => {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        });
    }
    const fresh = await em.fork().findOneOrFail(AdoptionChild, { id });
    return c.json(childView(fresh), 200);
  });

  app.openapi(routes.createAdopter, async (c) => {
    const input = c.req.valid('json');
    const em = c.get('em');
    try {
      const adopter = await em.transactional(async (tx) => {
        const created = await registerAdopter(tx, c.get('user').username, input);
        await audit(
          c,
          { action: 'adoption.adopter.create', resourceType: 'adoption-adopter', resourceId: created.id },
          tx,
        );
        return created;
      });
      return c.json(adopterView(adopter), 201);
    } catch (err) {
      if (err instanceof AdoptionValidationError) {
        await audit(c, {
          action: 'adoption.adopter.create',
          resourceType: 'adoption-adopter',
          outcome: 'invalid',
          details: { paths: err.errors.map((e) => e.path) },
        });
        throw new HttpProblem(422, 'the register entry is not valid', { errors: err.errors });
      }
      throw err;
    }
  });

  app.openapi(routes.listAdopters, async (c) => {
    const q = c.req.valid('query');
    const rows = await listAdopters(c.get('em'), q);
    await audit(c, {
      action: 'adoption.adopter.list',
      resourceType: 'adoption-adopter',
      details: { count: rows.length, ids: rows.map((r) => r.id), filter: q },
    });
    return c.json({ items: rows.map(adopterView) }, 200);
  });

  app.openapi(routes.getAdopter, async (c) => {
    const { id } = c.req.valid('param');
    const em = c.get('em');
    const adopter = await em.findOne(AdoptionAdopter, { id });
    if (!adopter) throw notFound('adopter in the register');
    await audit(c, { action: 'adoption.adopter.read', resourceType: 'adoption-adopter', resourceId: id });
    return c.json({ ...adopterView(adopter), documents: await registerDocuments(em, id) }, 200);
  });

  app.openapi(routes.adopterStatus, async (c) => {
    const { id } = c.req.valid('param');
    const { state, reason } = c.req.valid('json');
    const em = c.get('em');
    const adopter = await em.findOne(AdoptionAdopter, { id });
    if (!adopter) throw notFound('adopter in the register');
    if (adopter.state === 'archived')
      throw new HttpProblem(409, "the adopter's record is archived (read-only)");
    if (state === 'active' && adopter.state === 'matched') {
      throw new HttpProblem(409, 'the adopter is in a running match');
    }
    const running = await em.find(AdoptionMatch, { adopterId: id, state: { $in: RUNNING_MATCH_STATES } });
    await em.transactional(async (tx) => {
      const row = await tx.findOneOrFail(AdoptionAdopter, { id });
      const previous = row.state;
      row.state = state;
      row.updatedAt = new Date();
      await tx.flush();
      await audit(
        c,
        {
          action: 'adoption.adopter.status',
          resourceType: 'adoption-adopter',
          resourceId: id,
          details: { from: previous, to: state, reason, matches: running.map((m) => m.id) },
        },
        tx,
      );
    });
    if (state !== 'active') {
      const { client } = c.get('deps').temporal;
      for (const m of running) {
        await client.workflow
          .getHandle(m.workflowId)
          .signal(adopterStatusChanged, { adopterId: id, state })
          .catch((err: unknown) => {
            if (!(err instanceof WorkflowNotFoundError)) throw err;
          });
      }
    }
    return c.json(adopterView(await em.fork().findOneOrFail(AdoptionAdopter, { id })), 200);
  });

  app.openapi(routes.answer, async (c) => {
    const { id } = c.req.valid('param');
    const { accept, reason } = c.req.valid('json');
    const em = c.get('em');
    const proposal = await em.findOne(AdoptionProposal, { id });
    if (!proposal) throw notFound('proposal');
    if (proposal.state !== 'pending') throw new HttpProblem(409, `the proposal is already ${proposal.state}`);
    const match = await em.findOneOrFail(AdoptionMatch, { id: proposal.matchId });
    const handle = c.get('deps').temporal.client.workflow.getHandle(match.workflowId);
    let outcome: 'accepted' | 'declined';
    try {
      ({ outcome } = await handle.executeUpdate(answerProposal, {
        args: [{ proposalId: id, accept, reason: reason ?? null }],
      }));
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
        throw new HttpProblem(409, 'the proposal is not waiting for an answer');
      }
      throw err;
    }
    await audit(c, {
      action: 'adoption.proposal.answer',
      resourceType: 'adoption-proposal',
      resourceId: id,
      details: { matchId: match.id, accept },
    });
    return c.json({ proposalId: id, outcome }, 200);
  });

  app.openapi(routes.getMatch, async (c) => {
    const { id } = c.req.valid('param');
    const em = c.get('em');
    const match = await em.findOne(AdoptionMatch, { id });
    if (!match) {
      await audit(c, {
        action: 'adoption.match.read',
        resourceType: 'adoption-match',
        resourceId: id,
        outcome: 'not-found',
      });
      throw notFound('match');
    }
    const view = await matchView(em, match);
    await audit(c, { action: 'adoption.match.read', resourceType: 'adoption-match', resourceId: id });
    return c.json(view, 200);
  });

  async function recordDecision(
    c: Context<AppEnv>,
    kind: 'orphan-court' | 'court',
    id: string,
    input: DecisionInput,
  ): Promise<void> {
    const em = c.get('em');
    const match = await em.findOne(AdoptionMatch, { id });
    if (!match) throw notFound('match');
    const handle = c.get('deps').temporal.client.workflow.getHandle(match.workflowId);
    try {
      if (kind === 'court') await handle.executeUpdate(recordCourtDecision, { args: [input] });
      else await handle.executeUpdate(recordOrphanCourtDecision, { args: [input] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
        throw new HttpProblem(409, `the match is ${match.state}: it is not waiting for this decision`);
      }
      throw err;
    }
    await audit(c, {
      action: `adoption.match.${kind}-decision`,
      resourceType: 'adoption-match',
      resourceId: id,
      details: { documentRef: input.documentRef, approved: input.approved },
    });
  }
  app.openapi(routes.orphanCourt, async (c) => {
    await recordDecision(c, 'orphan-court', c.req.valid('param').id, c.req.valid('json'));
    return c.json({ state: 'orphan-court-decision-recorded' }, 200);
  });
  app.openapi(routes.court, async (c) => {
    await recordDecision(c, 'court', c.req.valid('param').id, c.req.valid('json'));
    return c.json({ state: 'court-decision-recorded' }, 200);
  });

  app.openapi(routes.exportCsv, async (c) => {
    const csv = await pseudonymisedExport(c.get('em'), c.get('deps').config.pseudonymKey, rigaToday());
    await audit(c, {
      action: 'adoption.export.pseudonymised',
      resourceType: 'adoption-register',
      purpose: 'Analītika (pseudonimizēti dati)',
      details: { rows: csv.split('\n').length - 2 },
    });
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="adopcijas-registrs-pseudonimizets.csv"',
    });
  });

  return app;
}
