/**
 * The provider register through the API on the real stack (issue 22): applications, LM's decisions (a certificate
 * valid 5 years − 1 day; a refusal with a letter), changes and withdrawal, a provider on a date, a provider's user
 * scoped to its own provider, the public register without sign-in, and the registration workflow started per provider.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, addYearsClamped } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { AuditEntry, Provider } from '../../infra/db/entities/index.js';
import { providerRegistrationWorkflowId } from '../../workflows/provider-registration/contract.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let lm: string;
let own: string;
let social: string;
let demoId: string;
const today = rigaToday();
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const regNo = () => `4${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
const ADDRESSES = [
  {
    address: 'Pils iela 1, Cēsis',
    municipalityAtvk: '0026000',
    services: [
      { serviceType: 'home-care', capacity: 30 },
      { serviceType: 'long-term-institutional-care', capacity: 12 },
    ],
  },
];

interface Decided {
  providerId: string;
  certificateNo: string | null;
  validFrom: string | null;
  validTo: string | null;
  state: string;
  letterHtml: string | null;
}

async function apply(token: string, body: Record<string, unknown> = {}) {
  return stack.request('POST', '/api/v1/providers/applications', {
    token,
    json: { legalName: 'Cēsu aprūpes nams SIA', registrationNo: regNo(), addresses: ADDRESSES, ...body },
  });
}
const decide = (token: string, id: string, body: Record<string, unknown>) =>
  stack.request('POST', `/api/v1/providers/applications/${id}/decision`, { token, json: body });

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  lm = await stack.login('lm.specialists');
  own = await stack.login('sniedzejs.admin');
  social = await stack.login('soc.riga');
  demoId = (await stack.orm.em.fork().findOneOrFail(Provider, { code: 'RSD-APRUPE' })).id;
}, 180_000);
afterAll(async () => {
  await stack.close();
});

describe('registration', () => {
  it('applied → 201 submitted; registered → a certificate to decidedOn + 5 years − 1 day; the workflow runs', async () => {
    const res = await apply(lm);
    expect(res.status).toBe(201);
    const created = await json<{ id: string; state: string; providerId: string }>(res);
    expect(created.state).toBe('submitted');
    const decidedOn = addDays(today, -3);
    const d = await decide(lm, created.id, { decision: 'register', decidedOn });
    expect(d.status).toBe(200);
    const body = await json<Decided>(d);
    expect(body).toMatchObject({
      providerId: created.providerId,
      validFrom: decidedOn,
      validTo: addDays(addYearsClamped(decidedOn, 5), -1),
    });
    expect(body.certificateNo).toMatch(/^SPR-\d{4}-\d{5}$/);
    const run = await stack.deps.temporal.client.workflow
      .getHandle(providerRegistrationWorkflowId(created.providerId))
      .describe();
    expect(run.type).toBe('providerRegistration');

    const p = await json<{ active: boolean; validTo: string }>(
      await stack.request('GET', `/api/v1/providers/${created.providerId}`, { token: social }),
    );
    expect(p).toMatchObject({ active: true, validTo: body.validTo });
    // Deciding twice: a conflict.
    expect((await decide(lm, created.id, { decision: 'register', decidedOn })).status).toBe(409);
    // The registered provider applies again: a conflict (a change or a renewal is the way).
    const reg = (await stack.orm.em.fork().findOneOrFail(Provider, { id: created.providerId }))
      .registrationNo;
    expect((await apply(lm, { registrationNo: reg })).status).toBe(409);
  });

  it('a decision after today, or a refusal without a reason, is refused with the field', async () => {
    const { id } = await json<{ id: string }>(await apply(lm));
    const future = await decide(lm, id, { decision: 'register', decidedOn: addDays(today, 1) });
    expect(future.status).toBe(422);
    expect(JSON.stringify(await future.json())).toContain('decidedOn');
    const noReason = await decide(lm, id, { decision: 'refuse', decidedOn: today });
    expect(noReason.status).toBe(422);
    expect(JSON.stringify(await noReason.json())).toContain('reason');
  });

  it('a refusal writes a letter with the reason; the provider is not in the public register', async () => {
    const { id, providerId } = await json<{ id: string; providerId: string }>(
      await apply(lm, { legalName: 'Atteiktais SIA' }),
    );
    const d = await decide(lm, id, {
      decision: 'refuse',
      reason: 'Nav iesniegti telpu atbilstības dokumenti',
      decidedOn: today,
    });
    expect(d.status).toBe(200);
    const body = await json<Decided>(d);
    expect(body).toMatchObject({ state: 'refused', certificateNo: null, validTo: null });
    expect(body.letterHtml).toContain('Nav iesniegti telpu atbilstības dokumenti');
    expect(body.letterHtml).toContain('<!DOCTYPE html>');
    const pub = await json<{ items: { id: string }[] }>(
      await stack.request('GET', '/api/v1/public/providers?q=Atteiktais'),
    );
    expect(pub.items.map((i) => i.id)).not.toContain(providerId);
  });

  it('an unknown service type or municipality is refused with its path', async () => {
    const res = await apply(lm, {
      addresses: [
        {
          address: 'X iela 1',
          municipalityAtvk: '0009999',
          services: [{ serviceType: 'nav-tada', capacity: 1 }],
        },
      ],
    });
    expect(res.status).toBe(422);
    const text = JSON.stringify(await res.json());
    expect(text).toContain('addresses.0.municipalityAtvk');
    expect(text).toContain('addresses.0.services.0.serviceType');
  });
});

describe('concurrent requests', () => {
  it('two applications of the same new provider at once: one 201, one 409; two decisions at once: one 200, one 409', async () => {
    const registrationNo = regNo();
    const both = await Promise.all([apply(lm, { registrationNo }), apply(lm, { registrationNo })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const created = await json<{ id: string }>(both.find((r) => r.status === 201) as Response);
    const decisions = await Promise.all([
      decide(lm, created.id, { decision: 'register', decidedOn: today }),
      decide(lm, created.id, { decision: 'register', decidedOn: today }),
    ]);
    expect(decisions.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('a provider on a date', () => {
  it('the demo provider is registered to 2029-02-27 and not active on 2029-02-28', async () => {
    const on = await json<{ active: boolean; validTo: string; certificateNo: string }>(
      await stack.request('GET', `/api/v1/providers/${demoId}?date=2029-02-27`, { token: own }),
    );
    expect(on).toMatchObject({ active: true, validTo: '2029-02-27', certificateNo: 'SPR-2024-00001' });
    const after = await json<{ active: boolean; validTo: string }>(
      await stack.request('GET', `/api/v1/providers/${demoId}?date=2029-02-28`, { token: own }),
    );
    expect(after).toMatchObject({ active: false, validTo: '2029-02-27' });
  });

  it("a provider's user sees its own provider only (another: 404) and applies only for its own", async () => {
    const { providerId } = await json<{ providerId: string }>(await apply(lm));
    expect((await stack.request('GET', `/api/v1/providers/${providerId}`, { token: own })).status).toBe(404);
    expect((await stack.request('GET', `/api/v1/providers/${providerId}`, { token: lm })).status).toBe(200);
    const other = await apply(own);
    expect(other.status).toBe(422);
    const mine = await json<{ items: { providerId: string }[] }>(
      await stack.request('GET', '/api/v1/providers/applications', { token: own }),
    );
    expect(mine.items.every((a) => a.providerId === demoId)).toBe(true);
  });
});

describe('changes and withdrawal', () => {
  it('a change replaces the addresses; a withdrawal ends the registration on its date', async () => {
    const { id, providerId } = await json<{ id: string; providerId: string }>(await apply(lm));
    await decide(lm, id, { decision: 'register', decidedOn: today });
    const moreAddresses = [
      ...ADDRESSES,
      {
        address: 'Rīgas iela 5, Valmiera',
        municipalityAtvk: '0054000',
        services: [{ serviceType: 'home-care', capacity: 5 }],
      },
    ];
    const change = await stack.request('POST', `/api/v1/providers/${providerId}/applications`, {
      token: lm,
      json: { kind: 'change', addresses: moreAddresses },
    });
    expect(change.status).toBe(201);
    const changeId = (await json<{ id: string }>(change)).id;
    expect((await decide(lm, changeId, { decision: 'register', decidedOn: today })).status).toBe(200);
    const valmiera = await json<{ items: { id: string }[] }>(
      await stack.request('GET', '/api/v1/public/providers?municipality=0054000&serviceType=home-care'),
    );
    expect(valmiera.items.map((i) => i.id)).toContain(providerId);

    const effectiveOn = addDays(today, 10);
    const w = await stack.request('POST', `/api/v1/providers/${providerId}/withdrawal`, {
      token: lm,
      json: { effectiveOn, reason: 'Darbība izbeigta' },
    });
    expect(w.status).toBe(201);
    expect(
      (await decide(lm, (await json<{ id: string }>(w)).id, { decision: 'register', decidedOn: today }))
        .status,
    ).toBe(200);
    const before = await json<{ active: boolean }>(
      await stack.request('GET', `/api/v1/providers/${providerId}?date=${addDays(effectiveOn, -1)}`, {
        token: lm,
      }),
    );
    const on = await json<{ active: boolean; withdrawnOn: string }>(
      await stack.request('GET', `/api/v1/providers/${providerId}?date=${effectiveOn}`, { token: lm }),
    );
    expect([before.active, on.active, on.withdrawnOn]).toEqual([true, false, effectiveOn]);
  });
});

describe('the public register', () => {
  it('answers without sign-in: names, addresses, services, certificates; nothing personal', async () => {
    const res = await stack.request(
      'GET',
      '/api/v1/public/providers?serviceType=long-term-institutional-care&municipality=0001000',
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as {
      items: { legalName: string; validTo: string; addresses: unknown[] }[];
    };
    expect(body.items.find((i) => i.legalName.includes('Aprūpes birojs'))).toMatchObject({
      validTo: '2029-02-27',
    });
    for (const secret of ['lm.specialists', 'sniedzejs.admin', 'submittedBy', 'personalCode'])
      expect(text).not.toContain(secret);
    expect((await stack.request('GET', '/api/v1/public/providers?municipality=12')).status).toBe(422);
  });

  it('every decision is audited with the LM official', async () => {
    const n = await stack.orm.em
      .fork()
      .count(AuditEntry, { actor: 'lm.specialists', action: 'provider.register' });
    expect(n).toBeGreaterThan(0);
  });
});
