/** BAC oversight of orphan courts ("BARIS browser"): read-only, bac_inspector only, every view audited. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  BarisUnavailableError,
  orphanCourtCase,
  orphanCourtCases,
  orphanCourtOverview,
} from '../../services/placements-oversight.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { problemResponses } from '../schemas.js';
import { audit } from '../audit.js';

const OVERSIGHT = 'oversight';
const AtvkParam = z.object({
  atvk: z
    .string()
    .regex(/^\d{7}$/)
    .openapi({ param: { name: 'atvk', in: 'path' } }),
});
const CaseParam = AtvkParam.extend({
  caseId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'caseId', in: 'path' }, description: 'BARIS case number (URL-encoded)' }),
});

const BarisCaseSchema = z
  .object({
    caseNumber: z.string(),
    orphanCourtAtvk: z.string(),
    orphanCourtName: z.string(),
    category: z.string(),
    status: z.string(),
    openedOn: z.string(),
    closedOn: z.string().nullable(),
    lastDecisionDate: z.string().nullable(),
    summary: z.string(),
    child: z.object({ initials: z.string(), birthYear: z.number() }),
  })
  .openapi('BarisCase');

const OverviewSchema = z
  .object({
    atvk: z.string(),
    name: z.string(),
    openCases: z.number().nullable(),
    activePlacements: z.number(),
    reportsOverdue: z.number(),
    oldestOverdueDays: z.number().nullable(),
  })
  .openapi('OrphanCourtOverview');

const common = {
  tags: ['Oversight'],
  security: [{ bearer: [] }],
};

const overviewRoute = createRoute({
  ...common,
  middleware: [authenticate(), requirePermission('oversight:read')] as const,
  method: 'get',
  path: '/orphan-courts',
  summary: 'Every orphan court: open BARIS cases, active placements, overdue reports, oldest overdue age',
  responses: {
    200: {
      description: 'Overview',
      content: { 'application/json': { schema: z.object({ items: z.array(OverviewSchema) }) } },
    },
    ...problemResponses,
  },
});

const casesRoute = createRoute({
  ...common,
  middleware: [authenticate(), requirePermission('oversight:read')] as const,
  method: 'get',
  path: '/orphan-courts/{atvk}/cases',
  summary: 'BARIS cases and placements of one orphan court',
  request: { params: AtvkParam },
  responses: {
    200: {
      description: 'Cases',
      content: {
        'application/json': {
          schema: z.object({
            atvk: z.string(),
            name: z.string(),
            cases: z.array(BarisCaseSchema),
            placements: z.array(z.record(z.string(), z.unknown())),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const caseRoute = createRoute({
  ...common,
  middleware: [authenticate(), requirePermission('oversight:read')] as const,
  method: 'get',
  path: '/orphan-courts/{atvk}/cases/{caseId}',
  summary: 'One BARIS case',
  request: { params: CaseParam },
  responses: {
    200: { description: 'The case', content: { 'application/json': { schema: BarisCaseSchema } } },
    ...problemResponses,
  },
});

function unavailable(err: unknown): never {
  if (err instanceof BarisUnavailableError)
    throw new HttpProblem(503, 'BARIS is not available; try again later', {
      headers: { 'Retry-After': '30' },
    });
  throw err;
}

export function oversightRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(overviewRoute, async (c) => {
    const items = await orphanCourtOverview(c.get('em'), c.get('deps').config);
    await audit(c, { action: 'oversight.orphan-courts', resourceType: 'orphan-court', purpose: OVERSIGHT });
    return c.json({ items }, 200);
  });

  app.openapi(casesRoute, async (c) => {
    const { atvk } = c.req.valid('param');
    try {
      const view = await orphanCourtCases(c.get('em'), c.get('deps').config, atvk);
      await audit(c, {
        action: 'oversight.orphan-court.cases',
        resourceType: 'orphan-court',
        resourceId: atvk,
        purpose: OVERSIGHT,
        details: { cases: view.cases.length },
      });
      return c.json({ ...view, placements: view.placements.map((p) => ({ ...p })) }, 200);
    } catch (err) {
      unavailable(err);
    }
  });

  app.openapi(caseRoute, async (c) => {
    const { atvk, caseId } = c.req.valid('param');
    try {
      const found = await orphanCourtCase(c.get('deps').config, atvk, caseId);
      await audit(c, {
        action: 'oversight.orphan-court.case',
        resourceType: 'baris-case',
        resourceId: caseId,
        purpose: OVERSIGHT,
        outcome: found ? 'success' : 'not-found',
        details: { orphanCourtAtvk: atvk },
      });
      if (!found) throw new HttpProblem(404, 'no such BARIS case at this orphan court');
      return c.json(found, 200);
    } catch (err) {
      unavailable(err);
    }
  });
  return app;
}
