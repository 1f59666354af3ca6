/** GET /api/v1/settlements?month=YYYY-MM — the user's municipality; CSV with `Accept: text/csv`. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isValidIsoMonth } from '../../../domain/calendar.js';
import {
  settlementsCsv,
  settlementsOfMonth,
  settlementView,
} from '../../../services/social-services/queries.js';
import { audit } from '../../audit.js';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import { HttpProblem } from '../../problem.js';
import { ServiceSchema } from '../../schemas/social-services.js';
import { IsoMonthSchema, problemResponses } from '../../schemas.js';
import { secured } from './context.js';

const monthSettlementsRoute = createRoute({
  ...secured,
  method: 'get',
  path: '/',
  summary: "The municipality's settlements of a month (JSON, or CSV with Accept: text/csv)",
  middleware: [authenticate(), requirePermission('settlement:read')] as const,
  request: { query: z.object({ month: IsoMonthSchema }) },
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
