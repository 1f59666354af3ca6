/**
 * providerRegistration on the time-skipping server with the real activities on a migrated SQLite database: reminders
 * 6 and 1 months before the certificate ends, then — without a renewal — the provider leaves the active register and
 * every open service granted to it gets a task for its municipality; a renewal before the end moves the end and the
 * reminders; a withdrawal ends the registration on its date.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createProviderActivities } from '../../activities/providers.js';
import { addDays, addMonthsClamped, calendarDateInZone, parseIsoDate } from '../../domain/calendar.js';
import { PROVIDER_RULES, renewalPlan } from '../../domain/providers/index.js';
import { Provider, SocialService, Task } from '../../infra/db/entities/index.js';
import { createOrm, migrateUp, type Orm } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import type { MailMessage } from '../../services/mail.js';
import {
  certificateIssued,
  providerRegistrationWorkflowId,
  registrationState,
  registrationWithdrawn,
} from '../../workflows/provider-registration/contract.js';
import { providerRegistration } from '../../workflows/provider-registration/workflow.js';
import { recordHistory } from '../helpers/histories.js';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';

const TIMEOUT = 240_000;
const QUEUE = 'provider-registration-test';
let bundle: WorkflowBundleWithSourceMap;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let orm: Orm;
let dir: string;
const mail: MailMessage[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-provider-wf-'));
  orm = await createOrm({ kind: 'sqlite', sqlitePath: path.join(dir, 'db.sqlite') });
  await migrateUp(orm);
  bundle = await bundleTestWorkflows('workflows/provider-registration/workflow.ts');
  env = await createTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: QUEUE,
    workflowBundle: bundle,
    activities: createProviderActivities({
      orm,
      mailer: {
        async send(m: MailMessage) {
          mail.push(m);
        },
      } as never,
    }),
  });
  running = worker.run();
}, TIMEOUT);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await orm?.close(true);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function today(): Promise<string> {
  return calendarDateInZone(new Date(await env.currentTimeMs()));
}
async function advanceTo(date: string): Promise<void> {
  const { year, month, day } = parseIsoDate(date);
  const target = Date.UTC(year, month - 1, day, 12);
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
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

/** A registered provider with `services` open services granted to it (in Rīga and Cēsis). */
async function provider(code: string, services: number) {
  const em = orm.em.fork();
  const now = new Date();
  const p = em.create(Provider, {
    id: newId(),
    code,
    legalName: `Sniedzējs ${code}`,
    registrationNo: code.slice(0, 20),
    state: 'registered',
    addresses: [],
    freePlaces: null,
    withdrawnOn: null,
    createdAt: now,
    updatedAt: now,
  });
  for (let i = 0; i < services; i++) {
    const id = newId();
    em.create(SocialService, {
      id,
      caseId: newId(),
      municipalityCode: i % 2 === 0 ? '0001000' : '0026000',
      serviceTypeCode: 'home-care',
      serviceTypeVersion: 1,
      workflowId: `social-service-${id}`,
      state: 'active',
      active: true,
      requestedAt: '2026-01-05',
      decisionDeadline: '2026-02-05',
      nextDeadline: null,
      nextDeadlineKind: null,
      decision: 'grant',
      providerCode: code,
      providerName: p.legalName,
      volume: 10,
      startDate: '2026-01-10',
      endDate: null,
      nextReviewDate: null,
      decisionDocumentId: null,
      notes: null,
      startedBy: 'soc.riga',
      createdAt: now,
      updatedAt: now,
    });
  }
  await em.flush();
  return p.id;
}

async function start(providerId: string, validTo: string) {
  const handle = await env.client.workflow.start(providerRegistration, {
    taskQueue: QUEUE,
    workflowId: providerRegistrationWorkflowId(providerId),
    args: [{ providerId, validTo, withdrawnOn: null, rules: [...PROVIDER_RULES] }],
  });
  return { handle, state: () => handle.query(registrationState) };
}

const tasksOf = (providerId: string, kind: string) =>
  orm.em
    .fork()
    .find(Task, { source: `provider:${providerId}`, kind }, { orderBy: { municipalityCode: 'asc' } });

describe('providerRegistration', () => {
  it(
    'reminds 6 and 1 months before; without a renewal the provider lapses and its open services get tasks',
    async () => {
      const t = await today();
      const validTo = addDays(addMonthsClamped(t, 7), -1);
      const plan = renewalPlan(validTo);
      const id = await provider('LAPSE-1', 3);
      const run = await start(id, validTo);
      await waitFor(run.state, (s) => s.outcome === 'active', 'the start');

      await advanceTo(plan.reminders[0]!.on);
      await waitFor(run.state, (s) => s.reminded.includes(6), 'the 6-month reminder');
      expect(await tasksOf(id, 'provider-renewal-due')).toHaveLength(1);
      expect(await tasksOf(id, 'provider-left-register')).toHaveLength(0);

      await advanceTo(plan.reminders[1]!.on);
      await waitFor(run.state, (s) => s.reminded.includes(1), 'the 1-month reminder');
      expect(await tasksOf(id, 'provider-renewal-due')).toHaveLength(2);

      // Still active on the last day.
      await advanceTo(validTo);
      expect((await run.state()).outcome).toBe('active');
      expect((await orm.em.fork().findOneOrFail(Provider, { id })).state).toBe('registered');

      await advanceTo(plan.lapseOn);
      const result = await run.handle.result();
      expect(result.outcome).toBe('lapsed');
      expect((await orm.em.fork().findOneOrFail(Provider, { id })).state).toBe('inactive');
      const tasks = await tasksOf(id, 'provider-left-register');
      expect(tasks.map((x) => [x.queue, x.municipalityCode])).toEqual([
        ['municipality', '0001000'],
        ['municipality', '0001000'],
        ['municipality', '0026000'],
      ]);
      expect(tasks.every((x) => x.caseId !== null)).toBe(true);
      expect(mail.filter((m) => m.subject.includes(validTo))).toHaveLength(2);
      await recordHistory(env.client, run.handle.workflowId, 'reminded-then-lapsed-with-open-services');
    },
    TIMEOUT,
  );

  it(
    'a renewal before the end moves the end and the reminders; nothing lapses on the old date',
    async () => {
      const t = await today();
      const validTo = addDays(addMonthsClamped(t, 2), -1);
      const id = await provider('RENEW-1', 1);
      const run = await start(id, validTo);
      await waitFor(run.state, (s) => s.reminded.includes(6), 'the catch-up of the 6-month reminder');
      // A late start sends only the latest missed reminder.
      expect(await tasksOf(id, 'provider-renewal-due')).toHaveLength(1);

      const renewedOn = addDays(t, 20);
      await advanceTo(renewedOn);
      const newValidTo = addDays(addMonthsClamped(renewedOn, 60), -1);
      await run.handle.signal(certificateIssued, { validTo: newValidTo });
      await waitFor(run.state, (s) => s.validTo === newValidTo, 'the renewal');
      expect((await run.state()).reminded).toEqual([]);

      await advanceTo(addDays(validTo, 2));
      const s = await run.state();
      expect(s.outcome).toBe('active');
      expect((await orm.em.fork().findOneOrFail(Provider, { id })).state).toBe('registered');
      expect(await tasksOf(id, 'provider-left-register')).toHaveLength(0);

      await run.handle.signal(registrationWithdrawn, { on: addDays(validTo, 10) });
      await advanceTo(addDays(validTo, 10));
      expect((await run.handle.result()).outcome).toBe('withdrawn');
      expect((await orm.em.fork().findOneOrFail(Provider, { id })).state).toBe('withdrawn');
      expect(await tasksOf(id, 'provider-left-register')).toHaveLength(1);
      await recordHistory(env.client, run.handle.workflowId, 'renewed-then-withdrawn');
    },
    TIMEOUT,
  );
});
