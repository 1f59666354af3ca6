/**
 * Citizen sign-in through the identity-provider simulator: real redirects and tokens, the portal's own session
 * cookie (path /e-pakalpojumi), a replayed or foreign callback refused, sign-out, and a citizen session that never
 * opens an official screen or /api/v1 route (404).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { CITIZEN_COOKIE, signInCitizen } from '../helpers/citizen.js';
import { CookieJar, follow } from '../helpers/redirects.js';
import { AuditEntry, Person } from '../../infra/db/entities/index.js';

const JANIS = '140384-19729';

describe('citizen sign-in', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('signs in through the provider with real redirects into a session of its own', async () => {
    const citizen = await signInCitizen(stack.baseUrl, JANIS);
    expect(citizen.status).toBe(200);
    expect(citizen.html).toContain('Jānis Bērziņš');
    const idp = process.env.DIGISOC_IDP_URL!;
    expect(citizen.hops.map((h) => new URL(h.url).origin)).toEqual(
      expect.arrayContaining([new URL(idp).origin, stack.baseUrl]),
    );
    // No personal code in any portal URL.
    for (const hop of citizen.hops.filter((h) => h.url.startsWith(stack.baseUrl)))
      expect(hop.url).not.toContain('140384');
    expect(citizen.jar.get(stack.baseUrl, CITIZEN_COOKIE)).toBeDefined();
    expect(citizen.jar.get(stack.baseUrl, 'digisoc_session')).toBeUndefined();
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, on the portal path only', async () => {
    const jar = new CookieJar();
    const start = await fetch(`${stack.baseUrl}/e-pakalpojumi/login`, { redirect: 'manual' });
    jar.store(`${stack.baseUrl}/e-pakalpojumi/login`, start);
    const authorize = new URL(start.headers.get('location')!);
    authorize.searchParams.set('login_hint', JANIS);
    const toCallback = await follow(jar, authorize.href, (u) => u.startsWith(stack.baseUrl));
    const res = await fetch(toCallback.finalUrl, {
      redirect: 'manual',
      headers: { cookie: jar.header(toCallback.finalUrl) },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/e-pakalpojumi');
    const set = res.headers.getSetCookie().find((l) => l.startsWith(`${CITIZEN_COOKIE}=`))!;
    expect(set).toMatch(/Path=\/e-pakalpojumi(;|$)/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);

    // The same callback again (a replay) is refused: the sign-in under way was used once.
    const replay = await fetch(toCallback.finalUrl, {
      redirect: 'manual',
      headers: { cookie: jar.header(toCallback.finalUrl) },
    });
    expect(replay.status).toBe(401);
    expect(replay.headers.getSetCookie().some((l) => l.startsWith(`${CITIZEN_COOKIE}=`))).toBe(false);
  });

  it('refuses a callback whose state is not the browser’s own', async () => {
    const victim = new CookieJar();
    const start = await fetch(`${stack.baseUrl}/e-pakalpojumi/login`, { redirect: 'manual' });
    const authorize = new URL(start.headers.get('location')!);
    authorize.searchParams.set('login_hint', JANIS);
    const toCallback = await follow(new CookieJar(), authorize.href, (u) => u.startsWith(stack.baseUrl));
    // Another browser (without the state cookie) is sent the attacker's callback: login CSRF.
    const res = await fetch(toCallback.finalUrl, {
      redirect: 'manual',
      headers: { cookie: victim.header(stack.baseUrl) },
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Pieslēgšanās neizdevās');
  });

  it('never lets a citizen session reach an official screen or API route (404)', async () => {
    const citizen = await signInCitizen(stack.baseUrl, JANIS);
    const token = citizen.jar.get(stack.baseUrl, CITIZEN_COOKIE)!;
    const asCookie = { cookie: `${CITIZEN_COOKIE}=${token}` };
    for (const path of ['/api/v1/cases', '/api/v1/tasks', '/api/v1/audit/verify']) {
      expect((await fetch(stack.baseUrl + path, { headers: asCookie })).status).toBe(404);
      expect(
        (await fetch(stack.baseUrl + path, { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(404);
    }
    for (const path of ['/cases', '/tasks', '/means-tests/expiring']) {
      const res = await fetch(stack.baseUrl + path, { headers: asCookie, redirect: 'manual' });
      expect(res.status).toBe(404);
    }
    // Without any session the same routes answer as before (401 / sign-in page), so the 404 is the citizen's.
    expect((await fetch(`${stack.baseUrl}/api/v1/cases`)).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/cases`, { redirect: 'manual' })).status).toBe(303);
  });

  it('signs out: the session is gone and the action is audited as the citizen', async () => {
    const citizen = await signInCitizen(stack.baseUrl, JANIS);
    const csrf = await citizen.csrf();
    const noCsrf = await citizen.fetch('/e-pakalpojumi/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(noCsrf.status).toBe(403);
    const out = await citizen.fetch('/e-pakalpojumi/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(out.status).toBe(200);
    const home = await (await citizen.fetch('/e-pakalpojumi')).text();
    expect(home).toContain('/e-pakalpojumi/login');
    expect(home).not.toContain('Jānis Bērziņš');
    const auditor = await stack.login('auditors');
    const personId = (await stack.orm.em.fork().findOneOrFail(Person, { personalCode: JANIS })).id;
    const entries = (await (
      await stack.request('GET', `/api/v1/audit?personId=${personId}&limit=500`, { token: auditor })
    ).json()) as { items: { actor: string; role: string; action: string }[] };
    const own = entries.items.filter((e) => e.role === 'citizen');
    expect(own.map((e) => e.action)).toEqual(expect.arrayContaining(['citizen.sign-in', 'citizen.sign-out']));
    // The same pseudonymous actor each time, never the personal code.
    expect(new Set(own.map((e) => e.actor)).size).toBe(1);
    expect(own[0]!.actor).toMatch(/^citizen:[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(await stack.orm.em.fork().find(AuditEntry, {}))).not.toContain(JANIS);
  });

  it('ends a citizen session after 15 idle minutes (time through the injected clock)', async () => {
    const citizen = await signInCitizen(stack.baseUrl, JANIS);
    const original = stack.deps.clock;
    const start = Date.now();
    try {
      stack.deps.clock = { now: () => new Date(start + 14 * 60_000) };
      expect(await (await citizen.fetch('/e-pakalpojumi')).text()).toContain('Jānis Bērziņš');
      // 14 minutes after that request the session is still alive (the request counted as activity)…
      stack.deps.clock = { now: () => new Date(start + 28 * 60_000) };
      expect(await (await citizen.fetch('/e-pakalpojumi')).text()).toContain('Jānis Bērziņš');
      // …and 16 idle minutes later it is gone.
      stack.deps.clock = { now: () => new Date(start + 44 * 60_000) };
      const home = await (await citizen.fetch('/e-pakalpojumi')).text();
      expect(home).not.toContain('Jānis Bērziņš');
      expect(home).toContain('href="/e-pakalpojumi/login"');
    } finally {
      stack.deps.clock = original;
    }
  });

  it('speaks English on request', async () => {
    const home = await (await fetch(`${stack.baseUrl}/e-pakalpojumi?lang=en`)).text();
    expect(home).toContain('<html lang="en">');
    expect(home).toContain('Sign in with Latvija.lv');
  });

  it('answers the portal’s own 404 page for unknown portal paths', async () => {
    const res = await fetch(`${stack.baseUrl}/e-pakalpojumi/nav-tadas`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Lapa nav atrasta');
  });
});
