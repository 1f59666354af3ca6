/**
 * Signs a citizen in to the portal the way a browser does, through the identity-provider simulator with real
 * redirects and tokens; the simulator's `login_hint` (non-production only) stands in for the eID card.
 */
import { CookieJar, follow, type Hop } from './redirects.js';

export const CITIZEN_COOKIE = 'digisoc_citizen';

export interface CitizenBrowser {
  jar: CookieJar;
  hops: Hop[];
  /** The final page after the sign-in (the portal's home). */
  html: string;
  status: number;
  /** GET/POST on the API origin with the citizen's cookies. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  csrf(): Promise<string>;
}

export async function signInCitizen(baseUrl: string, personalCode: string): Promise<CitizenBrowser> {
  const jar = new CookieJar();
  const start = await fetch(`${baseUrl}/e-pakalpojumi/login`, { redirect: 'manual' });
  jar.store(`${baseUrl}/e-pakalpojumi/login`, start);
  const location = start.headers.get('location');
  if (start.status !== 302 || !location) throw new Error(`sign-in did not start: ${start.status}`);
  const authorize = new URL(location);
  authorize.searchParams.set('login_hint', personalCode);
  const result = await follow(jar, authorize.href);
  const browser: CitizenBrowser = {
    jar,
    hops: result.hops,
    status: result.response?.status ?? 0,
    html: (await result.response?.text()) ?? '',
    async fetch(path, init = {}) {
      const url = baseUrl + path;
      const headers = new Headers(init.headers);
      headers.set('cookie', jar.header(url));
      const res = await fetch(url, { ...init, headers, redirect: 'manual' });
      jar.store(url, res);
      return res;
    },
    async csrf() {
      const html = await (await browser.fetch('/e-pakalpojumi')).text();
      const m = /name="_csrf" value="([^"]+)"/.exec(html);
      if (!m) throw new Error('no CSRF token on the portal home (not signed in?)');
      return m[1]!;
    },
  };
  return browser;
}
