/**
 * Sessions of the screens: the HttpOnly `digisoc_session` cookie (a `web` session from services/identity), CSRF
 * checks for every state-changing request (form field `_csrf`, query `_csrf` for multipart forms, or the
 * `x-csrf-token` header), role checks that answer with an HTML page, and one-shot flash messages.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { can, type Permission } from '../../domain/access/roles.js';
import { resolveSession, type AuthenticatedUser } from '../../services/identity.js';
import type { AppEnv } from '../context.js';
import { refuseCitizen, SESSION_COOKIE } from '../middleware/auth.js';

export { SESSION_COOKIE };
export const FLASH_COOKIE = 'digisoc_flash';

export const FLASH_KEYS = [
  'document-added',
  'version-added',
  'case-opened',
  'signed-out',
  'registry-check-started',
  'household-member-added',
  'adoption-match-started',
  'adoption-proposal-accepted',
  'adoption-proposal-declined',
] as const;
export type FlashKey = (typeof FLASH_KEYS)[number];

/** An outcome the screens show as an error page (403, 404, CSRF failure). */
export class ScreenError extends Error {
  constructor(
    readonly status: 403 | 404,
    readonly kind: 'forbidden' | 'not-found' | 'csrf',
  ) {
    super(kind);
    this.name = 'ScreenError';
  }
}

export function currentUser(c: Context<AppEnv>): AuthenticatedUser | null {
  const user: AuthenticatedUser | undefined = c.get('user');
  return user ?? null;
}

export function currentCsrf(c: Context<AppEnv>): string | null {
  const auth: { csrfToken: string } | undefined = c.get('auth');
  return auth?.csrfToken ?? null;
}

export function sameToken(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A path inside the screens to return to after sign-in; anything else (other hosts, `//…`) is refused. */
export function safeNext(value: string | undefined | null): string | null {
  // Only plain path characters: no backslashes, spaces or control characters (browsers drop tabs and newlines,
  // which would turn `/\t/evil.example` into `//evil.example`).
  if (!value || !/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/.test(value) || value.startsWith('//')) return null;
  if (value.startsWith('/api/') || value.startsWith('/login') || value.length > 500) return null;
  return value;
}

/** Loads the web session from the cookie when there is one; never fails. */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const { config, clock } = c.get('deps');
      const session = await resolveSession(c.get('em'), token, {
        idleMinutes: config.session.idleMinutes,
        now: clock.now(),
      });
      if (session && session.kind === 'web') {
        c.set('user', session.user);
        c.set('auth', { via: 'cookie', csrfToken: session.csrfToken, token });
      }
    }
    await next();
  };
}

/** Without a session: GETs go to the sign-in page (and come back afterwards), other requests too; citizens get 404. */
export function requireSignIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!currentUser(c)) {
      // A citizen's portal session never opens an official screen: 404, as for a screen that does not exist.
      await refuseCitizen(c);
      const back = c.req.method === 'GET' ? safeNext(c.req.path) : null;
      return c.redirect(back ? `/login?next=${encodeURIComponent(back)}` : '/login', 303);
    }
    await next();
  };
}

async function formCsrf(c: Context<AppEnv>): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const body = await c.req.parseBody();
  const value = body._csrf;
  return typeof value === 'string' ? value : undefined;
}

/** The session's CSRF token must come back with every POST. Multipart forms carry it in the query string. */
export function requireCsrf(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const sent = c.req.header('x-csrf-token') ?? c.req.query('_csrf') ?? (await formCsrf(c));
    if (!sameToken(sent, currentCsrf(c))) throw new ScreenError(403, 'csrf');
    await next();
  };
}

export function requireScreenPermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = currentUser(c);
    if (!user || !can(user.role, permission)) throw new ScreenError(403, 'forbidden');
    await next();
  };
}

export function setFlash(c: Context<AppEnv>, key: FlashKey, secure: boolean): void {
  setCookie(c, FLASH_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'Lax', secure, maxAge: 120 });
}

/** The pending flash message, removed as it is read. */
export function takeFlash(c: Context<AppEnv>): FlashKey | null {
  const value = getCookie(c, FLASH_COOKIE);
  if (value === undefined) return null;
  deleteCookie(c, FLASH_COOKIE, { path: '/' });
  return (FLASH_KEYS as readonly string[]).includes(value) ? (value as FlashKey) : null;
}
