/** Children in the adoption register: classifier, registration (VDEĀVK check), list, record, candidates, matching. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { rigaToday } from '../../../infra/clock.js';
import { RegistryUnavailableError } from '../../../services/adoption-registry.js';
import { createChild, startMatch, withdrawRegisterChild } from '../../../services/adoption/commands.js';
import {
  candidatesFor,
  childRecord,
  childrenInRegister,
  healthConditionClassifier,
} from '../../../services/adoption/queries.js';
import { requestActor } from '../../audit.js';
import type { AppEnv } from '../../context.js';
import { HttpProblem } from '../../problem.js';
import {
  CandidateSchema,
  ChildBody,
  ChildListQuery,
  ChildRecordSchema,
  ChildSchema,
  isoDate,
  StartMatchBody,
  WithdrawChildBody,
} from '../../schemas/adoption.js';
import { IdParam, problemResponses } from '../../schemas.js';
import { body, depsOf, json, READ, SEC, TAGS, WRITE } from './context.js';

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
    request: { query: ChildListQuery },
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
    responses: { 200: json(ChildRecordSchema), ...problemResponses },
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
      body: { content: { 'application/json': { schema: StartMatchBody } }, required: false },
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
    request: { params: IdParam, ...body(WithdrawChildBody) },
    responses: { 200: json(ChildSchema), 409: problemResponses[422], ...problemResponses },
  }),
};

export function childrenRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.classifier, async (c) =>
    c.json(await healthConditionClassifier(c.get('em'), requestActor(c)), 200),
  );

  app.openapi(routes.createChild, async (c) => {
    try {
      return c.json(await createChild(depsOf(c), requestActor(c), c.req.valid('json')), 201);
    } catch (err) {
      if (err instanceof RegistryUnavailableError) {
        throw new HttpProblem(503, 'VDEĀVK is not answering: nothing was registered, try again later', {
          headers: { 'Retry-After': '60' },
        });
      }
      throw err;
    }
  });

  app.openapi(routes.listChildren, async (c) =>
    c.json({ items: await childrenInRegister(c.get('em'), requestActor(c), c.req.valid('query')) }, 200),
  );

  app.openapi(routes.getChild, async (c) =>
    c.json(await childRecord(c.get('em'), requestActor(c), c.req.valid('param').id), 200),
  );

  app.openapi(routes.candidates, async (c) => {
    const date = c.req.valid('query').date ?? rigaToday();
    return c.json(await candidatesFor(c.get('em'), requestActor(c), c.req.valid('param').id, date), 200);
  });

  app.openapi(routes.startMatch, async (c) => {
    const { matchId, workflowId } = await startMatch(depsOf(c), requestActor(c), c.req.valid('param').id, {
      via: 'api',
      workflowOptions: c.req.valid('json') ?? {},
    });
    return c.json({ id: matchId, workflowId }, 202);
  });

  app.openapi(routes.withdrawChild, async (c) => {
    const { reason } = c.req.valid('json');
    return c.json(
      await withdrawRegisterChild(depsOf(c), requestActor(c), c.req.valid('param').id, reason),
      200,
    );
  });
}
