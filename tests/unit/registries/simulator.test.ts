import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Hono } from 'hono';
import { startRegistrySimulator, type RunningSimulator } from '../../../simulators/registry/start.js';
import { loadFixtures } from '../../../simulators/registry/fixtures.js';
import { makePersonalCode } from '../../../simulators/registry/personal-code.js';
import { call, fixtureCodesIn, PERSONAL_CODE_SHAPE, serveApp, type TestServer } from './support/http.js';

const fixtures = loadFixtures();
const codeOf = (id: string) => {
  const d = fixtures.find((f) => f.id === id);
  if (!d) throw new Error(id);
  return d.person.personalCode;
};
const UNKNOWN_CODE = makePersonalCode('1999-01-01', 5) ?? makePersonalCode('1999-01-01', 6) ?? '';
/** A fixture code with a wrong check digit. */
const BAD_CHECK_DIGIT = (() => {
  const code = codeOf('h3-kalnina-olga');
  return code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
})();
const ALL_CODES = fixtures.map((f) => f.person.personalCode);

interface Body {
  [key: string]: unknown;
}

let sim: RunningSimulator;
let receiver: TestServer;
const callbacks: { headers: Record<string, string>; body: Body }[] = [];

beforeAll(async () => {
  sim = await startRegistrySimulator({
    fixtures,
    latency: { minMs: 0, maxMs: 0 },
    now: () => new Date('2026-11-22T10:00:00Z'),
    timeoutHangMs: 5_000,
    bankDelayMs: { HABALV22: 0, UNLALV2X: 60_000, RIKOLV2X: 0 },
    callbackSecret: 'test-secret',
  });
  const app = new Hono();
  app.post('/banks/:bankCode/callbacks', async (c) => {
    callbacks.push({ headers: Object.fromEntries(c.req.raw.headers), body: await c.req.json() });
    return c.json({ status: 'accepted' }, 202);
  });
  receiver = await serveApp(app);
});
afterEach(async () => {
  await call(`${sim.url}/_admin/reset`, 'POST', {});
  callbacks.length = 0;
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const post = (path: string, body: unknown) => call(`${sim.url}${path}`, 'POST', body);

describe('registry simulator: registries', () => {
  it('answers a person with request id and timestamp, echoing the caller request id', async () => {
    const res = await call(
      `${sim.url}/pmlp/v1/person`,
      'POST',
      { personalCode: codeOf('h3-kalnina-olga') },
      { 'x-request-id': 'req-1' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-1');
    const body = res.body as Body;
    expect(body).toMatchObject({ requestId: 'req-1', timestamp: '2026-11-22T10:00:00.000Z' });
    expect(body.person).toMatchObject({ firstName: 'Olga', lastName: 'Kalniņa', status: 'active' });
    expect(body.relations).toHaveLength(3);
  });

  it('404s an unknown person and 400s an invalid code without echoing it', async () => {
    const unknown = await post('/vdeavk/v1/disability', { personalCode: UNKNOWN_CODE });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      code: 'PERSON_NOT_FOUND',
      requestId: expect.any(String),
      timestamp: expect.any(String),
    });
    const invalid = await post('/vdeavk/v1/disability', { personalCode: BAD_CHECK_DIGIT });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'INVALID_PERSONAL_CODE' });
    expect(JSON.stringify(invalid.body)).not.toContain(BAD_CHECK_DIGIT.slice(0, 6));
    expect((await call(`${sim.url}/nowhere`, 'GET')).body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists living household members; a deceased person is still shown in her own answer', async () => {
    const olga = await post('/pmlp/v1/household', { personalCode: codeOf('h3-kalnina-olga') });
    expect((olga.body as { members: unknown[] }).members).toHaveLength(4);
    const ludmila = await post('/pmlp/v1/person', { personalCode: codeOf('h8-petrova-ludmila') });
    expect((ludmila.body as Body).person).toMatchObject({ status: 'deceased', deathDate: '2026-09-12' });
  });

  it('expands recurring payments for the period, not beyond the current month nor past their end', async () => {
    const res = await post('/vsaa/v1/payments', {
      personalCode: codeOf('h8-petrova-ludmila'),
      fromMonth: '2026-07',
      toMonth: '2026-12',
    });
    expect((res.body as { payments: { month: string }[] }).payments.map((p) => p.month)).toEqual([
      '2026-07',
      '2026-08',
      '2026-09',
    ]);
    const olga = await post('/vid/v1/income', {
      personalCode: codeOf('h3-kalnina-olga'),
      fromMonth: '2026-02',
      toMonth: '2027-01',
    });
    expect((olga.body as { income: { month: string }[] }).income.map((i) => i.month)).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
    ]);
    const tooLong = await post('/vid/v1/income', {
      personalCode: codeOf('h3-kalnina-olga'),
      fromMonth: '2020-01',
      toMonth: '2026-01',
    });
    expect(tooLong.body).toMatchObject({ code: 'INVALID_PERIOD' });
  });

  it('serves disability, NVA, VZD, account register, NPAIS (and its feed) and BARIS', async () => {
    expect(
      (await post('/vdeavk/v1/disability', { personalCode: codeOf('h4-ozols-raimonds') })).body,
    ).toMatchObject({
      disability: { group: 'II' },
    });
    expect((await post('/nva/v1/status', { personalCode: codeOf('h6-sprogis-edgars') })).body).toMatchObject({
      status: 'registered',
      since: '2026-02-02',
    });
    const property = (await post('/vzd/v1/property', { personalCode: codeOf('h7-krauklis-guntars') }))
      .body as {
      properties: { isDeclaredDwelling: boolean }[];
    };
    expect(property.properties.filter((p) => !p.isDeclaredDwelling)).toHaveLength(2);
    const accounts = (
      await post('/kontu-registrs/v1/accounts', { personalCode: codeOf('h4-ozols-raimonds') })
    ).body as {
      accounts: unknown[];
    };
    expect(accounts.accounts).toHaveLength(3);
    const decisions = (await post('/npais/v1/decisions', { personalCode: codeOf('h6-sproge-elza') }))
      .body as Body;
    expect(decisions.decisions).toEqual([
      expect.objectContaining({ placementType: 'institution', endDate: null }),
    ]);
    const feed = (await post('/npais/v1/decisions/search', { since: '2024-01-01' })).body as {
      decisions: { decisionId: string }[];
    };
    expect(feed.decisions.map((d) => d.decisionId)).toEqual([
      'NPAIS-0270-2024-000095',
      'NPAIS-0210-2026-000417',
    ]);
    const cases = (await post('/baris/v1/cases', { orphanCourtAtvk: '0007000' })).body as {
      cases: { child: unknown }[];
    };
    expect(cases.cases).toHaveLength(2);
    expect(cases.cases[0]?.child).toEqual({ initials: 'R.Z.', birthYear: 2014 });
    expect((await post('/baris/v1/cases', {})).status).toBe(400);
  });
});

describe('registry simulator: asynchronous banks', () => {
  const request = (requestId: string, iban?: string) => ({
    requestId,
    ...(iban ? { ibans: [iban] } : { personalCode: codeOf('h2-ivanovs-peteris') }),
    fromDate: '2026-08-01',
    toDate: '2026-10-31',
    callbackUrl: `${receiver.url}/banks/HABALV22/callbacks`,
    callbackReference: 'workflow-1',
  });

  async function until(predicate: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(predicate()).toBe(true);
  }

  it('accepts with 202, then POSTs the statement to the callback URL with the shared secret', async () => {
    const accepted = await post('/banks/HABALV22/v1/statements', request('stmt-1'));
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      requestId: 'stmt-1',
      status: 'accepted',
      expectedBy: expect.any(String),
    });
    await until(() => callbacks.length === 1);
    const cb = callbacks[0]!;
    expect(cb.headers['x-bank-callback-secret']).toBe('test-secret');
    expect(cb.body).toMatchObject({
      requestId: 'stmt-1',
      bankCode: 'HABALV22',
      callbackReference: 'workflow-1',
      status: 'completed',
    });
    const [account] = cb.body.accounts as {
      balanceEur: number;
      months: { month: string; inflowsEur: number }[];
    }[];
    expect(account?.balanceEur).toBe(2650);
    expect(account?.months.map((m) => [m.month, m.inflowsEur])).toEqual([
      ['2026-08', 486.75],
      ['2026-09', 486.75],
      ['2026-10', 486.75],
    ]);
    expect(JSON.stringify(cb.body)).not.toMatch(PERSONAL_CODE_SHAPE);
    expect(fixtureCodesIn(JSON.stringify(cb.body), ALL_CODES)).toEqual([]);
    const polled = await call(`${sim.url}/banks/HABALV22/v1/statements/stmt-1`, 'GET');
    expect(polled.body).toMatchObject({ status: 'completed', result: { status: 'completed' } });
  });

  it('is idempotent per request id, 404s unknown accounts and banks', async () => {
    const first = await post('/banks/HABALV22/v1/statements', request('stmt-2'));
    const again = await post('/banks/HABALV22/v1/statements', request('stmt-2'));
    expect(again.status).toBe(202);
    expect((again.body as Body).expectedBy).toBe((first.body as Body).expectedBy);
    await until(() => callbacks.length === 1);
    expect(
      (await post('/banks/HABALV22/v1/statements', request('stmt-3', 'LV80BANK0000435195001'))).status,
    ).toBe(404);
    expect((await post('/banks/NOBANKXX/v1/statements', request('stmt-4'))).body).toMatchObject({
      code: 'UNKNOWN_BANK',
    });
    expect((await call(`${sim.url}/banks/HABALV22/v1/statements/nope`, 'GET')).status).toBe(404);
  });

  it('holds answers of a slow bank until flushed, and never answers when told so', async () => {
    const seb = fixtures.find((f) => f.id === 'h1-berzina-ilze')!.accounts[0]!.iban;
    await post('/banks/UNLALV2X/v1/statements', {
      ...request('stmt-5', seb),
      callbackUrl: `${receiver.url}/banks/UNLALV2X/callbacks`,
    });
    await call(`${sim.url}/_admin/banks/RIKOLV2X`, 'PUT', { neverAnswer: true });
    const citadele = fixtures.find((f) => f.id === 'h2-ivanova-valentina')!.accounts[0]!.iban;
    await post('/banks/RIKOLV2X/v1/statements', {
      ...request('stmt-6', citadele),
      callbackUrl: `${receiver.url}/banks/RIKOLV2X/callbacks`,
    });
    // Both statements are queued at their banks (not in flight), so no callback can have been sent.
    const queued = (await call(`${sim.url}/_admin/banks`, 'GET')).body as {
      banks: Record<string, { pending: number }>;
    };
    expect([queued.banks.UNLALV2X?.pending, queued.banks.RIKOLV2X?.pending]).toEqual([1, 1]);
    expect(callbacks).toHaveLength(0);
    const flushed = await post('/_admin/banks/flush', {});
    expect(flushed.body).toMatchObject({ delivered: 1, failed: 0, skipped: 1 });
    expect(callbacks.map((c) => c.body.requestId)).toEqual(['stmt-5']);
    const banks = (await call(`${sim.url}/_admin/banks`, 'GET')).body as {
      banks: Record<string, { pending: number }>;
    };
    expect(banks.banks.RIKOLV2X).toMatchObject({ neverAnswer: true, pending: 1 });
  });
});

describe('registry simulator: admin and fault injection', () => {
  const person = { personalCode: codeOf('h5-liepins-andris') };

  it('injects an outage (503) and clears it', async () => {
    await call(`${sim.url}/_admin/faults/nva`, 'PUT', { outage: true });
    expect((await post('/nva/v1/status', person)).status).toBe(503);
    expect((await post('/vzd/v1/property', person)).status).toBe(200);
    expect((await call(`${sim.url}/_admin/faults`, 'DELETE')).status).toBe(204);
    expect((await post('/nva/v1/status', person)).status).toBe(200);
  });

  it('draws random errors from a seeded generator: the same seed gives the same sequence', async () => {
    const sequence = async () => {
      await call(`${sim.url}/_admin/faults/vid`, 'PUT', { errorRate: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push(
          (await post('/vid/v1/income', { ...person, fromMonth: '2026-01', toMonth: '2026-03' })).status,
        );
      }
      return statuses;
    };
    const first = await sequence();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await sequence()).toEqual(first);
  });

  it('answers malformed payloads with 200', async () => {
    await call(`${sim.url}/_admin/faults/vsaa`, 'PUT', { malformed: true });
    const res = await post('/vsaa/v1/payments', {
      personalCode: codeOf('h2-ivanova-valentina'),
      fromMonth: '2026-08',
      toMonth: '2026-10',
    });
    expect(res.status).toBe(200);
    expect((res.body as { payments: { amountEur: unknown }[] }).payments[0]?.amountEur).toBe('412,30');
  });

  it('hangs past the client timeout when the timeout fault is on, and applies fixed latency', async () => {
    await call(`${sim.url}/_admin/faults/vzd`, 'PUT', { timeout: true });
    const started = Date.now();
    await expect(
      fetch(`${sim.url}/vzd/v1/property`, {
        method: 'POST',
        body: JSON.stringify(person),
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    await call(`${sim.url}/_admin/faults/vzd`, 'PUT', { timeout: false, latencyMs: 150 });
    const slow = Date.now();
    expect((await post('/vzd/v1/property', person)).status).toBe(200);
    expect(Date.now() - slow).toBeGreaterThanOrEqual(140);
    expect((await call(`${sim.url}/_admin/faults/nope`, 'PUT', { outage: true })).status).toBe(404);
    expect((await call(`${sim.url}/_admin/faults/vzd`, 'PUT', { errorRate: 2 })).status).toBe(400);
  });

  it('creates, replaces, refuses and deletes dossiers; reset goes back to the fixtures', async () => {
    const base = structuredClone(fixtures.find((f) => f.id === 'h5-liepins-andris')!);
    const newbie = {
      ...base,
      id: 'x',
      person: { ...base.person, personalCode: UNKNOWN_CODE, firstName: 'Jauns', birthDate: '1999-01-01' },
      accounts: [],
    };
    expect((await call(`${sim.url}/_admin/dossiers/t-new`, 'PUT', newbie)).status).toBe(201);
    expect((await post('/pmlp/v1/person', { personalCode: UNKNOWN_CODE })).body).toMatchObject({
      person: { firstName: 'Jauns' },
    });
    expect((await call(`${sim.url}/_admin/dossiers/t-new`, 'PUT', newbie)).status).toBe(200);
    expect((await call(`${sim.url}/_admin/dossiers/t-dup`, 'PUT', newbie)).status).toBe(409);
    const invalid = await call(`${sim.url}/_admin/dossiers/t-bad`, 'PUT', {
      ...newbie,
      person: { ...newbie.person, birthDate: 'yesterday' },
    });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'INVALID_DOSSIER' } });
    const listed = (await call(`${sim.url}/_admin/dossiers`, 'GET')).body as { dossiers: { id: string }[] };
    expect(listed.dossiers.map((d) => d.id)).toContain('t-new');
    expect((await call(`${sim.url}/_admin/dossiers/t-new`, 'DELETE')).status).toBe(204);
    expect((await post('/pmlp/v1/person', { personalCode: UNKNOWN_CODE })).status).toBe(404);
    await call(`${sim.url}/_admin/dossiers/t-new`, 'PUT', newbie);
    await post('/_admin/reset', {});
    expect(
      ((await call(`${sim.url}/_admin/dossiers`, 'GET')).body as { dossiers: unknown[] }).dossiers,
    ).toHaveLength(fixtures.length);
  });

  it('logs received requests without bodies, and no URL ever holds a personal code', async () => {
    await post('/pmlp/v1/person', person);
    await post('/vzd/v1/property', { personalCode: UNKNOWN_CODE });
    const log = (await call(`${sim.url}/_admin/requests`, 'GET')).body as {
      requests: { path: string; status: number; registry: string }[];
    };
    expect(log.requests.map((r) => [r.registry, r.path, r.status])).toEqual([
      ['pmlp', '/pmlp/v1/person', 200],
      ['vzd', '/vzd/v1/property', 404],
    ]);
    expect(JSON.stringify(log)).not.toMatch(PERSONAL_CODE_SHAPE);
    expect(fixtureCodesIn(JSON.stringify(log), [...ALL_CODES, UNKNOWN_CODE])).toEqual([]);
  });
});
