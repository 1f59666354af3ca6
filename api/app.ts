/**
 * The DigiSoc HTTP application: one router per resource, middleware for request context, auth and errors, and an
 * OpenAPI 3.1 document generated from the same zod schemas that validate requests.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Context } from 'hono';
import { ObjectStoreUnavailableError } from '../services/documents.js';
import type { AppDeps, AppEnv } from './context.js';
import { requestContextMiddleware } from './middleware/request-context.js';
import { bodyLimits } from './middleware/body-limit.js';
import { inputGuard, requiredBodiesFrom } from './middleware/input-guard.js';
import { malformedJsonResponse, ProblemSchema } from './schemas.js';
import { HttpProblem, problem, zodFieldErrors } from './problem.js';
import { healthRouter } from './routes/health.js';
import { authRouter } from './routes/auth.js';
import { municipalitiesRouter } from './routes/municipalities.js';
import { personsRouter } from './routes/persons.js';
import { householdRouter } from './routes/household.js';
import { casesRouter } from './routes/cases.js';
import { documentsRouter } from './routes/documents.js';
import { auditRouter } from './routes/audit.js';
import { registryChecksRouter } from './routes/registry-checks.js';
import { placementsRouter } from './routes/placements.js';
import { alertsRouter } from './routes/alerts.js';
import { oversightRouter } from './routes/oversight.js';
import { adoptionRouter } from './routes/adoption/index.js';
import { tasksRouter } from './routes/tasks.js';
import { meansTestsRouter } from './routes/means-tests.js';
import { serviceTypesRouter } from './routes/service-types.js';
import { settlementsRouter, socialServicesRouter } from './routes/social-services/index.js';
import { municipalitySettingsRouter } from './routes/municipality-settings.js';
import { dmsIntegrationRouter } from './routes/integrations-dms.js';
import { createBankCallbackRouter, sharedSecretVerifier } from './routes/bank-callbacks.js';
import { bankStatementReceived } from '../workflows/registry-check/contract.js';
import { codecRouter } from './routes/codec.js';
import { specialistsRouter } from './routes/specialists/index.js';
import { providersRouter, publicProvidersRouter } from './routes/providers/index.js';
import { careQueueRouter } from './routes/care-queue/index.js';
import { openDataRouter } from './routes/open-data.js';
import { reportsRouter } from './routes/reports.js';
import { rehabilitationRouter } from './routes/rehabilitation.js';
import { rehabilitationCoordinationRouter } from './routes/rehabilitation-coordination.js';
import { DomainError, type DomainErrorKind } from '../services/errors.js';
import { DomainValidationError } from '../domain/validation.js';
import { unavailableDependency } from '../services/availability.js';

export type ExtraRouters = (app: OpenAPIHono<AppEnv>, deps: AppDeps) => void;

export function createApp(deps: AppDeps, extra: ExtraRouters[] = []): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const prefix = result.target === 'json' || result.target === 'form' ? [] : [result.target];
        return problem(c, 422, 'the request is not valid', { errors: zodFieldErrors(result.error, prefix) });
      }
      return undefined;
    },
  });

  app.use('*', requestContextMiddleware(deps));
  // Strict CSP everywhere; only the Swagger UI page loads its script and styles from a CDN.
  const strict = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
  const swagger = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'", 'https://cdn.jsdelivr.net'],
      styleSrc: ["'self'", "'unsafe-inline'", 'https://cdn.jsdelivr.net'],
      imgSrc: ["'self'", 'data:'],
    },
  });
  app.use('*', (c, next) => (c.req.path === '/docs' ? swagger(c, next) : strict(c, next)));
  // JSON answers hold personal data: no cache (browser, proxy) may keep them.
  app.use('*', async (c, next) => {
    await next();
    if (/^application\/(problem\+)?json\b/.test(c.res.headers.get('content-type') ?? ''))
      c.res.headers.set('Cache-Control', 'no-store');
  });
  // Every body is size-limited before anything reads it, then every parsed input is checked (malformed JSON,
  // missing required bodies, NUL and lone surrogates in any string).
  app.use('*', bodyLimits(deps.config));
  app.use('*', inputGuard(requiredBodiesFrom(() => app.openAPIRegistry.definitions)));

  app.route('/', healthRouter());
  app.route('/api/v1/auth', authRouter());
  app.route('/api/v1/municipalities', municipalitiesRouter());
  app.route('/api/v1/persons', personsRouter());
  app.route('/api/v1/cases', casesRouter());
  app.route('/api/v1/cases', documentsRouter());
  app.route('/api/v1/cases', registryChecksRouter());
  app.route('/api/v1/cases', householdRouter());
  app.route('/api/v1/adoption', adoptionRouter());
  app.route('/api/v1/audit', auditRouter());
  app.route('/api/v1/placements', placementsRouter());
  app.route('/api/v1/alerts', alertsRouter());
  app.route('/api/v1/oversight', oversightRouter());
  app.route('/api/v1/tasks', tasksRouter());
  app.route('/api/v1/means-tests', meansTestsRouter());
  app.route('/api/v1/service-types', serviceTypesRouter());
  app.route('/api/v1/cases', socialServicesRouter());
  app.route('/api/v1/settlements', settlementsRouter());
  app.route('/api/v1/municipalities', municipalitySettingsRouter());
  app.route('/api/v1/integrations/dms', dmsIntegrationRouter(deps));
  app.route('/api/v1/specialists', specialistsRouter());
  app.route('/api/v1/providers', providersRouter());
  app.route('/api/v1/public/providers', publicProvidersRouter());
  app.route('/api/v1/care-queue', careQueueRouter());
  app.route('/api/v1/open-data', openDataRouter());
  app.route('/api/v1/reports', reportsRouter());
  app.route('/api/v1/cases', rehabilitationRouter());
  app.route('/api/v1/rehabilitation', rehabilitationCoordinationRouter());
  app.route(
    '/api/v1/integrations',
    createBankCallbackRouter({
      verifySecret: sharedSecretVerifier(deps.config.bankCallbackSecret),
      signalBankStatement: (workflowId, payload) =>
        deps.temporal.client.workflow.getHandle(workflowId).signal(bankStatementReceived, payload),
    }),
  );
  app.route('/codec', codecRouter(deps));
  for (const mount of extra) mount(app, deps);

  documentBodyProblems(app);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'Token from POST /api/v1/auth/login',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'DigiSoc API',
      version: '0.1.0',
      description:
        'Client electronic case files for Latvian municipal social services. Errors are RFC 9457 problem+json.',
    },
    servers: [{ url: deps.config.api.publicUrl }],
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));

  app.notFound((c) => problem(c, 404, `no route ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => errorResponse(err, c, deps));
  return app;
}

/** The one place typed application errors become HTTP statuses (issue 16). */
const DOMAIN_ERROR_STATUS = {
  'not-found': 404,
  validation: 422,
  conflict: 409,
  forbidden: 403,
} as const satisfies Record<DomainErrorKind, number>;

/** Every operation with a JSON body may answer 400 (malformed JSON) and 413 (body above its limit). */
function documentBodyProblems(app: OpenAPIHono<AppEnv>): void {
  for (const def of app.openAPIRegistry.definitions) {
    if (def.type !== 'route') continue;
    const content = def.route.request?.body?.content ?? {};
    if (!Object.keys(content).some((type) => /json$/i.test(type))) continue;
    def.route = {
      ...def.route,
      responses: {
        400: malformedJsonResponse,
        413: {
          description: 'The body exceeds the size limit',
          content: { 'application/problem+json': { schema: ProblemSchema } },
        },
        ...def.route.responses,
      },
    };
  }
}

function errorResponse(err: Error, c: Context<AppEnv>, deps: AppDeps): Response {
  if (err instanceof HttpProblem) {
    const { headers, ...extra } = err.extra;
    return problem(c, err.status, err.detail, { ...extra, ...(headers ? { headers } : {}) });
  }
  if (err instanceof DomainError) {
    return problem(c, DOMAIN_ERROR_STATUS[err.kind], err.message, {
      ...err.extensions,
      ...(err.issues.length ? { errors: [...err.issues] } : {}),
    });
  }
  if (err instanceof DomainValidationError) {
    return problem(c, 422, 'the request is not valid', { errors: [...err.issues] });
  }
  if (err instanceof ObjectStoreUnavailableError) {
    deps.logger.error({ err: err.message }, 'object storage unavailable');
    return problem(c, 503, 'document storage is unavailable; nothing was recorded, try again later', {
      headers: { 'Retry-After': '30' },
    });
  }
  if (err instanceof HTTPException) {
    return problem(c, err.status as 400, err.message || undefined);
  }
  const down = unavailableDependency(err);
  if (down) {
    deps.logger.error({ err: err.message, dependency: down, path: c.req.path }, 'dependency unavailable');
    return problem(c, 503, `the ${down} is unavailable; nothing was recorded, try again later`, {
      headers: { 'Retry-After': '30' },
    });
  }
  deps.logger.error({ err, path: c.req.path }, 'unhandled error');
  return problem(c, 500, 'an unexpected error occurred; it has been logged');
}
