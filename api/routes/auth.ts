/** POST /api/v1/auth/login and /logout. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { login, logout } from '../../services/identity.js';
import type { AppEnv } from '../context.js';
import { HttpProblem } from '../problem.js';
import { ProblemSchema } from '../schemas.js';
import { authenticate } from '../middleware/auth.js';
import { clientAddress } from '../middleware/client-address.js';

const LoginBody = z
  .object({
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .openapi('LoginRequest');

const LoginResponse = z
  .object({
    token: z.string(),
    expiresAt: z.string(),
    user: z.object({ username: z.string(), role: z.string(), municipalityCode: z.string().nullable() }),
  })
  .openapi('LoginResponse');

const loginRoute = createRoute({
  method: 'post',
  path: '/login',
  tags: ['Auth'],
  summary: 'Sign in with a local account; returns a bearer token',
  request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: LoginResponse } } },
    401: {
      description: 'Wrong credentials',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    422: {
      description: 'Invalid request',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    429: {
      description:
        'Too many failed sign-ins from this address (for this account, or for any): wait Retry-After seconds',
      headers: {
        'Retry-After': { description: 'Seconds until the next attempt', schema: { type: 'integer' } },
      },
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['Auth'],
  summary: 'End the current session',
  security: [{ bearer: [] }],
  middleware: [authenticate()] as const,
  responses: { 204: { description: 'Signed out' } },
});

export function authRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(loginRoute, async (c) => {
    const { username, password } = c.req.valid('json');
    const deps = c.get('deps');
    const em = c.get('em');
    const result = await login(
      em,
      {
        username,
        password,
        kind: 'api',
        ttlMinutes: deps.config.session.ttlMinutes,
        address: clientAddress(c),
        requestId: c.get('requestId'),
      },
      deps.clock.now(),
    );
    if (!result.ok && result.reason === 'throttled') {
      throw new HttpProblem(429, 'too many failed sign-ins: wait before trying again', {
        headers: { 'Retry-After': String(result.retryAfterSeconds) },
      });
    }
    if (!result.ok) throw new HttpProblem(401, 'wrong user name or password');
    return c.json(
      {
        token: result.token,
        expiresAt: result.expiresAt.toISOString(),
        user: {
          username: result.user.username,
          role: result.user.role,
          municipalityCode: result.user.municipalityCode,
        },
      },
      200,
    );
  });
  app.openapi(logoutRoute, async (c) => {
    await logout(c.get('em'), c.get('auth').token);
    return c.body(null, 204);
  });
  return app;
}
