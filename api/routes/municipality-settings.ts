/**
 * PUT /api/v1/municipalities/{atvk}/settings: a municipality's own low-income threshold (BRIEF §4.1), effective-dated.
 * Admin for any municipality; a supervisor for their own only. Not above the maximum nor below the needy threshold
 * in force on the effective date (422 naming the field). GET answers the stored settings.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainValidationError } from '../../domain/validation.js';
import { putMunicipalitySetting, settingsOfMunicipality } from '../../services/means-test.js';
import { audit } from '../audit.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { problemResponses } from '../schemas.js';

const AtvkParam = z.object({
  atvk: z
    .string()
    .regex(/^\d{7}$/, 'an ATVK code of 7 digits')
    .openapi({ param: { name: 'atvk', in: 'path' } }),
});

const SettingBody = z
  .object({
    lowIncomeThreshold: z.object({ firstEur: z.number(), otherEur: z.number() }),
    effectiveFrom: z.string(),
  })
  .openapi('MunicipalityLowIncomeSetting');

const SettingSchema = SettingBody.extend({ municipalityCode: z.string() });

const putRoute = createRoute({
  method: 'put',
  path: '/{atvk}/settings',
  tags: ['Means tests'],
  summary: "Set the municipality's low-income threshold from a date",
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('municipality:settings')] as const,
  request: {
    params: AtvkParam,
    body: { content: { 'application/json': { schema: SettingBody } }, required: true },
  },
  responses: {
    200: { description: 'Stored', content: { 'application/json': { schema: SettingSchema } } },
    ...problemResponses,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{atvk}/settings',
  tags: ['Means tests'],
  summary: "The municipality's low-income threshold settings",
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('municipality:settings')] as const,
  request: { params: AtvkParam },
  responses: {
    200: { description: 'Settings', content: { 'application/json': { schema: z.array(SettingSchema) } } },
    ...problemResponses,
  },
});

export function municipalitySettingsRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  function checkScope(user: { role: string; municipalityCode: string | null }, atvk: string): void {
    if (user.role !== 'admin' && user.municipalityCode !== atvk) {
      throw new HttpProblem(
        403,
        "only an administrator or the municipality's own supervisor may change this",
      );
    }
  }

  app.openapi(putRoute, async (c) => {
    const { atvk } = c.req.valid('param');
    const body = c.req.valid('json');
    const user = c.get('user');
    if (user.role !== 'admin' && user.municipalityCode !== atvk) {
      await audit(c, {
        action: 'municipality-settings.update',
        resourceType: 'municipality',
        resourceId: atvk,
        outcome: 'denied',
      });
    }
    checkScope(user, atvk);
    try {
      const stored = await putMunicipalitySetting(
        c.get('em'),
        { ...user, requestId: c.get('requestId') },
        atvk,
        body,
      );
      return c.json(stored, 200);
    } catch (err) {
      // An unknown municipality is the service's UnknownMunicipalityError: 404 (app.onError).
      if (err instanceof DomainValidationError) {
        throw new HttpProblem(422, 'the setting is not valid', { errors: [...err.issues] });
      }
      throw err;
    }
  });

  app.openapi(getRoute, async (c) => {
    const { atvk } = c.req.valid('param');
    checkScope(c.get('user'), atvk);
    const rows = await settingsOfMunicipality(c.get('em'), atvk);
    if (!rows) throw new HttpProblem(404, `no municipality ${atvk}`);
    return c.json(rows, 200);
  });
  return app;
}
