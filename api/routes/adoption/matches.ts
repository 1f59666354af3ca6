/** Matches of the adoption register: the match record, the adopter's answer, the courts' decisions. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { answerProposal, recordMatchDecision } from '../../../services/adoption/commands.js';
import { matchRecord } from '../../../services/adoption/queries.js';
import { requestActor } from '../../audit.js';
import type { AppEnv } from '../../context.js';
import { AnswerBody, CourtDecisionBody, MatchSchema } from '../../schemas/adoption.js';
import { IdParam, problemResponses } from '../../schemas.js';
import { body, depsOf, json, READ, SEC, TAGS, WRITE } from './context.js';

const decisionRoute = (path: string, summary: string) =>
  createRoute({
    method: 'post',
    path,
    tags: TAGS,
    summary,
    security: SEC,
    middleware: WRITE(),
    request: { params: IdParam, ...body(CourtDecisionBody) },
    responses: {
      200: json(z.object({ state: z.string() })),
      409: problemResponses[422],
      ...problemResponses,
    },
  });

const routes = {
  answer: createRoute({
    method: 'post',
    path: '/proposals/{id}/answer',
    tags: TAGS,
    summary: "The adopter's answer to a proposal",
    security: SEC,
    middleware: WRITE(),
    request: { params: IdParam, ...body(AnswerBody) },
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
  orphanCourt: decisionRoute(
    '/matches/{id}/orphan-court-decision',
    "Record the orphan court's decision (document reference)",
  ),
  court: decisionRoute('/matches/{id}/court-decision', "Record the court's decision (document reference)"),
};

export function matchesRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.answer, async (c) => {
    const { accept, reason } = c.req.valid('json');
    const { proposalId, outcome } = await answerProposal(
      depsOf(c),
      requestActor(c),
      c.req.valid('param').id,
      {
        accept,
        reason: reason ?? null,
      },
    );
    return c.json({ proposalId, outcome }, 200);
  });
  app.openapi(routes.getMatch, async (c) =>
    c.json(await matchRecord(c.get('em'), requestActor(c), c.req.valid('param').id), 200),
  );
  app.openapi(routes.orphanCourt, async (c) => {
    const input = c.req.valid('json');
    await recordMatchDecision(depsOf(c), requestActor(c), 'orphan-court', c.req.valid('param').id, input);
    return c.json({ state: 'orphan-court-decision-recorded' }, 200);
  });
  app.openapi(routes.court, async (c) => {
    await recordMatchDecision(
      depsOf(c),
      requestActor(c),
      'court',
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json({ state: 'court-decision-recorded' }, 200);
  });
}
