/**
 * Victim-rehabilitation session records through the API on the real stack (issue 20, BRIEF §4.10): the provider
 * records consultations and stay days of a running rehabilitation service; the course's limits in force apply
 * (an adult's 11th consultation, a child's crisis-flat day → 422 `form`); another municipality gets 404, a service of
 * another type 409. Nothing is recorded by a refused request.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import {
  AuditEntry,
  Case,
  Person,
  RehabilitationSession,
  SocialService,
} from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let provider: string;
let cesisWorker: string;
let caseId: string;
const today = rigaToday();
const start = addDays(today, -40);

async function service(serviceTypeCode: string): Promise<string> {
  const em = stack.orm.em.fork();
  const id = newId();
  const now = new Date();
  em.create(SocialService, {
    id,
    caseId,
    municipalityCode: '0001000',
    serviceTypeCode,
    serviceTypeVersion: 1,
    workflowId: `social-service-rehab-${id}`,
    state: 'active',
    active: true,
    requestedAt: start,
    decisionDeadline: today,
    nextDeadline: null,
    nextDeadlineKind: null,
    decision: 'grant',
    providerCode: 'RSD-APRUPE',
    providerName: 'Rīgas Sociālais dienests: Aprūpes birojs',
    volume: 10,
    startDate: start,
    endDate: null,
    nextReviewDate: null,
    decisionDocumentId: null,
    notes: null,
    startedBy: 'soc.riga',
    createdAt: now,
    updatedAt: now,
  });
  await em.flush();
  return id;
}

const record = (token: string, sid: string, body: Record<string, unknown>) =>
  stack.request('POST', `/api/v1/cases/${caseId}/services/${sid}/rehabilitation-sessions`, {
    token,
    json: body,
  });
const paths = async (res: Response) =>
  ((await res.json()) as { errors?: { path: string }[] }).errors?.map((e) => e.path);
const consultation = (date: string) => ({
  date,
  form: 'consultation',
  specialistKind: 'psychologist',
  minutes: 45,
});

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  provider = await stack.login('aprupe.riga');
  cesisWorker = await stack.login('soc.cesis');
  const em = stack.orm.em.fork();
  const person = await em.findOneOrFail(Person, { personalCode: '051290-19726' });
  caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
}, 120_000);
afterAll(async () => {
  await stack.close();
});

describe('rehabilitation sessions', () => {
  it('an adult course: ten consultations are recorded (201, audited), the eleventh is refused with path form', async () => {
    const sid = await service('rehabilitation-violence-adult');
    for (let i = 0; i < 10; i++) {
      const res = await record(provider, sid, consultation(addDays(start, i + 1)));
      expect(res.status).toBe(201);
    }
    const eleventh = await record(provider, sid, consultation(addDays(start, 20)));
    expect(eleventh.status).toBe(422);
    expect(await paths(eleventh)).toEqual(['form']);
    const em = stack.orm.em.fork();
    expect(await em.count(RehabilitationSession, { serviceId: sid })).toBe(10);
    expect(
      await em.count(AuditEntry, { action: 'rehabilitation.session', resourceId: sid, actor: 'aprupe.riga' }),
    ).toBe(10);
    // Stay days are a separate limit of the same course.
    const day = await record(provider, sid, { date: addDays(start, 21), form: 'institution-day' });
    expect(day.status).toBe(201);
  });

  it('a child course has no crisis flat (422 form)', async () => {
    const sid = await service('rehabilitation-violence-child');
    const res = await record(provider, sid, { date: today, form: 'crisis-flat-day' });
    expect(res.status).toBe(422);
    expect(await paths(res)).toEqual(['form']);
  });

  it.each([
    [
      'a consultation without the specialist',
      'specialistKind',
      { date: today, form: 'consultation', minutes: 45 },
    ],
    [
      'a stay day naming a specialist',
      'specialistKind',
      { date: today, form: 'institution-day', specialistKind: 'lawyer' },
    ],
    ['a day before the service started', 'date', consultation(addDays(start, -1))],
    ['a future day', 'date', consultation(addDays(today, 1))],
    ['an impossible date', 'date', consultation('2026-02-30')],
    ['an unknown form', 'form', { date: today, form: 'visit' }],
  ])('refuses %s (422 %s)', async (_name, path, body) => {
    const sid = await service('rehabilitation-violence-adult');
    const res = await record(provider, sid, body);
    expect(res.status).toBe(422);
    expect(await paths(res)).toContain(path);
    expect(await stack.orm.em.fork().count(RehabilitationSession, { serviceId: sid })).toBe(0);
  });

  it('another municipality gets 404; a service of another type 409', async () => {
    const sid = await service('rehabilitation-violence-adult');
    expect((await record(cesisWorker, sid, consultation(today))).status).toBe(404);
    const home = await service('home-care');
    expect((await record(provider, home, consultation(today))).status).toBe(409);
  });

  it('the course record: harm and outcome as revisions (an interruption needs its reason); annex 4 counts them', async () => {
    const sid = await service('rehabilitation-violence-adult');
    const put = (body: Record<string, unknown>) =>
      stack.request('PUT', `/api/v1/cases/${caseId}/services/${sid}/rehabilitation-course`, {
        token: provider,
        json: body,
      });
    const first = await put({ harmKind: 'emotional' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ revision: 1, harmKind: 'emotional', outcome: null });
    const noReason = await put({ harmKind: 'emotional', outcome: 'interrupted' });
    expect(noReason.status).toBe(422);
    expect(await paths(noReason)).toEqual(['interruptionReason']);
    expect((await record(provider, sid, { date: today, form: 'institution-day' })).status).toBe(201);
    const second = await put({
      harmKind: 'emotional',
      outcome: 'interrupted',
      interruptionReason: 'Pārcēlās uz citu novadu',
    });
    expect(await second.json()).toMatchObject({ revision: 2, outcome: 'interrupted' });

    // The outcome counts once the service has ended (here: ended today by the worker).
    await stack.orm.em
      .fork()
      .nativeUpdate(SocialService, { id: sid }, { endDate: today, state: 'ended', active: false });
    const supervisor = await stack.login('vad.riga');
    const res = await stack.request(
      'GET',
      `/api/v1/reports/victim-rehabilitation-annual?municipality=0001000&period=${start.slice(0, 4)}`,
      { token: supervisor },
    );
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      tables: { key: string; rows: { key: string; persons: number; sums?: Record<string, number> }[] }[];
      checks: { passed: boolean };
    };
    const row = (table: string, key: string) =>
      report.tables.find((t) => t.key === table)!.rows.find((r) => r.key === key)!;
    expect(row('outcomes', 'interrupted').persons).toBe(1);
    expect(row('harm', 'emotional').persons).toBe(1);
    expect(row('persons', 'adults').persons).toBe(1);
    expect(row('forms', 'institution-day').sums).toEqual({ sessions: 2 });
    expect(row('forms', 'consultation').sums).toEqual({ sessions: 10 });
    expect(report.checks.passed).toBe(true);
  });

  it("the national coordinator sees every municipality's sessions, the person only as a pseudonym", async () => {
    const coordinator = await stack.login('rehab.koord');
    const res = await stack.request('GET', `/api/v1/rehabilitation/sessions?from=${start}&to=${today}`, {
      token: coordinator,
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as {
      truncated: boolean;
      sessions: { person: string; municipalityCode: string }[];
    };
    expect(body.truncated).toBe(false);
    expect(body.sessions.length).toBeGreaterThanOrEqual(12);
    expect(new Set(body.sessions.map((x) => x.person)).size).toBe(1);
    expect(body.sessions[0]!.person).toMatch(/^[0-9a-f]{32}$/);
    const person = await stack.orm.em.fork().findOneOrFail(Person, { personalCode: '051290-19726' });
    for (const secret of [caseId, person.id, person.personalCode, person.lastName])
      expect(text).not.toContain(secret);
    const audit = await stack.orm.em
      .fork()
      .find(AuditEntry, { action: 'rehabilitation.coordination.list', actor: 'rehab.koord' });
    expect(audit).toHaveLength(1);
    const backwards = await stack.request(
      'GET',
      `/api/v1/rehabilitation/sessions?from=${today}&to=${start}`,
      {
        token: coordinator,
      },
    );
    expect(backwards.status).toBe(422);
    expect(await paths(backwards)).toEqual(['query.to']);
    expect(
      (
        await stack.request('GET', `/api/v1/rehabilitation/sessions?from=${start}&to=${today}`, {
          token: provider,
        })
      ).status,
    ).toBe(403);
  });
});
