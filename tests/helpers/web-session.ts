/** Signs in through the login screen, as a browser would: the session cookie and the session's CSRF token. */
import { expect } from '@jest/globals';

export interface WebSession {
  cookie: string;
  csrf: string;
}

export async function webLogin(baseUrl: string, username: string, password = 'demo'): Promise<WebSession> {
  const form = await fetch(`${baseUrl}/login`);
  const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ username, password, _csrf: token }).toString(),
  });
  expect(res.status).toBe(303);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('digisoc_session=')) ?? '';
  const cookie = session.split(';')[0] ?? '';
  // Any signed-in page carries the session's token in its forms (the sign-out form at least).
  const page = await (await fetch(`${baseUrl}/cases`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  expect(csrf).not.toBe('');
  return { cookie, csrf };
}
