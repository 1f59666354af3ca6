/**
 * NPAIS sync (run directly, twice: placements appear once) and BAC oversight of orphan courts over the real registry
 * simulator: overview, an orphan court's BARIS cases, one case — BAC only, every view audited with purpose oversight.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEntry, Placement } from '../../infra/db/entities/index.js';
import { ensureNpaisSyncSchedule } from '../../services/placements-schedule.js';
import type { NpaisSyncSummary } from '../../workflows/npais-sync/contract.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let bac: string;
let supervisor: string;

beforeAll(async () => {
  stack = await startTestStack();
  [bac, supervisor] = await Promise.all([stack.login('bac.uzraugs'), stack.login('vad.riga')]);
});
afterAll(async () => {
  await stack.close();
});

/** Signs in through the login screen; returns the session cookie. */
async function webLogin(username: string): Promise<string> {
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
  return session.split(';')[0] ?? '';
}

async function runSync(n: number): Promise<NpaisSyncSummary> {
  return stack.deps.temporal.client.workflow.execute('npaisSync', {
    taskQueue: stack.taskQueue,
    workflowId: `npais-sync-test-${stack.taskQueue}-${n}`,
    args: [{ since: '2003-01-01' }],
  });
}

describe('NPAIS sync', () => {
  it('creates one placement per active institutional decision and starts its workflow once, even when run twice', async () => {
    const first = await runSync(1);
    expect(first.created).toBeGreaterThanOrEqual(1);
    expect(first.started).toBe(first.created);
    const second = await runSync(2);
    expect(second.created).toBe(0);
    expect(second.started).toBe(0);
    expect(second.alreadyRunning).toBe(first.started);
    const rows = await stack.orm.em.fork().find(Placement, { source: 'npais' });
    expect(rows).toHaveLength(first.created);
    expect(new Set(rows.map((r) => r.npaisDecisionId)).size).toBe(rows.length);
    const elza = rows.find((r) => r.orphanCourtAtvk === '0006000');
    expect(elza?.startDate).toBe('2026-03-12');
    // The child's population record was asked from PMLP: that request is in the child's access history (issue 14).
    expect(
      await stack.orm.em.fork().count(AuditEntry, {
        action: 'registry.request',
        subjectPersonId: elza?.childPersonId ?? '-',
        actor: 'npais-sync',
      }),
    ).toBe(1);
    const described = await stack.deps.temporal.client.workflow.getHandle(elza?.workflowId ?? '').describe();
    expect(described.status.name).toBe('RUNNING');
  });

  it('creates its schedule idempotently', async () => {
    const created = await ensureNpaisSyncSchedule(stack.deps.temporal.client, stack.config);
    expect(created).toBe(true);
    expect(await ensureNpaisSyncSchedule(stack.deps.temporal.client, stack.config)).toBe(false);
    const id = `${stack.config.temporal.taskQueuePrefix}-npais-sync`;
    await stack.deps.temporal.client.schedule.getHandle(id).delete();
  });
});

describe('BAC oversight', () => {
  it('lists orphan courts with open BARIS cases, active placements and overdue reports (counted per court)', async () => {
    const res = await stack.request('GET', '/api/v1/oversight/orphan-courts', { token: bac });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as {
      items: { atvk: string; openCases: number | null; activePlacements: number; reportsOverdue: number }[];
    };
    const rezekne = items.find((i) => i.atvk === '0006000');
    expect(rezekne?.openCases).toBeGreaterThanOrEqual(1);
    expect(rezekne?.activePlacements).toBeGreaterThanOrEqual(1);
    expect(items.length).toBeGreaterThanOrEqual(40);
    // Overdue reports per court: the same as the overdue placements BAC sees, court by court (and some exist).
    const overdue = (await (
      await stack.request('GET', '/api/v1/placements?status=overdue', { token: bac })
    ).json()) as { items: { orphanCourtAtvk: string }[] };
    const perCourt = new Map<string, number>();
    for (const p of overdue.items)
      perCourt.set(p.orphanCourtAtvk, (perCourt.get(p.orphanCourtAtvk) ?? 0) + 1);
    expect(items.map((i) => [i.atvk, i.reportsOverdue])).toEqual(
      items.map((i) => [i.atvk, perCourt.get(i.atvk) ?? 0]),
    );
    expect(items.reduce((n, i) => n + i.reportsOverdue, 0)).toBe(overdue.items.length);
    expect(overdue.items.length).toBeGreaterThan(0);
  });

  it('browses an orphan court’s cases and one case, audited with purpose oversight', async () => {
    const res = await stack.request('GET', '/api/v1/oversight/orphan-courts/0006000/cases', { token: bac });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cases: { caseNumber: string; child: { initials: string } }[] };
    const found = body.cases.find((c) => c.caseNumber === 'BT-0210/2026/112');
    expect(found).toBeDefined();
    expect(JSON.stringify(body)).not.toMatch(/\d{6}-\d{5}/);
    const one = await stack.request(
      'GET',
      `/api/v1/oversight/orphan-courts/0006000/cases/${encodeURIComponent('BT-0210/2026/112')}`,
      { token: bac },
    );
    expect(one.status).toBe(200);
    expect(((await one.json()) as { caseNumber: string }).caseNumber).toBe('BT-0210/2026/112');
    const missing = await stack.request('GET', '/api/v1/oversight/orphan-courts/0006000/cases/NAV-0000', {
      token: bac,
    });
    expect(missing.status).toBe(404);
    const audited = await stack.orm.em
      .fork()
      .find(AuditEntry, { purpose: 'oversight', actor: 'bac.uzraugs' });
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'oversight.orphan-courts',
        'oversight.orphan-court.cases',
        'oversight.orphan-court.case',
      ]),
    );
  });

  it('is for BAC only', async () => {
    for (const path of ['/api/v1/oversight/orphan-courts', '/api/v1/oversight/orphan-courts/0006000/cases']) {
      expect((await stack.request('GET', path, { token: supervisor })).status).toBe(403);
    }
  });

  it('BAC dashboard screens: table, SVG chart, CSV export, drill-down to a court and a case; others 403', async () => {
    const cookie = await webLogin('bac.uzraugs');
    const dash = await fetch(`${stack.baseUrl}/oversight?sort=name`, { headers: { cookie } });
    expect(dash.status).toBe(200);
    const html = await dash.text();
    expect(html).toContain('data-atvk="0006000"');
    expect(html).toContain('<svg');
    expect(html).toContain('/oversight/orphan-courts.csv');
    const filtered = await (
      await fetch(`${stack.baseUrl}/oversight?q=0006000`, { headers: { cookie } })
    ).text();
    expect(filtered).toContain('data-atvk="0006000"');
    expect(filtered).not.toContain('data-atvk="0001000"');
    const csv = await fetch(`${stack.baseUrl}/oversight/orphan-courts.csv`, { headers: { cookie } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n')[0]).toContain('atvk');
    const court = await (
      await fetch(`${stack.baseUrl}/oversight/orphan-courts/0006000`, { headers: { cookie } })
    ).text();
    expect(court).toContain('BT-0210/2026/112');
    const one = await fetch(
      `${stack.baseUrl}/oversight/orphan-courts/0006000/cases/${encodeURIComponent('BT-0210/2026/112')}`,
      { headers: { cookie } },
    );
    expect(one.status).toBe(200);
    expect(await one.text()).toContain('BT-0210/2026/112');
    const supervisorCookie = await webLogin('vad.riga');
    const denied = await fetch(`${stack.baseUrl}/oversight`, { headers: { cookie: supervisorCookie } });
    expect(denied.status).toBe(403);
  });
});
