/** The pseudonymised export of the adoption register (CSV; no names, no personal codes). */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { exportPseudonymised } from '../../../services/adoption/commands.js';
import { requestActor } from '../../audit.js';
import type { AppEnv } from '../../context.js';
import { problemResponses } from '../../schemas.js';
import { READ, SEC, TAGS } from './context.js';

const exportCsv = createRoute({
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
});

export function exportsRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(exportCsv, async (c) => {
    const csv = await exportPseudonymised({ em: c.get('em'), config: c.get('deps').config }, requestActor(c));
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="adopcijas-registrs-pseudonimizets.csv"',
    });
  });
}
