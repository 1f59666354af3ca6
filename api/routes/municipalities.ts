/** GET /api/v1/municipalities: the 43 municipalities of Latvia (reference data). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listMunicipalities } from '../../services/municipalities.js';
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
    return c.json(await listMunicipalities(c.get('em')), 200);
  });
  return app;
}
