/**
 * The screens' language: the catalogue is `infra/i18n.ts` (re-exported here); Latvian is the default, `?lang=en`
 * switches and remembers the choice in the `lang` cookie. Templates translate with `{{t "key"}}`.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { DEFAULT_LANG, isLang, LANG_COOKIE, type Lang } from '../../infra/i18n.js';
import type { AppEnv } from '../context.js';

export * from '../../infra/i18n.js';

/** Picks the language: `?lang=` (remembered in a cookie), else the cookie, else Latvian. */
export function languageMiddleware(options: { secure: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requested = c.req.query('lang');
    let lang: Lang = DEFAULT_LANG;
    if (isLang(requested)) {
      lang = requested;
      setCookie(c, LANG_COOKIE, lang, {
        path: '/',
        sameSite: 'Lax',
        httpOnly: true,
        secure: options.secure,
        maxAge: 365 * 24 * 3600,
      });
    } else {
      const remembered = getCookie(c, LANG_COOKIE);
      if (isLang(remembered)) lang = remembered;
    }
    c.set('lang', lang);
    await next();
  };
}
