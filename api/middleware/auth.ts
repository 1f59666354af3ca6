/**
 * Authentication (bearer token for API clients, HttpOnly session cookie for screens) and CSRF protection for
 * cookie-authenticated writes. Role checks are per route through `requirePermission`.
 */
import { getCookie } from 'hono/cookie';
import type { Context, MiddlewareHandler } from 'hono';
import { can, type Permission } from '../../domain/access/roles.js';
import { resolveSession } from '../../services/identity.js';
import { isCitizenToken } from '../../services/citizen/sessions.js';
import type { AppEnv } from '../context.js';
import { HttpProblem } from '../problem.js';
import { refuseMissingBody } from './input-guard.js';

export const SESSION_COOKIE = 'digisoc_session';
/** The citizen portal's session cookie (path /e-pakalpojumi; see api/screens/portal-kit.ts). */
export const CITIZEN_SESSION_COOKIE = 'digisoc_citizen';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function authenticate(options: { optional?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = bearer ? undefined : getCookie(c, SESSION_COOKIE);
    const token = bearer ?? cookie;
    if (!token) {
      await refuseCitizen(c);
      if (options.optional) return next();
      throw new HttpProblem(401, 'sign in first: send Authorization: Bearer <token>', {
        headers: { 'WWW-Authenticate': 'Bearer realm="digisoc"' },
      });
    }
    const { config, clock } = c.get('deps');
    const session = await resolveSession(c.get('em'), token, {
      idleMinutes: config.session.idleMinutes,
      now: clock.now(),
    });
    if (!session) {
      await refuseCitizen(c, bearer);
      if (options.optional) return next();
      throw new HttpProblem(401, 'the session has expired or is not valid', {
        headers: { 'WWW-Authenticate': 'Bearer realm="digisoc", error="invalid_token"' },
      });
    }
    const via = bearer ? 'bearer' : 'cookie';
    if (via === 'cookie' && UNSAFE.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token') ?? c.req.query('_csrf') ?? (await csrfFromForm(c.req.raw));
      if (sent !== session.csrfToken) throw new HttpProblem(403, 'missing or wrong CSRF token');
    }
    c.set('user', session.user);
    c.set('auth', { via, csrfToken: session.csrfToken, token });
    await next();
  };
}

/**
 * A citizen never reaches an official route: a live citizen session (its cookie, or its value as a bearer token)
 * without an official one gets 404, as if the route did not exist.
 */
export async function refuseCitizen(c: Context<AppEnv>, bearer?: string): Promise<void> {
  const candidate = bearer ?? getCookie(c, CITIZEN_SESSION_COOKIE);
  if (!candidate) return;
  const { config, clock } = c.get('deps');
  if (await isCitizenToken(c.get('em'), candidate, clock.now(), config.citizen.idleMinutes))
    throw new HttpProblem(404, `no route ${c.req.method} ${c.req.path}`);
}

async function csrfFromForm(request: Request): Promise<string | undefined> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const form = new URLSearchParams(await request.clone().text());
  return form.get('_csrf') ?? undefined;
}

export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!can(c.get('user').role, permission)) throw new HttpProblem(403, `your role may not ${permission}`);
    refuseMissingBody(c);
    await next();
  };
}
