/** BAC's oversight of the register: compliance per organisation and municipality, and the training demand forecast. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { complianceReport, demandForecast } from '../../../services/specialists/reports.js';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import { ComplianceSchema, DateQuery, DemandQuery, DemandSchema } from '../../schemas/specialists.js';
import { problemResponses } from '../../schemas.js';
import { actorOf, depsOf } from './context.js';

const tags = ['Specialists register'];

const complianceRoute = createRoute({
  method: 'get',
  path: '/compliance',
  tags,
  summary: 'Specialists, compliant, due and overdue per organisation and per municipality',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('specialist:oversee')] as const,
  request: { query: DateQuery },
  responses: {
    200: { description: 'Compliance', content: { 'application/json': { schema: ComplianceSchema } } },
    ...problemResponses,
  },
});

const demandRoute = createRoute({
  method: 'get',
  path: '/demand',
  tags,
  summary: 'Initial and refresher trainings falling due per month and planning region',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('specialist:oversee')] as const,
  request: { query: DemandQuery },
  responses: {
    200: { description: 'Demand forecast', content: { 'application/json': { schema: DemandSchema } } },
    ...problemResponses,
  },
});

export function reportsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(complianceRoute, async (c) => {
    const deps = depsOf(c);
    const date = c.req.valid('query').date ?? deps.today;
    return c.json(await complianceReport(deps.em, actorOf(c), date), 200);
  });
  app.openapi(demandRoute, async (c) => {
    const deps = depsOf(c);
    return c.json(await demandForecast(deps.em, actorOf(c), c.req.valid('query'), deps.today), 200);
  });
}
