/**
 * The social-service catalogue (issue 6): everyone signed in reads it; administrators create types and edit them
 * (every edit a new version — running services keep theirs). The body is the definition the domain validates;
 * invalid definitions answer 422 with the path of each problem (`assessmentForm.fields[2].options`).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { formatIssuePath, ServiceTypeDefinitionSchema } from '../../domain/social-services/catalogue.js';
import { DomainValidationError } from '../../domain/validation.js';
import {
  createServiceType,
  findServiceType,
  listServiceTypes,
  ServiceTypeExistsError,
  UnknownServiceTypeError,
  updateServiceType,
} from '../../services/social-services/catalogue.js';
import { audit } from '../audit.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { problemResponses } from '../schemas.js';

/** The domain's schema (created before @hono/zod-openapi patches zod, so without `.openapi`: documented inline). */
const Definition = ServiceTypeDefinitionSchema;
const ServiceTypeSchema = z
  .object({
    code: z.string(),
    version: z.number().int(),
    active: z.boolean(),
    source: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    definition: Definition,
  })
  .openapi('ServiceType');
const CodeParam = z.object({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9-]{2,39}$/, 'a service type code')
    .openapi({ param: { name: 'code', in: 'path' } }),
});
const secured = { security: [{ bearer: [] }], tags: ['Service catalogue'] };
const body = { content: { 'application/json': { schema: Definition } }, required: true };

/** Validation failures with the domain's paths (`assessmentForm.fields[2].options`), as the screens show them. */
const definitionHook = (
  result:
    { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
) => {
  if (!result.success) {
    throw new HttpProblem(422, 'the service type definition is not valid', {
      errors: result.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message })),
    });
  }
  return undefined;
};

const listRoute = createRoute({
  ...secured,
  method: 'get',
  path: '/',
  summary: 'The service catalogue (active types; administrators may ask for inactive ones too)',
  middleware: [authenticate()] as const,
  request: { query: z.object({ includeInactive: z.enum(['true', 'false']).optional() }) },
  responses: {
    200: {
      description: 'Service types',
      content: { 'application/json': { schema: z.object({ items: z.array(ServiceTypeSchema) }) } },
    },
    ...problemResponses,
  },
});

const getRoute = createRoute({
  ...secured,
  method: 'get',
  path: '/{code}',
  summary: 'One service type, its current version',
  middleware: [authenticate()] as const,
  request: { params: CodeParam },
  responses: {
    200: { description: 'Service type', content: { 'application/json': { schema: ServiceTypeSchema } } },
    ...problemResponses,
  },
});

const createTypeRoute = createRoute({
  ...secured,
  method: 'post',
  path: '/',
  summary: 'Create a service type (administrator)',
  middleware: [authenticate(), requirePermission('service-type:write')] as const,
  request: { body },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: ServiceTypeSchema } } },
    409: problemResponses[422],
    ...problemResponses,
  },
});

const updateTypeRoute = createRoute({
  ...secured,
  method: 'put',
  path: '/{code}',
  summary: 'A new version of a service type (administrator); `?active=false` withdraws it from new requests',
  middleware: [authenticate(), requirePermission('service-type:write')] as const,
  request: {
    params: CodeParam,
    query: z.object({ active: z.enum(['true', 'false']).optional() }),
    body,
  },
  responses: {
    200: { description: 'Updated', content: { 'application/json': { schema: ServiceTypeSchema } } },
    ...problemResponses,
  },
});

function invalid(err: unknown): never {
  if (err instanceof DomainValidationError) {
    throw new HttpProblem(422, 'the service type definition is not valid', { errors: [...err.issues] });
  }
  throw err;
}

export function serviceTypesRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(listRoute, async (c) => {
    const { includeInactive } = c.req.valid('query');
    const all = includeInactive === 'true' && c.get('user').role === 'admin';
    return c.json({ items: await listServiceTypes(c.get('em'), { includeInactive: all }) }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { code } = c.req.valid('param');
    const found = await findServiceType(c.get('em'), code);
    if (!found) throw new HttpProblem(404, 'no such service type');
    return c.json(found, 200);
  });

  app.openapi(
    createTypeRoute,
    async (c) => {
      const definition = c.req.valid('json');
      try {
        const created = await createServiceType(
          c.get('em'),
          { ...c.get('user'), requestId: c.get('requestId') },
          definition,
        );
        return c.json(created, 201);
      } catch (err) {
        if (err instanceof ServiceTypeExistsError) {
          await audit(c, {
            action: 'service-type.create',
            resourceType: 'service-type',
            resourceId: err.message,
            outcome: 'denied',
          });
          throw new HttpProblem(409, 'a service type with this code exists', {
            errors: [{ path: 'code', message: 'already exists' }],
          });
        }
        return invalid(err);
      }
    },
    definitionHook,
  );

  app.openapi(
    updateTypeRoute,
    async (c) => {
      const { code } = c.req.valid('param');
      const { active } = c.req.valid('query');
      const definition = c.req.valid('json');
      try {
        const updated = await updateServiceType(
          c.get('em'),
          { ...c.get('user'), requestId: c.get('requestId') },
          code,
          definition,
          active === undefined ? {} : { active: active === 'true' },
        );
        return c.json(updated, 200);
      } catch (err) {
        if (err instanceof UnknownServiceTypeError) throw new HttpProblem(404, 'no such service type');
        return invalid(err);
      }
    },
    definitionHook,
  );

  return app;
}
