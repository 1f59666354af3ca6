/**
 * Placements and deadline alerts through the API on the real stack: the placementReview workflow on the dev server
 * raises the alert of an overdue placement, e-mails it once to the SMTP sink, supervisors see and acknowledge it, BAC
 * reads everything and may change nothing; reports are validated and reset the deadline; ending ends the workflow.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findOrCreatePerson, openCase } from '../../services/case-file.js';
import { rigaToday } from '../../infra/clock.js';
import { addDays, addMonthsClamped, addYearsClamped } from '../../domain/calendar.js';
import { activityCompleted } from '../helpers/workflow-events.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let supervisor: string;
let worker: string;
let bac: string;
let cesis: string;
let childId: string;
const today = rigaToday();

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

interface AlertBody {
  id: string;
  kind: string;
  state: string;
  subjectId: string;
  mailedAt: string | null;
}

beforeAll(async () => {
  stack = await startTestStack();
  [supervisor, worker, bac, cesis] = await Promise.all([
    stack.login('vad.riga'),
    stack.login('soc.riga'),
    stack.login('bac.uzraugs'),
    stack.login('soc.cesis'),
  ]);
  const suffix = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  const { person } = await findOrCreatePerson(stack.orm.em.fork(), {
    personalCode: `32${suffix.slice(0, 4)}-${suffix.slice(4)}`,
    firstName: 'Anna',
    lastName: 'Testa',
    birthDate: addYearsClamped(today, -1),
  });
  childId = person.id;
  // A municipal worker places only a child of their municipality's cases (issue 14): the child's Rīga case.
  await openCase(
    stack.orm.em.fork(),
    { username: 'soc.riga', role: 'social_worker', municipalityCode: '0001000' },
    childId,
  );
});
afterAll(async () => {
  await stack.close();
});

async function createPlacement(startDate: string, token = worker): Promise<Response> {
  return stack.request('POST', '/api/v1/placements', {
    token,
    json: {
      childPersonId: childId,
      institution: { code: 'BSAC-RIGA-1', name: 'Rīgas bērnu sociālās aprūpes centrs' },
      orphanCourtAtvk: '0001000',
      startDate,
    },
  });
}

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Signs in through the login screen; returns the cookie header and the session's CSRF token. */
async function webLogin(username: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${stack.baseUrl}/login`);
  const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${stack.baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ username, password: 'demo', _csrf: token }).toString(),
  });
  expect(res.status).toBe(303);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('digisoc_session=')) ?? '';
  const cookie = session.split(';')[0] ?? '';
  const page = await (await fetch(`${stack.baseUrl}/alerts`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf };
}

const sinkUrl = () => `http://127.0.0.1:${process.env.DIGISOC_SMTP_SINK_HTTP_PORT}/messages`;

describe('placements and alerts API', () => {
  let overdueId: string;
  let alertId: string;

  it('creates a placement (201) and derives the first due date from the child’s birth date', async () => {
    const start = addDays(today, -5);
    const res = await createPlacement(start);
    expect(res.status).toBe(201);
    const body = await json<{ id: string; status: string; nextReportDue: string }>(res);
    expect(body.nextReportDue).toBe(addMonthsClamped(start, 3));
    expect(body.status).toBe('active');
    const got = await stack.request('GET', `/api/v1/placements/${body.id}`, { token: supervisor });
    expect(got.status).toBe(200);
    expect(await json<{ status: string; reports: unknown[] }>(got)).toMatchObject({
      status: 'active',
      reports: [],
    });
  });

  it('refuses invalid placements with 422 naming the field', async () => {
    const future = await createPlacement(addDays(today, 3));
    expect(future.status).toBe(422);
    expect(JSON.stringify(await future.json())).toContain('startDate');
  });

  it('raises the overdue alert of a late placement once, e-mails it once, and supervisors acknowledge it', async () => {
    // Started 3 months and 10 days ago: the first report was due 10 days ago.
    const res = await createPlacement(addDays(addMonthsClamped(today, -3), -10));
    expect(res.status).toBe(201);
    const created = await json<{ id: string; status: string }>(res);
    overdueId = created.id;
    expect(created.status).toBe('overdue');

    const alerts = await waitFor(
      async () =>
        (
          await json<{ items: AlertBody[] }>(
            await stack.request('GET', '/api/v1/alerts?state=open', { token: supervisor }),
          )
        ).items.filter((a) => a.subjectId === overdueId),
      (items) => items.length === 1 && items[0]?.mailedAt !== null,
      'overdue alert',
    );
    expect(alerts[0]?.kind).toBe('overdue');
    alertId = alerts[0]?.id ?? '';

    const mails = await waitFor(
      async () =>
        (await json<{ raw: string; to: string[] }[]>(await fetch(sinkUrl()))).filter((m) =>
          m.raw.toLowerCase().includes(`x-digisoc-alert: ${alertId}`),
        ),
      (m) => m.length >= 1,
      'alert e-mail',
    );
    // The workflow's mail activity has completed (a retry could only come before that): still one e-mail.
    await activityCompleted(stack.deps.temporal.client, `placement-review-${overdueId}`, 'sendAlertMail');
    const again = (await json<{ raw: string; to: string[] }[]>(await fetch(sinkUrl()))).filter((m) =>
      m.raw.toLowerCase().includes(`x-digisoc-alert: ${alertId}`),
    );
    expect(again).toHaveLength(1);
    expect(mails[0]?.to).toEqual(
      expect.arrayContaining(['socialais-dienests-0001000@digisoc.local', 'uzraudziba@bac.digisoc.local']),
    );

    const overdueList = await json<{ items: { id: string }[] }>(
      await stack.request('GET', '/api/v1/placements?status=overdue', { token: supervisor }),
    );
    expect(overdueList.items.map((p) => p.id)).toContain(overdueId);

    // BAC sees it, read-only.
    const bacList = await json<{ items: AlertBody[] }>(
      await stack.request('GET', '/api/v1/alerts?state=open&kind=overdue', { token: bac }),
    );
    expect(bacList.items.map((a) => a.id)).toContain(alertId);
    expect((await stack.request('POST', `/api/v1/alerts/${alertId}/ack`, { token: bac })).status).toBe(403);
    // Another municipality sees nothing of it; social workers have no alert dashboard.
    expect((await stack.request('GET', '/api/v1/alerts', { token: worker })).status).toBe(403);
    expect((await stack.request('GET', `/api/v1/placements/${overdueId}`, { token: cesis })).status).toBe(
      404,
    );

    const ack = await stack.request('POST', `/api/v1/alerts/${alertId}/ack`, { token: supervisor });
    expect(ack.status).toBe(200);
    expect(await json<AlertBody>(ack)).toMatchObject({ state: 'acknowledged' });
    const open = await json<{ items: AlertBody[] }>(
      await stack.request('GET', '/api/v1/alerts?state=open', { token: supervisor }),
    );
    expect(open.items.map((a) => a.id)).not.toContain(alertId);
  });

  it('validates reports (future, before the previous one → 422 reportDate) and resets the deadline', async () => {
    const post = (reportDate: string) =>
      stack.request('POST', `/api/v1/placements/${overdueId}/reports`, {
        token: worker,
        json: {
          reportDate,
          contactWithRelatives: ['māte apmeklē reizi mēnesī'],
          development: 'Attīstās atbilstoši vecumam.',
        },
      });
    const future = await post(addDays(today, 1));
    expect(future.status).toBe(422);
    expect(JSON.stringify(await future.json())).toContain('reportDate');

    const ok = await post(addDays(today, -1));
    expect(ok.status).toBe(201);
    expect(await json<{ nextReportDue: string }>(ok)).toMatchObject({
      nextReportDue: addMonthsClamped(addDays(today, -1), 3),
    });
    const earlier = await post(addDays(today, -2));
    expect(earlier.status).toBe(422);
    expect(JSON.stringify(await earlier.json())).toContain('reportDate');

    const detail = await json<{ status: string; reports: unknown[]; alerts: AlertBody[] }>(
      await stack.request('GET', `/api/v1/placements/${overdueId}`, { token: supervisor }),
    );
    expect(detail.status).toBe('active');
    expect(detail.reports).toHaveLength(1);
    expect(detail.alerts.map((a) => a.kind)).toEqual(['overdue']);
  });

  it('shows the supervisor’s alerts screen, grouped by kind, and acknowledges with CSRF; BAC only reads', async () => {
    const res = await createPlacement(addDays(addMonthsClamped(today, -3), -3));
    const { id } = await json<{ id: string }>(res);
    const [alert] = await waitFor(
      async () =>
        (
          await json<{ items: AlertBody[] }>(
            await stack.request('GET', '/api/v1/alerts?state=open', { token: supervisor }),
          )
        ).items.filter((a) => a.subjectId === id),
      (items) => items.length === 1,
      'overdue alert',
    );
    const web = await webLogin('vad.riga');
    const html = await (await fetch(`${stack.baseUrl}/alerts`, { headers: { cookie: web.cookie } })).text();
    expect(html).toContain(`data-alert-id="${alert?.id}"`);
    expect(html).toContain('Termiņš nokavēts');
    const noCsrf = await fetch(`${stack.baseUrl}/alerts/${alert?.id}/ack`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: web.cookie },
      body: '',
    });
    expect(noCsrf.status).toBe(403);

    const bacWeb = await webLogin('bac.uzraugs');
    const bacHtml = await (
      await fetch(`${stack.baseUrl}/alerts`, { headers: { cookie: bacWeb.cookie } })
    ).text();
    expect(bacHtml).toContain(`data-alert-id="${alert?.id}"`);
    expect(bacHtml).not.toContain(`/alerts/${alert?.id}/ack`);
    const bacAck = await fetch(`${stack.baseUrl}/alerts/${alert?.id}/ack`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: bacWeb.cookie },
      body: new URLSearchParams({ _csrf: bacWeb.csrf }).toString(),
    });
    expect(bacAck.status).toBe(403);

    const ack = await fetch(`${stack.baseUrl}/alerts/${alert?.id}/ack`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: web.cookie },
      body: new URLSearchParams({ _csrf: web.csrf }).toString(),
    });
    expect(ack.status).toBe(303);
    const after = await (await fetch(`${stack.baseUrl}/alerts`, { headers: { cookie: web.cookie } })).text();
    expect(after).not.toContain(`data-alert-id="${alert?.id}"`);
  });

  it('BAC gets 403 on every write route', async () => {
    const routes: [string, string, unknown][] = [
      ['POST', '/api/v1/placements', {}],
      [
        'POST',
        `/api/v1/placements/${overdueId}/reports`,
        { reportDate: today, contactWithRelatives: [], development: 'x' },
      ],
      ['POST', `/api/v1/placements/${overdueId}/end`, { endDate: today, reason: 'nav' }],
      ['POST', `/api/v1/alerts/${alertId}/ack`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const res = await stack.request(method, path, {
        token: bac,
        ...(body === undefined ? {} : { json: body }),
      });
      expect([path, res.status]).toEqual([path, 403]);
    }
  });

  it('ends the placement and its workflow', async () => {
    const res = await stack.request('POST', `/api/v1/placements/${overdueId}/end`, {
      token: worker,
      json: { endDate: today, reason: 'Bērns atgriezies ģimenē' },
    });
    expect(res.status).toBe(200);
    expect(await json<{ status: string }>(res)).toMatchObject({ status: 'ended' });
    const handle = stack.deps.temporal.client.workflow.getHandle(`placement-review-${overdueId}`);
    const result = (await handle.result()) as { status: string };
    expect(result.status).toBe('ended');
    const again = await stack.request('POST', `/api/v1/placements/${overdueId}/end`, {
      token: worker,
      json: { endDate: today, reason: 'atkārtoti' },
    });
    expect(again.status).toBe(409);
  });
});
