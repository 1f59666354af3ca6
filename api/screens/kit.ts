/** What every screen module shares: the translator, the renderer, settings, and the page/error-page responses. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { can, type Role } from '../../domain/access/roles.js';
import type { AppEnv } from '../context.js';
import { DEFAULT_LANG, isLang, otherLang, type Lang, type Params, type Translator } from './i18n.js';
import type { LayoutModel, ScreenRenderer, ViewName } from './render.js';
import { currentCsrf, currentUser, takeFlash } from './session.js';

export interface ScreenKit {
  translator: Translator;
  renderer: ScreenRenderer;
  /** Secure cookies when the public URL is https. */
  secureCookies: boolean;
  uploadMaxBytes: number;
}

export function langOf(c: Context<AppEnv>): Lang {
  const lang: string | undefined = c.get('lang');
  return isLang(lang) ? lang : DEFAULT_LANG;
}

export function tr(c: Context<AppEnv>, kit: ScreenKit, key: string, params?: Params): string {
  return kit.translator.t(langOf(c), key, params);
}

/** The current URL with `lang` switched (other query parameters kept, the CSRF token dropped). */
function langSwitchHref(c: Context<AppEnv>, path: string, target: Lang): string {
  const params = new URLSearchParams(path === c.req.path ? new URL(c.req.url).search : '');
  params.delete('lang');
  params.delete('_csrf');
  params.set('lang', target);
  return `${path}?${params.toString()}`;
}

export interface PageOptions {
  /** The page's own title (translated); the layout adds the product name. */
  title: string;
  /** The canonical path of the page (for the language switch when a POST re-renders a page). */
  path?: string;
  status?: ContentfulStatusCode;
  current?: LayoutModel['current'];
}

export function page(
  c: Context<AppEnv>,
  kit: ScreenKit,
  view: ViewName,
  options: PageOptions,
  model: Record<string, unknown> = {},
): Response {
  const lang = langOf(c);
  const user = currentUser(c);
  const flash = takeFlash(c);
  const layout: LayoutModel & { canReadAdoption: boolean; extraNav: NavItem[] } = {
    title: kit.translator.t(lang, 'layout.pageTitle', { page: options.title }),
    lang,
    otherLang: otherLang(lang),
    langSwitchHref: langSwitchHref(c, options.path ?? c.req.path, otherLang(lang)),
    user: user ? { displayName: user.displayName, role: kit.translator.t(lang, `role.${user.role}`) } : null,
    csrfToken: currentCsrf(c),
    canReadCases: user ? can(user.role, 'case:read') : false,
    canOpenCase: user ? can(user.role, 'case:write') && can(user.role, 'person:write') : false,
    canReadAdoption: user ? can(user.role, 'adoption:read') : false,
    extraNav: user ? extraNavigation(user.role, c.req.path) : [],
    current: options.current ?? null,
    flash: flash ? kit.translator.t(lang, `flash.${flash}`) : null,
  };
  const html = kit.renderer.render(view, { ...model, lang, layout });
  c.header('Cache-Control', 'no-store');
  return c.html(html, options.status ?? 200);
}

interface NavItem {
  href: string;
  key: string;
  current: boolean;
}

/** Navigation to the process screens, by permission. */
function extraNavigation(role: Role, path: string): NavItem[] {
  const items: { href: string; key: string; show: boolean }[] = [
    { href: '/tasks', key: 'layout.nav.tasks', show: can(role, 'task:read') },
    {
      href: '/alerts',
      key: 'layout.nav.alerts',
      show: can(role, 'alert:read') && !can(role, 'oversight:read'),
    },
    { href: '/means-tests/expiring', key: 'layout.nav.expiring', show: role === 'supervisor' },
    { href: '/oversight', key: 'layout.nav.oversight', show: can(role, 'oversight:read') },
    { href: '/audit', key: 'layout.nav.audit', show: role === 'auditor' },
    { href: '/admin/service-types', key: 'layout.nav.serviceTypes', show: can(role, 'service-type:write') },
    { href: '/provider/services', key: 'layout.nav.provider', show: role === 'service_provider' },
    { href: '/specialists', key: 'layout.nav.specialists', show: can(role, 'specialist:read') },
    {
      href: '/register/applications',
      key: 'layout.nav.providerApplications',
      show: can(role, 'provider:decide'),
    },
    { href: '/care-queue', key: 'layout.nav.careQueue', show: can(role, 'care-queue:decide') },
    {
      href: '/provider/registration',
      key: 'layout.nav.providerRegistration',
      show: role === 'provider_admin',
    },
    { href: '/public/providers', key: 'layout.nav.publicProviders', show: can(role, 'provider:read') },
    { href: '/reports', key: 'layout.nav.reports', show: can(role, 'report:read') },
  ];
  return items
    .filter((i) => i.show)
    .map((i) => ({ href: i.href, key: i.key, current: path.startsWith(i.href) }));
}

export type ErrorKind = 'forbidden' | 'not-found' | 'csrf' | 'unavailable' | 'internal';

const ERROR_STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  forbidden: 403,
  'not-found': 404,
  csrf: 403,
  unavailable: 503,
  internal: 500,
};

const ERROR_KEYS: Record<ErrorKind, string> = {
  forbidden: 'error.403',
  'not-found': 'error.404',
  csrf: 'error.csrf',
  unavailable: 'error.503',
  internal: 'error.500',
};

export function errorPage(c: Context<AppEnv>, kit: ScreenKit, kind: ErrorKind): Response {
  const lang = langOf(c);
  const user = currentUser(c);
  const prefix = ERROR_KEYS[kind];
  return page(
    c,
    kit,
    'error',
    {
      title: kit.translator.t(lang, `${prefix}.title`),
      status: ERROR_STATUS[kind],
      path: c.req.method === 'GET' ? c.req.path : '/',
    },
    {
      heading: kit.translator.t(lang, `${prefix}.title`),
      body: kit.translator.t(lang, `${prefix}.body`, {
        role: user ? kit.translator.t(lang, `role.${user.role}`) : '',
      }),
      requestId: c.get('requestId'),
      showRequestId: kind === 'internal' || kind === 'unavailable',
    },
  );
}
