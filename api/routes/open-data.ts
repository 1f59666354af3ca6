/** Publishing the open datasets (issue 23): an administrator's action. Reading them is public, under /atvertie-dati. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { rigaToday } from '../../infra/clock.js';
import { publishOpenData } from '../../services/open-data/commands.js';
import { openDataStore } from '../../services/open-data/store.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { PublishReleaseBody, PublishResultSchema } from '../schemas/open-data.js';
import { problemResponses } from '../schemas.js';

const publishRoute = createRoute({
  method: 'post',
  path: '/releases',
  tags: ['Open data'],
  summary: 'Publish a release of every open dataset (a new version of each when the data changed)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('open-data:publish')] as const,
  request: { body: { content: { 'application/json': { schema: PublishReleaseBody } }, required: true } },
  responses: {
    200: {
      description: 'The release: new versions, or the latest ones when nothing changed (`published: false`)',
      content: { 'application/json': { schema: PublishResultSchema } },
    },
    409: problemResponses[422],
    ...problemResponses,
  },
});

export function openDataRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(publishRoute, async (c) => {
    const deps = c.get('deps');
    const user = c.get('user');
    const result = await publishOpenData(
      { em: c.get('em'), store: openDataStore(deps.config), today: rigaToday(deps.clock.now()) },
      { username: user.username, role: user.role },
      { note: c.req.valid('json').note ?? null },
    );
    return c.json(result, 200);
  });
  return app;
}
