/**
 * The specialists register through the API on the real stack (issue 19): BAC keeps the organisations; an HR user
 * registers its staff and trainings and sees only its organisation (another organisation's HR user gets 404); a
 * personal code already registered elsewhere is a move (201, history kept); statuses and due dates follow BRIEF §4.8;
 * personal codes never appear in responses or the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, addMonthsClamped, addYearsClamped } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { AuditEntry, User } from '../../infra/db/entities/index.js';
import { DEMO_SPECIALIST_ORGANISATIONS } from '../../infra/db/specialists-demo.js';
import { hashPassword } from '../../infra/db/seed.js';
import { newId } from '../../infra/ids.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let bac: string;
let hrRiga: string;
let hrCesis: string;
let social: string;
const today = rigaToday();
const RIGA_ORG = DEMO_SPECIALIST_ORGANISATIONS[0].id;
const CESIS_ORG = DEMO_SPECIALIST_ORGANISATIONS[1].id;

interface SpecialistBody {
  id: string;
  personalCodeMasked: string;
  organisationId: string;
  status: string;
  initialDueBy: string | null;
  refresherDueBy: string | null;
  trainings: { certificateNo: string }[];
  history: { organisationId: string; employedFrom: string; employedTo: string | null }[];
}
interface ProblemBody {
  status: number;
  errors?: { path: string; message: string }[];
}

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const newCode = () => {
  const n = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  return `32${n.slice(0, 4)}-${n.slice(4)}`;
};

function register(token: string, body: Record<string, unknown>): Promise<Response> {
  return stack.request('POST', '/api/v1/specialists', {
    token,
    json: {
      firstName: 'Anna',
      lastName: 'Speciāliste',
      position: 'sociālā darbiniece',
      positionKind: 'social-worker',
      ...body,
    },
  });
}

function training(token: string, id: string, body: Record<string, unknown>): Promise<Response> {
  return stack.request('POST', `/api/v1/specialists/${id}/trainings`, {
    token,
    json: {
      kind: 'initial',
      completedOn: today,
      hours: 40,
      programme: 'Bērnu tiesību aizsardzības pamati',
      provider: 'VBTAI mācību centrs',
      certificateNo: `C-${Math.floor(Math.random() * 1e9)}`,
      ...body,
    },
  });
}

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  const em = stack.orm.em.fork();
  em.create(User, {
    id: newId(),
    username: 'hr.cesis',
    displayName: 'Cēsu personāla daļa',
    passwordHash: await hashPassword(stack.config.demo.password),
    externalId: null,
    role: 'org_hr',
    municipalityCode: '0026000',
    organisationId: CESIS_ORG,
    active: true,
    createdAt: new Date(),
  });
  await em.flush();
  [bac, hrRiga, hrCesis, social] = await Promise.all([
    stack.login('bac.uzraugs'),
    stack.login('hr.riga'),
    stack.login('hr.cesis'),
    stack.login('soc.riga'),
  ]);
});
afterAll(async () => {
  await stack.close();
});

describe('organisations', () => {
  it('BAC adds one (201), a duplicate registration number is 409, HR may not (403), kinds are closed (422)', async () => {
    const body = {
      name: 'Valmieras novada bāriņtiesa',
      kind: 'orphan-court',
      municipalityAtvk: '0054000',
      registrationNo: 'T-1',
    };
    const created = await stack.request('POST', '/api/v1/specialists/organisations', {
      token: bac,
      json: body,
    });
    expect(created.status).toBe(201);
    expect(await json<{ id: string; kind: string }>(created)).toMatchObject({ kind: 'orphan-court' });
    const again = await stack.request('POST', '/api/v1/specialists/organisations', {
      token: bac,
      json: body,
    });
    expect(again.status).toBe(409);
    const hr = await stack.request('POST', '/api/v1/specialists/organisations', {
      token: hrRiga,
      json: { ...body, registrationNo: 'T-2' },
    });
    expect(hr.status).toBe(403);
    const bad = await stack.request('POST', '/api/v1/specialists/organisations', {
      token: bac,
      json: { ...body, kind: 'ministry', registrationNo: 'x'.repeat(21) },
    });
    expect(bad.status).toBe(422);
    expect((await json<ProblemBody>(bad)).errors?.map((e) => e.path).sort()).toEqual([
      'kind',
      'registrationNo',
    ]);
    const list = await json<{ items: { id: string }[] }>(
      await stack.request('GET', '/api/v1/specialists/organisations', { token: hrRiga }),
    );
    expect(list.items.map((o) => o.id)).toEqual(expect.arrayContaining([RIGA_ORG, CESIS_ORG]));
  });
});

describe('specialists', () => {
  it('registers with the initial due date, masks the personal code and scopes reads to the organisation', async () => {
    const code = newCode();
    const employedFrom = addMonthsClamped(today, -2);
    const res = await register(hrRiga, { personalCode: code, organisationId: RIGA_ORG, employedFrom });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(code);
    const s = JSON.parse(text) as SpecialistBody;
    expect(s).toMatchObject({
      status: 'initial-due',
      initialDueBy: addDays(addMonthsClamped(employedFrom, 12), -1),
      refresherDueBy: null,
      personalCodeMasked: `${code.slice(0, 6)}-*****`,
    });
    expect((await stack.request('GET', `/api/v1/specialists/${s.id}`, { token: hrRiga })).status).toBe(200);
    expect((await stack.request('GET', `/api/v1/specialists/${s.id}`, { token: bac })).status).toBe(200);
    expect((await stack.request('GET', `/api/v1/specialists/${s.id}`, { token: hrCesis })).status).toBe(404);
    expect((await stack.request('GET', `/api/v1/specialists/${s.id}`, { token: social })).status).toBe(403);
    const cesisList = await json<{ items: { id: string }[] }>(
      await stack.request('GET', '/api/v1/specialists', { token: hrCesis }),
    );
    expect(cesisList.items.map((i) => i.id)).not.toContain(s.id);
    // another organisation's HR cannot register into Rīga's organisation
    const foreign = await register(hrCesis, {
      personalCode: newCode(),
      organisationId: RIGA_ORG,
      employedFrom,
    });
    expect(foreign.status).toBe(422);
    expect((await json<ProblemBody>(foreign)).errors?.[0]?.path).toBe('organisationId');
    // nothing in the audit log carries the personal code
    const entries = await stack.orm.em.fork().find(AuditEntry, { resourceId: s.id });
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['specialist.create', 'specialist.read']),
    );
    expect(
      entries.some(
        (e) => e.action === 'specialist.read' && e.outcome === 'not-found' && e.actor === 'hr.cesis',
      ),
    ).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(code);
  });

  it('records a known personal code at another organisation as a move: 201, history kept, the old one loses sight', async () => {
    const code = newCode();
    const from = addMonthsClamped(today, -3);
    const first = await json<SpecialistBody>(
      await register(hrRiga, { personalCode: code, organisationId: RIGA_ORG, employedFrom: from }),
    );
    const moveOn = addDays(today, -10);
    const res = await register(hrCesis, {
      personalCode: code,
      organisationId: CESIS_ORG,
      employedFrom: moveOn,
    });
    expect(res.status).toBe(201);
    const moved = await json<SpecialistBody>(res);
    expect(moved.id).toBe(first.id);
    expect(moved.organisationId).toBe(CESIS_ORG);
    expect(moved.history).toEqual([
      expect.objectContaining({
        organisationId: RIGA_ORG,
        employedFrom: from,
        employedTo: addDays(moveOn, -1),
      }),
      expect.objectContaining({ organisationId: CESIS_ORG, employedFrom: moveOn, employedTo: null }),
    ]);
    // a move keeps every date
    expect(moved.initialDueBy).toBe(first.initialDueBy);
    expect((await stack.request('GET', `/api/v1/specialists/${first.id}`, { token: hrRiga })).status).toBe(
      404,
    );
    expect((await stack.request('GET', `/api/v1/specialists/${first.id}`, { token: hrCesis })).status).toBe(
      200,
    );
  });

  it('validates trainings (hours, future dates), is idempotent per certificate and moves the clock', async () => {
    const employedFrom = addYearsClamped(today, -2);
    const s = await json<SpecialistBody>(
      await register(hrRiga, { personalCode: newCode(), organisationId: RIGA_ORG, employedFrom }),
    );
    expect(s.status).toBe('initial-overdue');
    const short = await training(hrRiga, s.id, { hours: 39 });
    expect(short.status).toBe(422);
    expect((await json<ProblemBody>(short)).errors?.map((e) => e.path)).toEqual(['hours']);
    const shortRefresher = await training(hrRiga, s.id, { kind: 'refresher', hours: 23 });
    expect((await json<ProblemBody>(shortRefresher)).errors?.map((e) => e.path)).toEqual(['hours']);
    const future = await training(hrRiga, s.id, { completedOn: addDays(today, 1) });
    expect(future.status).toBe(422);
    expect((await json<ProblemBody>(future)).errors?.map((e) => e.path)).toEqual(['completedOn']);
    expect((await training(hrCesis, s.id, {})).status).toBe(404);

    const completedOn = addDays(today, -5);
    const ok = await training(hrRiga, s.id, { completedOn, certificateNo: 'CERT-1' });
    expect(ok.status).toBe(201);
    const again = await training(hrRiga, s.id, { completedOn, certificateNo: 'CERT-1' });
    expect(again.status).toBe(200);
    const differs = await training(hrRiga, s.id, { completedOn, certificateNo: 'CERT-1', hours: 48 });
    expect(differs.status).toBe(409);

    const card = await json<SpecialistBody>(
      await stack.request('GET', `/api/v1/specialists/${s.id}`, { token: hrRiga }),
    );
    expect(card).toMatchObject({
      status: 'compliant',
      initialDueBy: null,
      refresherDueBy: addDays(addYearsClamped(completedOn, 5), -1),
    });
    expect(card.trainings).toHaveLength(1);
    const before = await json<SpecialistBody>(
      await stack.request('GET', `/api/v1/specialists/${s.id}?date=${addDays(completedOn, -1)}`, {
        token: hrRiga,
      }),
    );
    expect(before.status).toBe('initial-overdue');
    const badDate = await stack.request('GET', `/api/v1/specialists/${s.id}?date=2026-02-30`, {
      token: hrRiga,
    });
    expect(badDate.status).toBe(422);
  });

  it('leaving ends the obligation on the day after employedTo', async () => {
    const s = await json<SpecialistBody>(
      await register(hrRiga, {
        personalCode: newCode(),
        organisationId: RIGA_ORG,
        employedFrom: addMonthsClamped(today, -6),
      }),
    );
    const lastDay = addDays(today, -1);
    const res = await stack.request('PATCH', `/api/v1/specialists/${s.id}`, {
      token: hrRiga,
      json: { employedTo: lastDay },
    });
    expect(res.status).toBe(200);
    expect(await json<SpecialistBody>(res)).toMatchObject({ status: 'inactive' });
    const onLastDay = await json<SpecialistBody>(
      await stack.request('GET', `/api/v1/specialists/${s.id}?date=${lastDay}`, { token: hrRiga }),
    );
    expect(onLastDay.status).toBe('initial-due');
    const early = await stack.request('PATCH', `/api/v1/specialists/${s.id}`, {
      token: hrRiga,
      json: { employedTo: addMonthsClamped(today, -7) },
    });
    expect(early.status).toBe(422);
    expect((await json<ProblemBody>(early)).errors?.[0]?.path).toBe('employedTo');
  });

  it('BAC moves a person with PATCH {organisationId}; the list filters by status and pages', async () => {
    const s = await json<SpecialistBody>(
      await register(bac, {
        personalCode: newCode(),
        organisationId: RIGA_ORG,
        employedFrom: addMonthsClamped(today, -1),
      }),
    );
    const moved = await stack.request('PATCH', `/api/v1/specialists/${s.id}`, {
      token: bac,
      json: { organisationId: CESIS_ORG },
    });
    expect(moved.status).toBe(200);
    expect(await json<SpecialistBody>(moved)).toMatchObject({
      organisationId: CESIS_ORG,
      initialDueBy: s.initialDueBy,
    });
    const page = await json<{ items: SpecialistBody[]; total: number; pageSize: number }>(
      await stack.request(
        'GET',
        `/api/v1/specialists?status=initial-due&organisationId=${CESIS_ORG}&pageSize=1`,
        { token: bac },
      ),
    );
    expect(page.pageSize).toBe(1);
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(1);
    expect(page.items.every((i) => i.status === 'initial-due')).toBe(true);
    const invalid = await stack.request('GET', '/api/v1/specialists?status=asleep', { token: bac });
    expect(invalid.status).toBe(422);
  });
});

describe('oversight reports', () => {
  it('compliance per organisation and municipality (BAC only)', async () => {
    const res = await stack.request('GET', '/api/v1/specialists/compliance', { token: bac });
    expect(res.status).toBe(200);
    const body = await json<{
      organisations: {
        organisationId: string;
        specialists: number;
        compliant: number;
        due: number;
        overdue: number;
      }[];
      municipalities: { municipalityAtvk: string | null; specialists: number }[];
      total: { specialists: number; compliant: number; due: number; overdue: number };
    }>(res);
    const riga = body.organisations.find((o) => o.organisationId === RIGA_ORG);
    expect(riga).toBeDefined();
    expect(riga!.specialists).toBe(riga!.compliant + riga!.due + riga!.overdue);
    expect(body.total.specialists).toBe(body.municipalities.reduce((n, m) => n + m.specialists, 0));
    expect((await stack.request('GET', '/api/v1/specialists/compliance', { token: hrRiga })).status).toBe(
      403,
    );
  });

  it('demand per month and planning region', async () => {
    const from = today.slice(0, 7);
    const to = addMonthsClamped(today, 24).slice(0, 7);
    const res = await stack.request('GET', `/api/v1/specialists/demand?from=${from}&to=${to}`, {
      token: bac,
    });
    expect(res.status).toBe(200);
    const body = await json<{
      rows: { month: string; region: string; initial: number; refresher: number }[];
    }>(res);
    expect(body.rows.length).toBeGreaterThan(0);
    expect(body.rows.every((r) => r.month >= from && r.month <= to)).toBe(true);
    expect(body.rows.some((r) => r.region === 'riga' && r.initial > 0)).toBe(true);
    const bad = await stack.request('GET', `/api/v1/specialists/demand?from=${to}&to=${from}`, {
      token: bac,
    });
    expect(bad.status).toBe(422);
  });
});
