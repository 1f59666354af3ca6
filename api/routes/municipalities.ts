/** GET /api/v1/municipalities: the 43 municipalities of Latvia (reference data). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { Municipality } from '../../infra/db/entities/index.js';
import type { AppEnv } from '../context.js';
import { authenticate } from '../middleware/auth.js';
import { problemResponses } from '../schemas.js';

const MunicipalitySchema = z.object({ atvk: z.string(), name: z.string() }).openapi('Municipality');

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Reference data'],
  summary: 'All municipalities with their ATVK codes',
  security: [{ bearer: [] }],
  middleware: [authenticate()] as const,
  responses: {
    200: {
      description: 'Municipalities',
      content: { 'application/json': { schema: z.array(MunicipalitySchema) } },
    },
    401: problemResponses[401],
  },
});

export function municipalitiesRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(listRoute, async (c) => {
    const rows = await c.get('em').find(Municipality, {}, { orderBy: { atvk: 'asc' } });
    return c.json(
      rows.map((m) => ({ atvk: m.atvk, name: m.name })),
      200,
    );
  });
  return app;
}
