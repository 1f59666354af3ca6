/**
 * What the citizen portal's screens share (`/e-pakalpojumi`): the citizen's session cookie (its own name, path
 * `/e-pakalpojumi`, short idle timeout), CSRF checks on every POST, the portal layout and its message pages.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { resolveCitizenSession, type Citizen } from '../../services/citizen/sessions.js';
import type { AppEnv } from '../context.js';
import { langOf, type ScreenKit } from './kit.js';
import { otherLang } from './i18n.js';
import { sameToken } from './session.js';

export const PORTAL = '/e-pakalpojumi';
export const CITIZEN_COOKIE = 'digisoc_citizen';
export const CITIZEN_STATE_COOKIE = 'digisoc_citizen_state';

/** Thrown by portal handlers; rendered as the portal's own message page. */
export class PortalError extends Error {
  constructor(
    readonly status: 403 | 404 | 429,
    readonly kind: 'not-found' | 'csrf' | 'throttled',
  ) {
    super(kind);
    this.name = 'PortalError';
  }
}

export function currentCitizen(c: Context<AppEnv>): Citizen | null {
  return c.get('citizen')?.citizen ?? null;
}

export function citizenOf(c: Context<AppEnv>): Citizen {
  const citizen = currentCitizen(c);
  if (!citizen) throw new Error('no citizen on a route that requires one');
  return citizen;
}

/** Loads the citizen's session from its cookie; never fails. */
export function loadCitizen(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, CITIZEN_COOKIE);
    if (token) {
      const { config, clock } = c.get('deps');
      const session = await resolveCitizenSession(c.get('em'), token, {
        idleMinutes: config.citizen.idleMinutes,
        now: clock.now(),
        pseudonymKey: config.pseudonymKey,
      });
      if (session) c.set('citizen', { ...session, token });
    }
    await next();
  };
}

/** Without a citizen session the portal's home (with its sign-in link) is shown instead. */
export function requireCitizen(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!currentCitizen(c)) return c.redirect(PORTAL, 303);
    await next();
  };
}

async function formCsrf(c: Context<AppEnv>): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const value = (await c.req.parseBody())._csrf;
  return typeof value === 'string' ? value : undefined;
}

/** The session's CSRF token must come back with every POST (form field, query for multipart, or header). */
export function requireCitizenCsrf(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const sent = c.req.header('x-csrf-token') ?? c.req.query('_csrf') ?? (await formCsrf(c));
    if (!sameToken(sent, c.get('citizen')?.csrfToken)) throw new PortalError(403, 'csrf');
    await next();
  };
}

export interface PortalNavItem {
  href: string;
  key: string;
  current: boolean;
}

const NAV = [
  { href: PORTAL, key: 'portal.nav.home' },
  { href: `${PORTAL}/pieteikumi`, key: 'portal.nav.applications' },
  { href: `${PORTAL}/piekluves-vesture`, key: 'portal.nav.accessHistory' },
];

function langSwitchHref(c: Context<AppEnv>, path: string): string {
  const params = new URLSearchParams(path === c.req.path ? new URL(c.req.url).search : '');
  params.delete('lang');
  params.delete('_csrf');
  params.set('lang', otherLang(langOf(c)));
  return `${path}?${params.toString()}`;
}

export function portalPage(
  c: Context<AppEnv>,
  kit: ScreenKit,
  view: string,
  options: { title: string; path?: string; status?: ContentfulStatusCode },
  model: Record<string, unknown> = {},
): Response {
  const lang = langOf(c);
  const citizen = currentCitizen(c);
  const path = options.path ?? c.req.path;
  const layout = {
    title: kit.translator.t(lang, 'portal.pageTitle', { page: options.title }),
    lang,
    otherLang: otherLang(lang),
    langSwitchHref: langSwitchHref(c, path),
    citizen: citizen ? { name: `${citizen.givenName} ${citizen.familyName}` } : null,
    csrfToken: c.get('citizen')?.csrfToken ?? null,
    nav: citizen
      ? NAV.map((n) => ({ ...n, current: n.href === PORTAL ? path === PORTAL : path.startsWith(n.href) }))
      : [],
  };
  c.header('Cache-Control', 'no-store');
  return c.html(kit.renderer.render(view, { ...model, lang, layout } as never), options.status ?? 200);
}

const MESSAGES: Record<string, { status: ContentfulStatusCode; key: string }> = {
  'not-found': { status: 404, key: 'portal.error.notFound' },
  csrf: { status: 403, key: 'portal.error.csrf' },
  throttled: { status: 429, key: 'portal.error.throttled' },
  'sign-in-failed': { status: 401, key: 'portal.error.signInFailed' },
  'sign-in-cancelled': { status: 401, key: 'portal.error.signInCancelled' },
  internal: { status: 500, key: 'portal.error.internal' },
  unavailable: { status: 503, key: 'portal.error.unavailable' },
};

export type PortalMessage = keyof typeof MESSAGES;

export function portalMessage(c: Context<AppEnv>, kit: ScreenKit, kind: PortalMessage): Response {
  const { status, key } = MESSAGES[kind]!;
  const lang = langOf(c);
  return portalPage(
    c,
    kit,
    'portal-message',
    {
      title: kit.translator.t(lang, `${key}.title`),
      status,
      path: c.req.method === 'GET' ? c.req.path : PORTAL,
    },
    {
      heading: kit.translator.t(lang, `${key}.title`),
      body: kit.translator.t(lang, `${key}.body`),
      signInAgain: kind.startsWith('sign-in'),
      requestId: c.get('requestId'),
      showRequestId: kind === 'internal' || kind === 'unavailable',
    },
  );
}
