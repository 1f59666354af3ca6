/**
 * The adoption register through the API on the real stack (worker, Temporal, MinIO, registry simulator):
 * validation (422 with paths), the VDEĀVK disability rule, candidates' ranking, a match accepted through the API,
 * the pseudonymised export, isolation from the case file, and 404 for every other role on every adoption route.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { personalCodeCheckDigit } from '../../domain/personal-code.js';
import { AdoptionProgressTask, Person } from '../../infra/db/entities/index.js';
import { rigaToday } from '../../infra/clock.js';
import { pseudonym, pseudonymisedExport } from '../../services/adoption/export.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let token: string;

const ids = {
  disabled: '',
  disabledChild: '',
  kristers: '',
  elza: '',
  daniels: '',
  inese: '',
  edgars: '',
  janis: '',
  olga: '',
  child: '',
  foreign: '',
  lvLate: '',
  lvEarly: '',
  noHealth: '',
};

function code(ddmmyy: string, serial: string): string {
  for (let s = Number(serial); ; s += 1) {
    const ten = `${ddmmyy}2${String(s).padStart(3, '0')}`;
    const check = personalCodeCheckDigit(ten);
    if (check !== null) return `${ten.slice(0, 6)}-${ten.slice(6)}${check}`;
  }
}

const DISABLED_CHILD_CODE = code('050319', '417');

async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function person(personalCode: string, firstName: string, lastName: string): Promise<string> {
  const res = await stack.request('POST', '/api/v1/persons', {
    token,
    json: { personalCode, firstName, lastName },
  });
  expect([200, 201]).toContain(res.status);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  stack = await startTestStack();
  token = await stack.login('adopcija.lm');
  // A child with a disability group in VDEĀVK (a dossier added to the shared simulator).
  const put = await fetch(
    `${stack.config.simulators.registryUrl}/_admin/dossiers/adoption-test-${DISABLED_CHILD_CODE}`,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `adoption-test-${DISABLED_CHILD_CODE}`,
        householdId: `hh-adoption-test-${DISABLED_CHILD_CODE}`,
        person: {
          personalCode: DISABLED_CHILD_CODE,
          firstName: 'Laura',
          lastName: 'Testa',
          birthDate: '2019-03-05',
          deathDate: null,
        },
        declaredAddress: { text: 'Brīvības iela 1, Rīga', atvk: '0001000', declaredSince: '2019-04-01' },
        relations: [],
        disability: { group: 'II', validFrom: '2024-01-01', validTo: null, opinions: [] },
      }),
    },
  );
  expect([200, 201]).toContain(put.status);
  ids.disabled = await person(DISABLED_CHILD_CODE, 'Laura', 'Testa');
  ids.kristers = await person('120616-21379', 'Kristers', 'Sproģis');
  ids.elza = await person('150124-29720', 'Elza', 'Sproģe');
  ids.daniels = await person('090812-21375', 'Daniels', 'Kalniņš');
  ids.inese = await person('290292-18177', 'Inese', 'Sproģe');
  ids.edgars = await person('031089-17325', 'Edgars', 'Sproģis');
  const em = stack.orm.em.fork();
  ids.janis = (await em.findOneOrFail(Person, { personalCode: '140384-19729' })).id;
  ids.olga = (await em.findOneOrFail(Person, { personalCode: '051290-19726' })).id;
}, 120_000);

afterAll(async () => {
  await fetch(`${stack.config.simulators.registryUrl}/_admin/dossiers/adoption-test-${DISABLED_CHILD_CODE}`, {
    method: 'DELETE',
  }).catch(() => undefined);
  await stack.close();
});

const wishes = (over: Record<string, unknown> = {}) => ({
  ageMin: 0,
  ageMax: 8,
  maxChildren: 1,
  acceptsSiblings: false,
  acceptedHealthConditions: [],
  regionsAtvk: [],
  ...over,
});

interface Child {
  id: string;
  state: string;
  disabilityGroup: string | null;
  vdeavkOutcome: string;
}
interface Candidate {
  adopterId: string;
  eligible: boolean;
  rank: number | null;
  reasons: string[];
}

describe('adoption register API', () => {
  it('lists the health-condition classifier', async () => {
    const list = await json<{ code: string; name: string }[]>(
      await stack.request('GET', '/api/v1/adoption/classifiers/health-conditions', { token }),
      200,
    );
    expect(list).toContainEqual({ code: 'HC02', name: 'Funkcionālie traucējumi (invaliditāte)' });
  });

  it('rejects invalid children and adopters with 422 and field paths', async () => {
    const badChild = await json<{ errors: { path: string }[] }>(
      await stack.request('POST', '/api/v1/adoption/children', {
        token,
        json: {
          personId: '01900000-0000-7000-8000-000000000000',
          legallyFreeSince: '2026-02-30',
          siblingGroup: null,
          healthConditions: ['HC01'],
          regionAtvk: '12',
        },
      }),
      422,
    );
    expect(badChild.errors.map((e) => e.path).sort()).toEqual(['legallyFreeSince', 'regionAtvk']);

    const unknown = await json<{ errors: { path: string }[] }>(
      await stack.request('POST', '/api/v1/adoption/children', {
        token,
        json: {
          personId: '01900000-0000-7000-8000-000000000000',
          legallyFreeSince: '2025-01-10',
          siblingGroup: null,
          healthConditions: ['HC01', 'XX99'],
          regionAtvk: '0001000',
        },
      }),
      422,
    );
    expect(unknown.errors.map((e) => e.path).sort()).toEqual(['healthConditions.1', 'personId']);

    const adult = await json<{ errors: { path: string }[] }>(
      await stack.request('POST', '/api/v1/adoption/children', {
        token,
        json: {
          personId: ids.janis,
          legallyFreeSince: '2025-01-10',
          siblingGroup: null,
          healthConditions: [],
          regionAtvk: '0001000',
        },
      }),
      422,
    );
    expect(adult.errors).toEqual([{ path: 'personId', message: 'the person is not a minor' }]);

    const badAdopter = await json<{ errors: { path: string }[] }>(
      await stack.request('POST', '/api/v1/adoption/adopters', {
        token,
        json: {
          applicantPersonIds: [ids.inese, '01900000-0000-7000-8000-000000000001'],
          approvedAt: '2025-01-01',
          registeredAt: '2025-01-05',
          residence: 'LV',
          wishes: wishes({ ageMin: 9, ageMax: 3, acceptedHealthConditions: ['HC01', 'BAD'] }),
        },
      }),
      422,
    );
    expect(badAdopter.errors.map((e) => e.path).sort()).toEqual([
      'applicantPersonIds.1',
      'wishes.acceptedHealthConditions.1',
      'wishes.ageMin',
    ]);
  });

  it("validates a child's disability data against VDEĀVK", async () => {
    const missing = await json<{ errors: { path: string; message: string }[] }>(
      await stack.request('POST', '/api/v1/adoption/children', {
        token,
        json: {
          personId: ids.disabled,
          legallyFreeSince: '2025-01-10',
          siblingGroup: null,
          healthConditions: [],
          regionAtvk: '0001000',
        },
      }),
      422,
    );
    expect(missing.errors).toEqual([
      { path: 'healthConditions', message: expect.stringMatching(/group II.*HC02/) },
    ]);
    const ok = await json<Child>(
      await stack.request('POST', '/api/v1/adoption/children', {
        token,
        json: {
          personId: ids.disabled,
          legallyFreeSince: '2025-01-10',
          siblingGroup: null,
          healthConditions: ['HC02'],
          regionAtvk: '0001000',
        },
      }),
      201,
    );
    expect(ok).toEqual(
      expect.objectContaining({ state: 'active', disabilityGroup: 'II', vdeavkOutcome: 'ok' }),
    );
    ids.disabledChild = ok.id;
    const card = await json<{ documents: { type: string }[] }>(
      await stack.request('GET', `/api/v1/adoption/children/${ok.id}`, { token }),
      200,
    );
    expect(card.documents.map((d) => d.type)).toEqual(['registry-evidence']);
  });

  it('ranks candidates through the API: Latvia first, then the queue, with reasons', async () => {
    const child = await json<Child>(
      await stack.request('POST', '/api/v1/adoption/children', {
        token,
        json: {
          personId: ids.elza,
          legallyFreeSince: '2025-03-01',
          siblingGroup: null,
          healthConditions: ['HC01'],
          regionAtvk: '0001000',
        },
      }),
      201,
    );
    ids.child = child.id;
    const mk = async (applicants: string[], registeredAt: string, residence: string, w = wishes()) =>
      (
        await json<{ id: string }>(
          await stack.request('POST', '/api/v1/adoption/adopters', {
            token,
            json: {
              applicantPersonIds: applicants,
              approvedAt: '2024-12-01',
              registeredAt,
              residence,
              wishes: w,
            },
          }),
          201,
        )
      ).id;
    ids.foreign = await mk([ids.edgars], '2024-12-02', 'DE', wishes({ acceptedHealthConditions: ['HC01'] }));
    ids.lvLate = await mk([ids.olga], '2025-02-01', 'LV', wishes({ acceptedHealthConditions: ['HC01'] }));
    ids.lvEarly = await mk(
      [ids.inese, ids.edgars],
      '2025-01-15',
      'lv',
      wishes({ acceptedHealthConditions: ['HC01'] }),
    );
    ids.noHealth = await mk([ids.janis], '2024-12-05', 'LV');

    const date = '2026-06-01';
    const list = await json<Candidate[]>(
      await stack.request('GET', `/api/v1/adoption/children/${child.id}/candidates?date=${date}`, { token }),
      200,
    );
    expect(list.map((c) => [c.adopterId, c.eligible, c.rank])).toEqual([
      [ids.lvEarly, true, 1],
      [ids.lvLate, true, 2],
      [ids.foreign, true, 3],
      [ids.noHealth, false, null],
    ]);
    expect(list[3]?.reasons.join(' ')).toMatch(/HC01/);
    expect(list[2]?.reasons.join(' ')).toMatch(/abroad/);
    expect(
      (
        await stack.request('GET', `/api/v1/adoption/children/${child.id}/candidates?date=2026-13-01`, {
          token,
        })
      ).status,
    ).toBe(422);

    const adopters = await json<{ items: { id: string }[] }>(
      await stack.request('GET', '/api/v1/adoption/adopters?residence=LV&state=active', { token }),
      200,
    );
    expect(adopters.items.map((a) => a.id)).toEqual([ids.noHealth, ids.lvEarly, ids.lvLate]);
    const children = await json<{ items: { id: string }[] }>(
      await stack.request('GET', '/api/v1/adoption/children?healthCondition=HC01', { token }),
      200,
    );
    expect(children.items.map((c) => c.id)).toEqual([child.id]);
  });

  it('runs a match through the API with a real worker: proposal letter, acceptance, acquaintance', async () => {
    const started = await json<{ id: string; workflowId: string }>(
      await stack.request('POST', `/api/v1/adoption/children/${ids.child}/match`, { token, json: {} }),
      202,
    );
    expect(started.workflowId).toBe(`adoption-match-${started.id}`);
    expect(
      (await stack.request('POST', `/api/v1/adoption/children/${ids.child}/match`, { token, json: {} }))
        .status,
    ).toBe(409);

    type Match = {
      state: string;
      adopterId: string | null;
      currentProposal: { id: string; adopterId: string; deadline: string; letterDocumentId: string } | null;
      history: { state: string }[];
      acquaintanceUntil: string | null;
    };
    const poll = async (pred: (m: Match) => boolean): Promise<Match> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const m = await json<Match>(
          await stack.request('GET', `/api/v1/adoption/matches/${started.id}`, { token }),
          200,
        );
        if (pred(m)) return m;
        if (Date.now() > deadline) throw new Error(`match stuck: ${JSON.stringify(m)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const proposed = await poll((m) => m.currentProposal !== null);
    expect(proposed.currentProposal?.adopterId).toBe(ids.lvEarly);
    const days = (Date.parse(proposed.currentProposal?.deadline ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);

    const adopterCard = await json<{ documents: { id: string; type: string; title: string }[] }>(
      await stack.request('GET', `/api/v1/adoption/adopters/${ids.lvEarly}`, { token }),
      200,
    );
    expect(adopterCard.documents).toEqual([
      expect.objectContaining({ id: proposed.currentProposal?.letterDocumentId, type: 'letter' }),
    ]);

    const answered = await json<{ outcome: string }>(
      await stack.request('POST', `/api/v1/adoption/proposals/${proposed.currentProposal?.id}/answer`, {
        token,
        json: { accept: true, reason: 'piekrītam' },
      }),
      200,
    );
    expect(answered.outcome).toBe('accepted');
    const acquainting = await poll((m) => m.state === 'acquaintance');
    expect(acquainting.adopterId).toBe(ids.lvEarly);
    expect(acquainting.history.map((h) => h.state)).toEqual(['accepted']);
    expect(acquainting.acquaintanceUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // An answer again, or a court decision before the orphan court's, is refused.
    expect(
      (
        await stack.request('POST', `/api/v1/adoption/proposals/${proposed.currentProposal?.id}/answer`, {
          token,
          json: { accept: false },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await stack.request('POST', `/api/v1/adoption/matches/${started.id}/court-decision`, {
          token,
          json: { documentRef: 'C-1', decidedOn: '2026-12-01', approved: true },
        })
      ).status,
    ).toBe(409);
    const deadline = Date.now() + 10_000;
    while ((await stack.orm.em.fork().count(AdoptionProgressTask, { matchId: started.id })) === 0) {
      if (Date.now() > deadline) throw new Error('no progress task');
      await new Promise((r) => setTimeout(r, 200));
    }
    const child = await json<Child>(
      await stack.request('GET', `/api/v1/adoption/children/${ids.child}`, { token }),
      200,
    );
    expect(child.state).toBe('matched');

    // Withdrawal ends the running match cleanly (the 6-month wait is the workflow test's job).
    await json(
      await stack.request('POST', `/api/v1/adoption/children/${ids.child}/withdraw`, {
        token,
        json: { reason: 'integrācijas testa beigas' },
      }),
      200,
    );
    const ended = await poll((m) => m.state === 'withdrawn');
    expect(ended.currentProposal).toBeNull();
    const adopter = await json<{ state: string }>(
      await stack.request('GET', `/api/v1/adoption/adopters/${ids.lvEarly}`, { token }),
      200,
    );
    expect(adopter.state).toBe('active');
  }, 90_000);

  it('exports the register pseudonymised: no names, no personal codes, stable keyed pseudonyms', async () => {
    const get = async () => {
      const res = await stack.request('GET', '/api/v1/adoption/export/pseudonymised', { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      return res.text();
    };
    const first = await get();
    const second = await get();
    expect(second).toBe(first);
    const em = stack.orm.em.fork();
    const persons = await em.find(Person, { id: { $in: Object.values(ids) } });
    expect(persons.length).toBeGreaterThan(5);
    for (const p of persons) {
      expect(first).not.toContain(p.personalCode);
      expect(first).not.toContain(p.personalCode.replace('-', ''));
      expect(first).not.toContain(p.firstName);
      expect(first).not.toContain(p.lastName);
      expect(first).not.toContain(p.id);
    }
    for (const id of [ids.child, ids.lvEarly, ids.foreign]) expect(first).not.toContain(id);
    expect(first).toContain(pseudonym(stack.config.pseudonymKey, ids.elza));
    const other = await pseudonymisedExport(em, 'a-different-key', rigaToday());
    expect(other).not.toContain(pseudonym(stack.config.pseudonymKey, ids.elza));
    expect(other).toContain(pseudonym('a-different-key', ids.elza));
    expect(first.split('\n')[0]).toMatch(/^record_type,person_pseudonyms,/);
  });

  it("never shows adoption data in the case file: a Rīga worker's case of the same child", async () => {
    const worker = await stack.login('soc.riga');
    const opened = await json<{ id: string }>(
      await stack.request('POST', '/api/v1/cases', { token: worker, json: { personId: ids.daniels } }),
      201,
    );
    const registered = await json<Child>(
      await stack.request('POST', '/api/v1/adoption/children', {
        token,
        json: {
          personId: ids.daniels,
          legallyFreeSince: '2025-05-01',
          siblingGroup: 'grp-kalnins',
          healthConditions: ['HC03'],
          regionAtvk: '0001000',
        },
      }),
      201,
    );
    const docs = await json<unknown[]>(
      await stack.request('GET', `/api/v1/cases/${opened.id}/documents`, { token: worker }),
      200,
    );
    const events = await json<unknown[]>(
      await stack.request('GET', `/api/v1/cases/${opened.id}/events`, { token: worker }),
      200,
    );
    const visible = JSON.stringify([docs, events]).toLowerCase();
    for (const needle of ['adop', 'vdeāvk', 'hc03', 'grp-kalnins', registered.id]) {
      expect(visible).not.toContain(needle.toLowerCase());
    }
    // The register's restricted documents are not reachable as a case's documents either.
    expect(
      (await stack.request('GET', `/api/v1/cases/${registered.id}/documents`, { token: worker })).status,
    ).toBe(404);
    const cases = await json<{ items: { id: string }[] }>(
      await stack.request('GET', '/api/v1/cases?limit=100', { token: worker }),
      200,
    );
    expect(cases.items.map((c) => c.id)).not.toContain(registered.id);
  });

  it('answers 404 on every adoption route for soc.riga, auditors and bac.uzraugs', async () => {
    const some = '01900000-0000-7000-8000-0000000000aa';
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/v1/adoption/classifiers/health-conditions'],
      ['GET', '/api/v1/adoption/children'],
      ['POST', '/api/v1/adoption/children', {}],
      ['GET', `/api/v1/adoption/children/${ids.child}`],
      ['GET', `/api/v1/adoption/children/${ids.child}/candidates?date=2026-06-01`],
      ['POST', `/api/v1/adoption/children/${ids.child}/match`, {}],
      ['POST', `/api/v1/adoption/children/${ids.child}/withdraw`, { reason: 'xxx' }],
      ['GET', '/api/v1/adoption/adopters'],
      ['POST', '/api/v1/adoption/adopters', {}],
      ['GET', `/api/v1/adoption/adopters/${ids.lvLate}`],
      ['POST', `/api/v1/adoption/adopters/${ids.lvLate}/status`, { state: 'suspended', reason: 'xxx' }],
      ['POST', `/api/v1/adoption/proposals/${some}/answer`, { accept: true }],
      ['GET', `/api/v1/adoption/matches/${some}`],
      ['POST', `/api/v1/adoption/matches/${some}/orphan-court-decision`, {}],
      ['POST', `/api/v1/adoption/matches/${some}/court-decision`, {}],
      ['GET', '/api/v1/adoption/export/pseudonymised'],
    ];
    for (const username of ['soc.riga', 'auditors', 'bac.uzraugs']) {
      const t = await stack.login(username);
      for (const [method, path, body] of routes) {
        const res = await stack.request(method, path, {
          token: t,
          ...(body !== undefined ? { json: body } : {}),
        });
        expect([username, method, path, res.status]).toEqual([username, method, path, 404]);
        const problem = (await res.json()) as { detail: string };
        expect(problem.detail).toBe(`no route ${method} ${path.split('?')[0]}`);
      }
    }
    // Nothing changed for the specialist.
    const adopter = await json<{ state: string }>(
      await stack.request('GET', `/api/v1/adoption/adopters/${ids.lvLate}`, { token }),
      200,
    );
    expect(adopter.state).toBe('active');
  });
});
