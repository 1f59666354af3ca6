/**
 * careQueuePlace on the time-skipping server with the real activities on a migrated SQLite database: a free place is
 * offered to the first of the region's queue; a refusal without a reason moves that request to the end of its group
 * and the place goes to the next; silence past the 14-day deadline counts as a refusal; the third accepts and the
 * municipality gets the task of the state-funded service decided by LM.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createCareQueueActivities } from '../../activities/care-queue.js';
import { addDays, calendarDateInZone, parseIsoDate } from '../../domain/calendar.js';
import {
  CareQueueOffer,
  CareQueueRequest,
  Provider,
  ProviderCertificate,
  Task,
} from '../../infra/db/entities/index.js';
import { createOrm, migrateUp, type Orm } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { decideRequest } from '../../services/care-queue/commands.js';
import { answerOffer, offerPlace, type OfferDeps } from '../../services/care-queue/offers.js';
import type { PlaceProcess } from '../../services/care-queue/process.js';
import { queueItems } from '../../services/care-queue/queries.js';
import type { CareQueueActor } from '../../services/care-queue/scope.js';
import {
  careOfferAnswered,
  careQueuePlaceWorkflowId,
  placeState,
} from '../../workflows/care-queue-place/contract.js';
import { careQueuePlace } from '../../workflows/care-queue-place/workflow.js';
import { recordHistory } from '../helpers/histories.js';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';

const TIMEOUT = 240_000;
const QUEUE = 'care-queue-place-test';
const TYPE = 'long-term-institutional-care';
const LM: CareQueueActor = { username: 'lm.specialists', role: 'lm_specialist', municipalityCode: null };
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let orm: Orm;
let dir: string;
/** Today by the test server's clock (the activities run outside the workflow sandbox). */
let today = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-care-queue-wf-'));
  orm = await createOrm({ kind: 'sqlite', sqlitePath: path.join(dir, 'db.sqlite') });
  await migrateUp(orm);
  env = await createTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: QUEUE,
    workflowBundle: await bundleTestWorkflows('workflows/care-queue-place/workflow.ts'),
    activities: createCareQueueActivities({
      orm,
      today: async () => calendarDateInZone(new Date(await env.currentTimeMs())),
    }),
  });
  running = worker.run();
  today = calendarDateInZone(new Date(await env.currentTimeMs()));
}, TIMEOUT);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await orm?.close(true);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function advanceTo(date: string): Promise<void> {
  const { year, month, day } = parseIsoDate(date);
  const target = Date.UTC(year, month - 1, day, 12);
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
  today = date;
}
async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

const process: PlaceProcess = {
  async placeOffered(placeId, offer) {
    await env.client.workflow.start(careQueuePlace, {
      taskQueue: QUEUE,
      workflowId: careQueuePlaceWorkflowId(placeId),
      args: [{ placeId, offer }],
    });
  },
  async offerAnswered(placeId, offerId, accepted) {
    await env.client.workflow
      .getHandle(careQueuePlaceWorkflowId(placeId))
      .signal(careOfferAnswered, { offerId, accepted });
  },
};
const deps = (): OfferDeps => ({ em: orm.em.fork(), today, process });

/** A request of the Rīga queue, queued by LM with a counting date. */
async function queued(countingDate: string): Promise<string> {
  const em = orm.em.fork();
  const personId = newId();
  const r = em.create(CareQueueRequest, {
    id: newId(),
    caseId: newId(),
    personId,
    municipalityCode: '0001000',
    serviceType: TYPE,
    region: 'riga',
    state: 'submitted',
    activeKey: `${personId}:${TYPE}`,
    priorityGroup: null,
    priorityReason: null,
    countingDate: null,
    decisionReason: null,
    endReason: null,
    submittedBy: 'soc.riga',
    submittedAt: new Date(),
    decidedBy: null,
    decidedAt: null,
  });
  await em.flush();
  await decideRequest(deps(), LM, r.id, { decision: 'queue', priorityGroup: 3, countingDate });
  return r.id;
}

async function registeredProvider(): Promise<string> {
  const em = orm.em.fork();
  const now = new Date();
  const p = em.create(Provider, {
    id: newId(),
    code: 'VSAC-TEST',
    legalName: 'VSAC "Rīga" filiāle',
    registrationNo: '90000000077',
    state: 'registered',
    addresses: [
      {
        address: 'Kalnciema iela 1, Rīga',
        municipalityAtvk: '0001000',
        services: [{ serviceType: TYPE, capacity: 10 }],
      },
    ],
    freePlaces: { [TYPE]: 1 },
    withdrawnOn: null,
    createdAt: now,
    updatedAt: now,
  });
  em.create(ProviderCertificate, {
    id: newId(),
    providerId: p.id,
    applicationId: newId(),
    certificateNo: 'SPR-TEST-1',
    validFrom: addDays(today, -100),
    validTo: addDays(today, 1000),
    decidedBy: 'seed',
    createdAt: now,
  });
  await em.flush();
  return p.id;
}

describe('careQueuePlace', () => {
  it(
    'offered, refused without a reason, offered to the next, silence, offered to the third, accepted',
    async () => {
      const r1 = await queued(addDays(today, -300));
      const r2 = await queued(addDays(today, -200));
      const r3 = await queued(addDays(today, -100));
      const providerId = await registeredProvider();
      const ids = async (date = today) =>
        (await queueItems(orm.em.fork(), TYPE, 'riga', date)).map((i) => i.requestId);
      expect(await ids()).toEqual([r1, r2, r3]);

      const first = await offerPlace(deps(), LM, { serviceType: TYPE, region: 'riga', providerId });
      expect(first).toMatchObject({ requestId: r1, dueBy: addDays(today, 14) });
      expect((await orm.em.fork().findOneOrFail(Provider, { id: providerId })).freePlaces).toEqual({
        [TYPE]: 0,
      });
      const handle = env.client.workflow.getHandle(
        careQueuePlaceWorkflowId(
          (await orm.em.fork().findOneOrFail(CareQueueOffer, { id: first.id })).placeId,
        ),
      );
      await waitFor(
        () => handle.query(placeState),
        (s) => s.offer?.offerId === first.id,
        'the first offer',
      );

      // r1 refuses without an accepted reason: it moves behind everyone of its group; the place goes to r2.
      await advanceTo(addDays(today, 3));
      const refusedOn = today;
      await answerOffer(deps(), LM, first.id, {
        accept: false,
        reason: 'Grib palikt mājās',
        reasonAccepted: false,
      });
      const second = await waitFor(
        () => handle.query(placeState),
        (s) => s.offer?.requestId === r2,
        'the offer to r2',
      );
      expect(await ids()).toEqual([r2, r3, r1]);
      expect(
        (await queueItems(orm.em.fork(), TYPE, 'riga', today)).find((i) => i.requestId === r1)?.countingDate,
      ).toBe(refusedOn);

      // r2 stays silent past the deadline: a refusal without a reason; the place goes to r3 (not back to r1).
      const secondDue = second.offer?.dueBy as string;
      await advanceTo(addDays(secondDue, 1));
      const third = await waitFor(
        () => handle.query(placeState),
        (s) => s.offer?.requestId === r3,
        'the offer to r3',
      );
      const expired = await orm.em
        .fork()
        .findOneOrFail(CareQueueOffer, { id: second.offer?.offerId as string });
      expect(expired.state).toBe('expired');
      expect(await ids()).toEqual([r3, r1, r2]);

      await advanceTo(addDays(today, 2));
      await answerOffer(
        deps(),
        { username: 'soc.riga', role: 'social_worker', municipalityCode: '0001000' },
        third.offer?.offerId as string,
        { accept: true },
      );
      const done = await handle.result();
      expect(done).toMatchObject({ outcome: 'accepted', offered: [r1, r2, r3] });
      expect(await ids()).toEqual([r1, r2]);
      expect((await orm.em.fork().findOneOrFail(CareQueueRequest, { id: r3 })).state).toBe('accepted');
      const tasks = await orm.em.fork().find(Task, { kind: 'care-queue-place-granted' });
      expect(tasks.map((t) => [t.municipalityCode, t.source])).toEqual([['0001000', `care-queue:${r3}`]]);
      // The queue as it stood before the refusal is reproduced from the events.
      expect(await ids(addDays(refusedOn, -1))).toEqual([r1, r2, r3]);
      await recordHistory(env.client, handle.workflowId, 'refused-silent-accepted');
    },
    TIMEOUT,
  );

  it(
    'a refusal with a reason LM accepts keeps the position; nobody left: the place goes back to the provider',
    async () => {
      const r = await queued(addDays(today, -50));
      const providerId = (await orm.em.fork().findOneOrFail(Provider, { code: 'VSAC-TEST' })).id;
      const em = orm.em.fork();
      const p = await em.findOneOrFail(Provider, { id: providerId });
      p.freePlaces = { [TYPE]: 1 };
      await em.flush();
      const before = (await queueItems(orm.em.fork(), TYPE, 'riga', today)).map((i) => i.requestId);
      const offer = await offerPlace(deps(), LM, { serviceType: TYPE, region: 'riga', providerId });
      // The first of the queue who has not refused this place: the earlier requests are all waiting again.
      expect(offer.requestId).toBe(before[0]);
      const placeId = (await orm.em.fork().findOneOrFail(CareQueueOffer, { id: offer.id })).placeId;
      const handle = env.client.workflow.getHandle(careQueuePlaceWorkflowId(placeId));
      await answerOffer(deps(), LM, offer.id, {
        accept: false,
        reason: 'Slimnīcā līdz mēneša beigām',
        reasonAccepted: true,
      });
      expect((await queueItems(orm.em.fork(), TYPE, 'riga', today)).map((i) => i.requestId)).toEqual(before);
      // Every other request refuses with an accepted reason too: the place returns to the provider.
      for (let i = 1; i < before.length; i++) {
        const s = await waitFor(
          () => handle.query(placeState),
          (x) => x.offered.length === i + 1,
          `offer ${i + 1}`,
        );
        await answerOffer(deps(), LM, s.offer?.offerId as string, {
          accept: false,
          reason: 'Pamatots',
          reasonAccepted: true,
        });
      }
      expect((await handle.result()).outcome).toBe('nobody-waiting');
      expect((await queueItems(orm.em.fork(), TYPE, 'riga', today)).map((i) => i.requestId)).toEqual(before);
      expect(before).toContain(r);
      expect((await orm.em.fork().findOneOrFail(Provider, { id: providerId })).freePlaces).toEqual({
        [TYPE]: 1,
      });
      await recordHistory(env.client, handle.workflowId, 'refused-with-reasons-nobody-left');
    },
    TIMEOUT,
  );
});
