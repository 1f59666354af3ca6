/** `/`, `/login` and `/logout`: sign-in with the local account into an HttpOnly, SameSite=Lax session cookie. */
import { randomBytes } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { can, type Role } from '../../domain/access/roles.js';
import { login, logout } from '../../services/identity.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { clientAddress } from '../middleware/client-address.js';
import { langOf, page, tr, type ScreenKit } from './kit.js';
import {
  currentUser,
  loadSession,
  requireCsrf,
  requireSignIn,
  safeNext,
  sameToken,
  SESSION_COOKIE,
  setFlash,
} from './session.js';

/** Double-submit token of the sign-in form (there is no session yet to hold one). */
export const LOGIN_CSRF_COOKIE = 'digisoc_login_csrf';

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

function loginCsrf(c: Context<AppEnv>, kit: ScreenKit): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  setCookie(c, LOGIN_CSRF_COOKIE, token, {
    path: '/login',
    httpOnly: true,
    sameSite: 'Strict',
    secure: kit.secureCookies,
    maxAge: 3600,
  });
  return token;
}

function loginPage(
  c: Context<AppEnv>,
  kit: ScreenKit,
  model: { error?: string; username?: string; next?: string | null },
  status: 200 | 401 | 403 | 422 | 429 = 200,
): Response {
  return page(
    c,
    kit,
    'login',
    { title: tr(c, kit, 'login.title'), path: '/login', status },
    {
      error: model.error ?? null,
      username: model.username ?? '',
      next: model.next ?? null,
      loginCsrf: loginCsrf(c, kit),
    },
  );
}

export function registerLogin(app: Hono<AppEnv>, kit: ScreenKit, lang: MiddlewareHandler<AppEnv>): void {
  app.get('/', lang, loadSession(), (c) => {
    const user = currentUser(c);
    return c.redirect(user ? homeFor(user.role) : '/login', 302);
  });

  app.get('/login', lang, loadSession(), (c) => {
    const next = safeNext(c.req.query('next'));
    const signedIn = currentUser(c);
    if (signedIn) return c.redirect(next ?? homeFor(signedIn.role), 302);
    return loginPage(c, kit, { next });
  });

  app.post('/login', lang, async (c) => {
    const body = await c.req.parseBody();
    const username = field(body, 'username').trim();
    const password = field(body, 'password');
    const next = safeNext(field(body, 'next'));
    if (!sameToken(field(body, '_csrf'), getCookie(c, LOGIN_CSRF_COOKIE))) {
      deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login' });
      return loginPage(c, kit, { error: tr(c, kit, 'login.error.expired'), username, next }, 403);
    }
    if (!username || !password || username.length > 100 || password.length > 200) {
      return loginPage(c, kit, { error: tr(c, kit, 'login.error.required'), username, next }, 422);
    }
    const em = c.get('em');
    const deps = c.get('deps');
    const result = await login(
      em,
      {
        username,
        password,
        kind: 'web',
        ttlMinutes: deps.config.session.ttlMinutes,
        address: clientAddress(c),
        requestId: c.get('requestId'),
      },
      deps.clock.now(),
    );
    if (!result.ok && result.reason === 'throttled') {
      c.header('Retry-After', String(result.retryAfterSeconds));
      const error = kit.translator.tp(langOf(c), 'login.error.throttled', result.retryAfterSeconds);
      return loginPage(c, kit, { error, username, next }, 429);
    }
    if (!result.ok)
      return loginPage(c, kit, { error: tr(c, kit, 'login.error.invalid'), username, next }, 401);

    setCookie(c, SESSION_COOKIE, result.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: kit.secureCookies,
    });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login' });
    return c.redirect(next ?? homeFor(result.user.role), 303);
  });

  app.post('/logout', lang, loadSession(), requireSignIn(), requireCsrf(), async (c) => {
    await logout(c.get('em'), c.get('auth').token);
    await audit(c, { action: 'auth.logout', resourceType: 'session' });
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: kit.secureCookies });
    setFlash(c, 'signed-out', kit.secureCookies);
    return c.redirect('/login', 303);
  });
}

/** Where a role lands after signing in: the first screen its permissions open. */
export function homeFor(role: Role): string {
  if (role === 'auditor') return '/audit';
  if (can(role, 'case:read')) return '/cases';
  if (can(role, 'adoption:read')) return '/adoption';
  if (can(role, 'oversight:read')) return '/oversight';
  if (can(role, 'service-type:write')) return '/admin/service-types';
  if (role === 'service_provider') return '/provider/services';
  if (can(role, 'provider:decide')) return '/register/applications';
  if (role === 'provider_admin') return '/provider/registration';
  return '/cases';
}
