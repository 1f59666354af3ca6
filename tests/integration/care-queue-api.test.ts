/**
 * The care queue through the API on the real stack (issue 22): one active request per person and service type, also
 * when two submissions arrive at once (a unique key in the database); LM's decisions; the queue as it stood on a
 * date, from the recorded events; a worker of another municipality gets 404; an offer and its answer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { CareQueueRequest, Case, Person, Provider, SocialService } from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import { endRequestsOfPerson } from '../../services/care-queue/commands.js';
import { positionsOfPerson } from '../../services/care-queue/queries.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const TYPE = 'long-term-institutional-care';
let stack: TestStack;
let worker: string;
let supervisor: string;
let cesis: string;
let lm: string;
let janisCase: string;
let olgaCase: string;
const today = rigaToday();
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const submit = (token: string, caseId: string) =>
  stack.request('POST', '/api/v1/care-queue/requests', {
    token,
    json: { caseId, serviceType: TYPE, region: 'riga' },
  });
const queue = async (date?: string) =>
  json<{ items: { requestId: string; position: number; priorityGroup: number; countingDate: string }[] }>(
    await stack.request(
      'GET',
      `/api/v1/care-queue?serviceType=${TYPE}&region=riga${date ? `&date=${date}` : ''}`,
      {
        token: lm,
      },
    ),
  );

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  [worker, supervisor, cesis, lm] = await Promise.all([
    stack.login('soc.riga'),
    stack.login('vad.riga'),
    stack.login('soc.cesis'),
    stack.login('lm.specialists'),
  ]);
  const em = stack.orm.em.fork();
  const caseOf = async (code: string) =>
    (await em.findOneOrFail(Case, { personId: (await em.findOneOrFail(Person, { personalCode: code })).id }))
      .id;
  janisCase = await caseOf('140384-19729');
  olgaCase = await caseOf('051290-19726');
}, 180_000);
afterAll(async () => {
  await stack.close();
});

describe('requests', () => {
  it('two submissions at once for the same person and type: exactly one is created, the other 409', async () => {
    const [a, b] = await Promise.all([submit(worker, janisCase), submit(supervisor, janisCase)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const created = await json<{ id: string; state: string }>(a.status === 201 ? a : b);
    expect(created.state).toBe('submitted');
    // And again later: still 409 while the request is active.
    expect((await submit(worker, janisCase)).status).toBe(409);
  });

  it("a worker of another municipality cannot request for Rīga's client (404)", async () => {
    expect((await submit(cesis, olgaCase)).status).toBe(404);
  });

  it('a type outside the queue is refused with its path', async () => {
    const res = await stack.request('POST', '/api/v1/care-queue/requests', {
      token: worker,
      json: { caseId: olgaCase, serviceType: 'home-care', region: 'riga' },
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('serviceType');
  });
});

const rows = new Map<string, { personId: string }>();
const olgaRow = (id: string) => rows.get(id) as { personId: string };

describe('LM decides; the queue on a date', () => {
  it('queues with group and counting date; group 1 needs a reason; a refusal frees the person for a new request', async () => {
    const olga = await json<{ id: string }>(await submit(worker, olgaCase));
    rows.set(olga.id, await stack.orm.em.fork().findOneOrFail(CareQueueRequest, { id: olga.id }));
    const decide = (id: string, body: Record<string, unknown>) =>
      stack.request('POST', `/api/v1/care-queue/requests/${id}/decision`, { token: lm, json: body });
    const noReason = await decide(olga.id, { decision: 'queue', priorityGroup: 1, countingDate: today });
    expect(noReason.status).toBe(422);
    expect(JSON.stringify(await noReason.json())).toContain('priorityReason');
    const future = await decide(olga.id, {
      decision: 'queue',
      priorityGroup: 3,
      countingDate: addDays(today, 1),
    });
    expect(future.status).toBe(422);
    const ok = await decide(olga.id, {
      decision: 'queue',
      priorityGroup: 1,
      priorityReason: 'Aprūpētājs miris',
      countingDate: addDays(today, -10),
    });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ state: 'queued', priorityGroup: 1 });
    expect((await decide(olga.id, { decision: 'refuse', reason: 'x' })).status).toBe(409);

    const now = await queue();
    expect(await positionsOfPerson(stack.orm.em.fork(), olgaRow(olga.id).personId, today)).toEqual([
      { requestId: olga.id, serviceType: TYPE, region: 'riga', position: 1, waiting: now.items.length },
    ]);
    expect(now.items).toContainEqual({
      requestId: olga.id,
      position: 1,
      priorityGroup: 1,
      countingDate: addDays(today, -10),
    });
    // The queue as it stood yesterday: before the decision was recorded.
    expect((await queue(addDays(today, -1))).items.map((i) => i.requestId)).not.toContain(olga.id);
  });

  it('a refused request no longer blocks a new one; asking for documents keeps it active', async () => {
    const em = stack.orm.em.fork();
    const janis = await em.findOneOrFail(CareQueueRequest, { caseId: janisCase, state: 'submitted' });
    const ask = await stack.request('POST', `/api/v1/care-queue/requests/${janis.id}/decision`, {
      token: lm,
      json: { decision: 'ask-documents', reason: 'Trūkst VDEĀVK atzinuma' },
    });
    expect(ask.status).toBe(200);
    expect((await submit(worker, janisCase)).status).toBe(409);
    const refuse = await stack.request('POST', `/api/v1/care-queue/requests/${janis.id}/decision`, {
      token: lm,
      json: { decision: 'refuse', reason: 'Neatbilst kritērijiem' },
    });
    expect(refuse.status).toBe(200);
    expect((await submit(worker, janisCase)).status).toBe(201);
  });
});

describe('offers', () => {
  it("LM offers the demo provider's free place to the first of the queue; another municipality's worker cannot answer", async () => {
    const providerId = (await stack.orm.em.fork().findOneOrFail(Provider, { code: 'RSD-APRUPE' })).id;
    const first = (await queue()).items[0];
    const res = await stack.request('POST', '/api/v1/care-queue/offers', {
      token: lm,
      json: { serviceType: TYPE, region: 'riga', providerId },
    });
    expect(res.status).toBe(201);
    const offer = await json<{ id: string; requestId: string; dueBy: string }>(res);
    expect(offer).toMatchObject({ requestId: first?.requestId, dueBy: addDays(today, 14) });
    const answer = (token: string, body: Record<string, unknown>) =>
      stack.request('POST', `/api/v1/care-queue/offers/${offer.id}/answer`, { token, json: body });
    expect((await answer(cesis, { accept: true })).status).toBe(404);
    const workerAccepts = await answer(worker, { accept: false, reason: 'Slimnīcā', reasonAccepted: true });
    expect(workerAccepts.status).toBe(422);
    expect((await answer(lm, { accept: false, reason: 'Slimnīcā', reasonAccepted: true })).status).toBe(200);
    expect((await answer(lm, { accept: true })).status).toBe(409);
    // The accepted reason keeps the position.
    expect((await queue()).items[0]?.requestId).toBe(first?.requestId);
  });
});

describe('state-funded long-term care is decided by LM (the grant needs an accepted place)', () => {
  it('a municipal grant without an accepted place is refused; with one, only the provider LM offered', async () => {
    const em = stack.orm.em.fork();
    const providerId = (await em.findOneOrFail(Provider, { code: 'RSD-APRUPE' })).id;
    const sid = newId();
    const now = new Date();
    em.create(SocialService, {
      id: sid,
      caseId: olgaCase,
      municipalityCode: '0001000',
      serviceTypeCode: TYPE,
      serviceTypeVersion: 1,
      workflowId: `social-service-queue-${sid}`,
      state: 'awaiting-decision',
      active: true,
      requestedAt: today,
      decisionDeadline: addDays(today, 30),
      nextDeadline: null,
      nextDeadlineKind: null,
      decision: null,
      providerCode: null,
      providerName: null,
      volume: null,
      startDate: null,
      endDate: null,
      nextReviewDate: null,
      decisionDocumentId: null,
      notes: null,
      startedBy: 'soc.riga',
      createdAt: now,
      updatedAt: now,
    });
    await em.flush();
    const grant = (id: string) =>
      stack.request('POST', `/api/v1/cases/${olgaCase}/services/${sid}/decision`, {
        token: supervisor,
        json: { decision: 'grant', volume: 30, providerId: id, startDate: today },
      });
    const before = await grant(providerId);
    expect(before.status).toBe(422);
    expect(JSON.stringify(await before.json())).toContain('"path":"decision"');

    const offer = await json<{ id: string; requestId: string }>(
      await stack.request('POST', '/api/v1/care-queue/offers', {
        token: lm,
        json: { serviceType: TYPE, region: 'riga', providerId },
      }),
    );
    const olgaRequest = await stack.orm.em.fork().findOneOrFail(CareQueueRequest, { id: offer.requestId });
    expect(olgaRequest.caseId).toBe(olgaCase);
    const accepted = await stack.request('POST', `/api/v1/care-queue/offers/${offer.id}/answer`, {
      token: worker,
      json: { accept: true },
    });
    expect(accepted.status).toBe(200);
    expect((await queue()).items.map((i) => i.requestId)).not.toContain(offer.requestId);

    const other = await grant(newId());
    expect(other.status).toBe(422);
    expect(JSON.stringify(await other.json())).toContain('providerId');
    // LM's provider passes the register's check; the row has no running workflow here (worker-less stack): 409.
    expect((await grant(providerId)).status).toBe(409);
  });
});

describe('a death reported by PMLP', () => {
  it('ends the person’s active requests: out of the queue, the request ended', async () => {
    const em = stack.orm.em.fork();
    const r = await em.findOneOrFail(CareQueueRequest, { caseId: janisCase, state: 'submitted' });
    const queued = await stack.request('POST', `/api/v1/care-queue/requests/${r.id}/decision`, {
      token: lm,
      json: { decision: 'queue', priorityGroup: 2, countingDate: addDays(today, -3) },
    });
    expect(queued.status).toBe(200);
    expect((await queue()).items.map((i) => i.requestId)).toContain(r.id);
    expect(await endRequestsOfPerson(stack.orm.em.fork(), r.personId, 'death', today, 'pmlp')).toBe(1);
    expect((await queue()).items.map((i) => i.requestId)).not.toContain(r.id);
    expect((await stack.orm.em.fork().findOneOrFail(CareQueueRequest, { id: r.id })).state).toBe('ended');
  });
});
