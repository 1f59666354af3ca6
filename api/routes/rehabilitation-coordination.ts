/**
 * `GET /api/v1/rehabilitation/sessions?from&to[&municipality]` (issue 20): the national rehabilitation coordinator's
 * pseudonymised view of every municipality's session records.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isValidIsoDate } from '../../domain/calendar.js';
import { coordinationSessions } from '../../services/rehabilitation/coordination.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { problemResponses } from '../schemas.js';

const isoDate = z.string().refine(isValidIsoDate, 'must be a calendar date YYYY-MM-DD');

const listRoute = createRoute({
  method: 'get',
  path: '/sessions',
  tags: ['Social services'],
  summary: "Every municipality's victim-rehabilitation sessions of a period, the person pseudonymised",
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('rehabilitation:coordinate')] as const,
  request: {
    query: z.object({
      from: isoDate,
      to: isoDate,
      municipality: z
        .string()
        .regex(/^\d{7}$/, 'a 7-digit ATVK code')
        .optional(),
    }),
  },
  responses: {
    200: {
      description: 'Sessions (at most 10,000; `truncated` when there were more)',
      content: {
        'application/json': {
          schema: z
            .object({
              truncated: z.boolean(),
              sessions: z.array(
                z.object({
                  person: z.string(),
                  municipalityCode: z.string(),
                  group: z.string(),
                  date: z.string(),
                  form: z.string(),
                  specialistKind: z.string().nullable(),
                  minutes: z.number().nullable(),
                }),
              ),
            })
            .openapi('RehabilitationCoordinationSessions'),
        },
      },
    },
    ...problemResponses,
  },
});

export function rehabilitationCoordinationRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(listRoute, async (c) => {
    const result = await coordinationSessions(
      c.get('em'),
      { ...c.get('user'), requestId: c.get('requestId') },
      c.get('deps').config.pseudonymKey,
      c.req.valid('query'),
    );
    return c.json(result, 200);
  });
  return app;
}
