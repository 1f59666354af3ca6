/**
 * Issue 14, findings 1–3 on the real stack (simulator, worker, Temporal, MinIO): no personal data of another
 * municipality's client by any path — registry checks ask only about the case's household (PMLP, or added with a
 * reason) and are audited against each person; person search and registration are no oracle; placements name only
 * children of the worker's own cases and never show another municipality's case id.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addYearsClamped } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import {
  Case,
  CaseHouseholdMember,
  Person,
  Placement,
  RegistryRequest,
} from '../../infra/db/entities/index.js';
import { CESIS_NOVADS, RIGA } from '../../infra/db/municipalities.js';
import { findOrCreatePerson, openCase } from '../../services/case-file.js';
import { recordRegisteredHousehold } from '../../services/household.js';
import { insertPlacement } from '../../services/placements.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let cesis: string;
let riga: string;
let rigaSupervisor: string;
let auditor: string;
/** The Cēsis case of Raimonds Ozols; his PMLP household is Biruta Ozola. */
let cesisCaseId: string;
let cesisClientId: string;
let birutaId: string;
/** Jānis Bērziņš: a client with a case in Rīga only. */
let janisId: string;
let janisCaseId: string;

const RIGA_WORKER = { username: 'soc.riga', role: 'social_worker' as const, municipalityCode: RIGA };

interface Problem {
  status: number;
  errors?: { path: string; message: string }[];
}
interface AuditItem {
  action: string;
  caseId: string | null;
  subjectPersonId: string | null;
  outcome: string;
  actor: string;
}

async function body<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function personIdOf(personalCode: string): Promise<string> {
  return (await stack.orm.em.fork().findOneOrFail(Person, { personalCode })).id;
}

async function openCaseIdOf(personId: string, municipalityCode: string): Promise<string> {
  return (await stack.orm.em.fork().findOneOrFail(Case, { personId, municipalityCode, status: 'open' })).id;
}

function newFormatCode(): string {
  const digits = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  return `32${digits.slice(0, 4)}-${digits.slice(4)}`;
}

async function startCheck(token: string, caseId: string, json: unknown): Promise<Response> {
  return stack.request('POST', `/api/v1/cases/${caseId}/registry-checks`, { token, json });
}

async function waitForCheck(token: string, caseId: string, workflowId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await stack.request('GET', `/api/v1/cases/${caseId}/registry-checks/latest`, { token });
    const latest = (await res.json()) as { workflowId?: string; state?: string };
    if (latest.workflowId === workflowId && latest.state === 'completed') return;
    if (Date.now() > deadline)
      throw new Error(`registry check ${workflowId} not completed: ${JSON.stringify(latest)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function accessHistory(token: string, personId: string): Promise<AuditItem[]> {
  const res = await stack.request('GET', `/api/v1/audit?personId=${personId}&limit=500`, { token });
  return (await body<{ items: AuditItem[] }>(res, 200)).items;
}

beforeAll(async () => {
  stack = await startTestStack();
  [cesis, riga, rigaSupervisor, auditor] = await Promise.all([
    stack.login('soc.cesis'),
    stack.login('soc.riga'),
    stack.login('vad.riga'),
    stack.login('auditors'),
  ]);
  cesisClientId = await personIdOf('300675-18179');
  cesisCaseId = await openCaseIdOf(cesisClientId, CESIS_NOVADS);
  birutaId = await personIdOf('191052-11374');
  janisId = await personIdOf('140384-19729');
  janisCaseId = await openCaseIdOf(janisId, RIGA);
});
afterAll(async () => {
  await stack.close();
});

describe('registry checks ask only about the case household (finding 1)', () => {
  it('registry check refuses a person outside the case household (finding 1)', async () => {
    const res = await startCheck(cesis, cesisCaseId, {
      registries: ['pmlp', 'vid', 'vsaa'],
      householdMemberIds: [janisId],
      purpose: 'Situācijas izvērtēšana',
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await body<Problem>(res, 422);
    expect(problem.errors?.map((e) => e.path)).toEqual(['householdMemberIds[0]']);

    // The client's own id is allowed; the index names the refused entry.
    const second = await body<Problem>(
      await startCheck(cesis, cesisCaseId, { householdMemberIds: [cesisClientId, janisId] }),
      422,
    );
    expect(second.errors?.map((e) => e.path)).toEqual(['householdMemberIds[1]']);
    expect(await stack.orm.em.fork().count(RegistryRequest, { subjectPersonId: janisId })).toBe(0);
    // The refused attempt is in Jānis's access history.
    const history = await accessHistory(auditor, janisId);
    expect(history).toContainEqual(
      expect.objectContaining({ action: 'registry-check.start', caseId: cesisCaseId, outcome: 'denied' }),
    );
  });

  it('counts the household PMLP declares with the client (finding 1)', async () => {
    const before = await body<Problem>(
      await startCheck(cesis, cesisCaseId, { registries: ['pmlp'], householdMemberIds: [birutaId] }),
      422,
    );
    expect(before.errors?.[0]?.path).toBe('householdMemberIds[0]');

    const first = await body<{ workflowId: string }>(
      await startCheck(cesis, cesisCaseId, { registries: ['pmlp'] }),
      202,
    );
    await waitForCheck(cesis, cesisCaseId, first.workflowId);
    const household = await body<{ items: { personId: string; registered: boolean; added: unknown }[] }>(
      await stack.request('GET', `/api/v1/cases/${cesisCaseId}/household-members`, { token: cesis }),
      200,
    );
    expect(household.items).toContainEqual(
      expect.objectContaining({ personId: birutaId, registered: true, added: null }),
    );
    expect(household.items.map((m) => m.personId)).not.toContain(cesisClientId);

    const second = await body<{ workflowId: string }>(
      await startCheck(cesis, cesisCaseId, { registries: ['pmlp'], householdMemberIds: [birutaId] }),
      202,
    );
    await waitForCheck(cesis, cesisCaseId, second.workflowId);
  });

  it('adds a household member only to a visible case, for an existing person, with a reason (finding 1)', async () => {
    const add = (token: string, caseId: string, json: unknown) =>
      stack.request('POST', `/api/v1/cases/${caseId}/household-members`, { token, json });
    expect((await add(cesis, janisCaseId, { personId: birutaId, reason: 'Dzīvo kopā' })).status).toBe(404);
    for (const reason of [undefined, '', '   ', 'x'.repeat(501)]) {
      const problem = await body<Problem>(await add(cesis, cesisCaseId, { personId: janisId, reason }), 422);
      expect(problem.errors?.map((e) => e.path)).toEqual(['reason']);
    }
    const unknown = await body<Problem>(
      await add(cesis, cesisCaseId, {
        personId: '0190f5a2-0000-7000-8000-000000000000',
        reason: 'Dzīvo kopā',
      }),
      422,
    );
    expect(unknown.errors?.map((e) => e.path)).toEqual(['personId']);
    const client = await body<Problem>(
      await add(cesis, cesisCaseId, { personId: cesisClientId, reason: 'x' }),
      422,
    );
    expect(client.errors?.map((e) => e.path)).toEqual(['personId']);
  });

  it('after adding them with a reason the check is accepted and each registry request is in that person’s access history (finding 1)', async () => {
    const decomposed = 'Dzi\u0304vo kopa\u0304 ar klientu'; // "Dzīvo kopā …" with combining macrons
    const added = await body<{ personId: string; added: { reason: string; addedBy: string } }>(
      await stack.request('POST', `/api/v1/cases/${cesisCaseId}/household-members`, {
        token: cesis,
        json: { personId: janisId, reason: decomposed },
      }),
      201,
    );
    expect(added.personId).toBe(janisId);
    expect(added.added).toEqual(
      expect.objectContaining({ reason: decomposed.normalize('NFC'), addedBy: 'soc.cesis' }),
    );
    expect(
      (
        await stack.request('POST', `/api/v1/cases/${cesisCaseId}/household-members`, {
          token: cesis,
          json: { personId: janisId, reason: 'vēlreiz' },
        })
      ).status,
    ).toBe(409);

    const started = await body<{ workflowId: string }>(
      await startCheck(cesis, cesisCaseId, {
        registries: ['pmlp', 'vid', 'vsaa'],
        householdMemberIds: [janisId],
        purpose: 'Situācijas izvērtēšana',
      }),
      202,
    );
    await waitForCheck(cesis, cesisCaseId, started.workflowId);

    const requests = await stack.orm.em.fork().find(RegistryRequest, { subjectPersonId: janisId });
    expect(new Set(requests.map((r) => r.registry))).toEqual(new Set(['pmlp', 'vid', 'vsaa']));
    // The auditor sees the Cēsis case; Rīga's supervisor sees who asked, not the other municipality's case id.
    for (const [token, caseId] of [
      [auditor, cesisCaseId],
      [rigaSupervisor, null],
    ] as const) {
      const history = await accessHistory(token, janisId);
      const audited = history.filter((e) => e.action === 'registry.request');
      expect(audited.length).toBe(requests.length);
      for (const e of audited) {
        expect(e).toEqual(expect.objectContaining({ caseId, subjectPersonId: janisId, actor: 'soc.cesis' }));
      }
      if (caseId === null) expect(JSON.stringify(history)).not.toContain(cesisCaseId);
    }
    const chain = await body<{ valid: boolean }>(
      await stack.request('GET', '/api/v1/audit/verify', { token: auditor }),
      200,
    );
    expect(chain.valid).toBe(true);
  });
});

describe('the PMLP household of a case follows the latest answer about its client (finding 1)', () => {
  it('replaces the PMLP members, keeps the added ones, and ignores answers about anybody else', async () => {
    const rows = async () =>
      (await stack.orm.em.fork().find(CaseHouseholdMember, { caseId: cesisCaseId }))
        .map((r) => `${r.source}:${r.personId}`)
        .sort();
    const before = await rows();
    expect(before).toEqual([`added:${janisId}`, `pmlp:${birutaId}`].sort());
    // An answer about a household member (not the client) does not state this case's household.
    await recordRegisteredHousehold(stack.orm.em.fork(), {
      caseId: cesisCaseId,
      subjectPersonId: janisId,
      requestId: 'test-other-subject',
      memberPersonIds: [janisId, cesisClientId],
    });
    expect(await rows()).toEqual(before);
    // A newer answer about the client: Biruta no longer declared there; the added member stays.
    await recordRegisteredHousehold(stack.orm.em.fork(), {
      caseId: cesisCaseId,
      subjectPersonId: cesisClientId,
      requestId: 'test-newer-answer',
      memberPersonIds: [cesisClientId],
    });
    expect(await rows()).toEqual([`added:${janisId}`]);
    const refused = await body<Problem>(
      await startCheck(cesis, cesisCaseId, { registries: ['pmlp'], householdMemberIds: [janisId, birutaId] }),
      422,
    );
    expect(refused.errors?.map((e) => e.path)).toEqual(['householdMemberIds[1]']);
  });
});

describe('persons are found only within the municipality’s cases (finding 2)', () => {
  const olgaCode = '051290-19726';
  const search = (token: string, personalCode: string) =>
    stack.request('POST', '/api/v1/persons/search', { token, json: { personalCode } });

  it('persons/search across municipalities finds nothing (finding 2)', async () => {
    const foreign = await search(cesis, olgaCode);
    expect(foreign.status).toBe(404);
    const text = await foreign.text();
    expect(text).not.toMatch(/Olga|Kalni/);
    expect((await search(riga, olgaCode)).status).toBe(200);
    expect((await search(cesis, '191052-11374')).status).toBe(200);
    const olgaId = await personIdOf(olgaCode);
    expect((await stack.request('GET', `/api/v1/persons/${olgaId}`, { token: cesis })).status).toBe(404);
  });

  it('POST /persons with a known foreign code answers 201 with the echoed names, the same shape as an unknown code (finding 2)', async () => {
    const register = (json: Record<string, string>) =>
      stack.request('POST', '/api/v1/persons', { token: cesis, json });
    const knownRes = await register({ personalCode: olgaCode, firstName: 'Anna', lastName: 'Cita' });
    const unknownRes = await register({
      personalCode: newFormatCode(),
      firstName: 'Anna',
      lastName: 'Jauna',
      birthDate: '1990-12-05',
    });
    const known = await body<Record<string, unknown>>(knownRes, 201);
    const unknown = await body<Record<string, unknown>>(unknownRes, 201);
    expect(Object.keys(known).sort()).toEqual(Object.keys(unknown).sort());
    expect(knownRes.headers.get('content-type')).toBe(unknownRes.headers.get('content-type'));
    expect(known).toEqual({
      id: await personIdOf(olgaCode),
      firstName: 'Anna',
      lastName: 'Cita',
      birthDate: '1990-12-05',
      personalCodeMasked: '051290-*****',
    });
    expect(unknown).toEqual(expect.objectContaining({ firstName: 'Anna', lastName: 'Jauna' }));
    // Ids carry no creation time that would tell a known person from a new one (random UUIDs).
    for (const id of [known.id, unknown.id]) expect(String(id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    // The stored names are unchanged and a case may be opened here (the person moves).
    const stored = await stack.orm.em.fork().findOneOrFail(Person, { personalCode: olgaCode });
    expect([stored.firstName, stored.lastName]).toEqual(['Olga', 'Kalniņa']);
    expect(
      (await stack.request('POST', '/api/v1/cases', { token: cesis, json: { personId: known.id } })).status,
    ).toBe(201);
    expect((await search(cesis, olgaCode)).status).toBe(200);
  });
});

describe('placements name only children of the worker’s own cases (finding 3)', () => {
  let childId: string;
  let childCaseId: string;

  beforeAll(async () => {
    const { person } = await findOrCreatePerson(stack.orm.em.fork(), {
      personalCode: newFormatCode(),
      firstName: 'Līga',
      lastName: 'Rīdziniece',
      birthDate: addYearsClamped(rigaToday(), -4),
    });
    childId = person.id;
    childCaseId = (await openCase(stack.orm.em.fork(), RIGA_WORKER, childId)).id;
  });

  const place = (childPersonId: string) =>
    stack.request('POST', '/api/v1/placements', {
      token: cesis,
      json: {
        childPersonId,
        institution: { code: 'BSAC-CESIS-1', name: 'Cēsu bērnu aprūpes centrs' },
        orphanCourtAtvk: CESIS_NOVADS,
        startDate: rigaToday(),
      },
    });

  it('placement for a foreign child is refused without revealing the Rīga case id (finding 3)', async () => {
    const res = await place(childId);
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).not.toContain(childCaseId);
    const problem = JSON.parse(text) as Problem;
    expect(problem.errors?.map((e) => e.path)).toEqual(['childPersonId']);
    // Exactly what a person that does not exist gets.
    const missing = (await (await place('0190f5a2-0000-7000-8000-000000000001')).json()) as Problem;
    expect(missing.errors).toEqual(problem.errors);
    expect(await stack.orm.em.fork().count(Placement, { childPersonId: childId })).toBe(0);
  });

  it('shows a Cēsis orphan court’s placement of a child with a Rīga case without the Rīga case id (finding 3)', async () => {
    // As NPAIS synchronisation registers it (a national actor; no workflow needed to read the row).
    const placement = await insertPlacement(
      stack.orm.em.fork(),
      { username: 'npais-sync', role: 'admin', municipalityCode: null },
      {
        childPersonId: childId,
        institution: { code: 'BSAC-CESIS-1', name: 'Cēsu bērnu aprūpes centrs' },
        orphanCourtAtvk: CESIS_NOVADS,
        startDate: rigaToday(),
        source: 'npais',
      },
    );
    const asCesis = await stack.request('GET', `/api/v1/placements/${placement.id}`, { token: cesis });
    const cesisText = await asCesis.text();
    expect(asCesis.status).toBe(200);
    expect(cesisText).not.toContain(childCaseId);
    expect((JSON.parse(cesisText) as { caseId: string | null }).caseId).toBeNull();
    const list = await stack.request('GET', '/api/v1/placements', { token: cesis });
    expect(await list.text()).not.toContain(childCaseId);
    const asRiga = await body<{ caseId: string | null }>(
      await stack.request('GET', `/api/v1/placements/${placement.id}`, { token: riga }),
      200,
    );
    expect(asRiga.caseId).toBe(childCaseId);
  });
});
