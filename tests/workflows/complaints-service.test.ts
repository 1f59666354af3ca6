/**
 * Complaints and proposals (issue 21, step 3) against a SQLite test database: filing routes to the municipality's
 * social service or to the Ministry as a task; the citizen adds information while it is open; the official answers
 * (late after the due date) or extends once with a reason; nobody else sees or handles it; every action is audited.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrm, migrateUp, type Orm } from '../../infra/db/orm.js';
import { AuditEntry, Municipality, Task } from '../../infra/db/entities/index.js';
import { MUNICIPALITIES, RIGA } from '../../infra/db/municipalities.js';
import {
  addInformation,
  answerComplaint,
  extendComplaint,
  fileComplaint,
} from '../../services/complaints/commands.js';
import { complaintForOfficial, myComplaint, myComplaints } from '../../services/complaints/queries.js';
import { DomainError } from '../../services/errors.js';
import type { Citizen } from '../../services/citizen/sessions.js';
import type { Actor } from '../../services/case-file.js';
import type { ComplaintProcess } from '../../services/complaints/process.js';

let orm: Orm;
let dir: string;

const OTHER = MUNICIPALITIES.find((m) => m.atvk !== RIGA)!.atvk;
const janis: Citizen = {
  personalCode: '140384-19729',
  givenName: 'Jānis',
  familyName: 'Bērziņš',
  acr: 'http://eidas.europa.eu/LoA/high',
  personId: null,
  actor: 'citizen:janis',
};
const anna: Citizen = { ...janis, personalCode: '010190-10004', givenName: 'Anna', actor: 'citizen:anna' };
const rigaWorker: Actor = { username: 'soc.riga', role: 'social_worker', municipalityCode: RIGA };
const otherWorker: Actor = { username: 'soc.other', role: 'social_worker', municipalityCode: OTHER };
const lm: Actor = { username: 'lm.specialist', role: 'lm_specialist', municipalityCode: null };
const auditor: Actor = { username: 'auditor', role: 'auditor', municipalityCode: null };

const at = (iso: string) => new Date(`${iso}T10:00:00Z`);
/** What the commands told the deadline process, in order. */
const processCalls: unknown[][] = [];
const process: ComplaintProcess = {
  async started(id, schedule) {
    processCalls.push(['started', id, schedule]);
  },
  async extended(id, schedule, reason) {
    processCalls.push(['extended', id, schedule, reason]);
  },
  async answered(id, answeredOn) {
    processCalls.push(['answered', id, answeredOn]);
  },
};
const ctx = (day: string) => ({ requestId: 'req-1', now: at(day), process });
const callsFor = (id: string) => processCalls.filter((c) => c[1] === id);

async function file(citizen: Citizen, day: string, over: Record<string, unknown> = {}) {
  return fileComplaint(
    orm.em.fork(),
    citizen,
    {
      kind: 'complaint',
      subjectType: 'social-service',
      subjectText: 'Rīgas sociālais dienests',
      stateFunded: false,
      municipalityCode: RIGA,
      text: 'Mana iesnieguma izskatīšana ilgst pārāk ilgi.',
      ...over,
    },
    ctx(day),
  );
}

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

const audits = (action: string, resourceId: string) =>
  orm.em.fork().find(AuditEntry, { action, resourceId }, { orderBy: { seq: 'asc' } });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-'));
  orm = await createOrm({ kind: 'sqlite', sqlitePath: path.join(dir, 'db.sqlite') });
  await migrateUp(orm);
  const em = orm.em.fork();
  for (const m of MUNICIPALITIES) em.create(Municipality, { ...m });
  await em.flush();
});

afterAll(async () => {
  await orm?.close(true);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('filing', () => {
  it('goes to the municipality as a task due receipt + 1 month, audited as the citizen', async () => {
    const row = await file(janis, '2026-01-31');
    expect(row).toMatchObject({
      state: 'open',
      receivedOn: '2026-01-31',
      dueOn: '2026-02-28',
      addressee: 'municipality',
    });
    const task = await orm.em.fork().findOneOrFail(Task, { id: row.taskId! });
    expect(task).toMatchObject({
      queue: 'municipality',
      municipalityCode: RIGA,
      kind: 'complaint',
      dueDate: '2026-02-28',
    });
    expect(callsFor(row.id)).toEqual([
      ['started', row.id, { dueOn: '2026-02-28', remindOn: '2026-02-23', alertOn: '2026-02-26' }],
    ]);
    const [entry] = await audits('citizen.complaint.file', row.id);
    expect(entry).toMatchObject({ actor: 'citizen:janis', role: 'citizen', municipalityCode: RIGA });
  });

  it('about a state-funded service goes to the ministry queue', async () => {
    const row = await file(janis, '2026-03-10', {
      stateFunded: true,
      municipalityCode: undefined,
      kind: 'proposal',
    });
    expect(row).toMatchObject({ addressee: 'ministry', municipalityCode: null });
    const task = await orm.em.fork().findOneOrFail(Task, { id: row.taskId! });
    expect(task).toMatchObject({ queue: 'ministry', municipalityCode: null });
    await expect(complaintForOfficial(orm.em.fork(), lm, row.id, ctx('2026-03-11'))).resolves.toMatchObject({
      id: row.id,
    });
    expect(
      (await failure(complaintForOfficial(orm.em.fork(), rigaWorker, row.id, ctx('2026-03-11')))).kind,
    ).toBe('not-found');
  });

  it('refuses bad input naming the fields, and an unknown municipality', async () => {
    const err = await failure(
      file(janis, '2026-03-10', {
        kind: 'x',
        subjectType: 'y',
        subjectText: ' ',
        text: 'a\u0000',
        municipalityCode: '',
        email: 'not-an-address',
      }),
    );
    expect(err.kind).toBe('validation');
    expect(err.issues.map((i) => i.path).sort()).toEqual([
      'email',
      'kind',
      'municipalityCode',
      'subjectText',
      'subjectType',
      'text',
    ]);
    const unknown = await failure(file(janis, '2026-03-10', { municipalityCode: '9999999' }));
    expect(unknown.issues).toEqual([{ path: 'municipalityCode', message: 'not a known ATVK code' }]);
  });
});

describe('while open', () => {
  it('the citizen adds information; another citizen cannot see or add to it', async () => {
    const row = await file(janis, '2026-04-01');
    const added = await addInformation(
      orm.em.fork(),
      janis,
      row.id,
      { text: 'Pielikumā vēstules numurs 12.' },
      ctx('2026-04-02'),
    );
    expect(added.additions).toEqual([
      { at: at('2026-04-02').toISOString(), text: 'Pielikumā vēstules numurs 12.' },
    ]);
    expect(await audits('citizen.complaint.add-information', row.id)).toHaveLength(1);
    expect(
      (await failure(addInformation(orm.em.fork(), anna, row.id, { text: 'x' }, ctx('2026-04-02')))).kind,
    ).toBe('not-found');
    expect((await failure(myComplaint(orm.em.fork(), anna, row.id))).kind).toBe('not-found');
    expect((await myComplaints(orm.em.fork(), anna)).map((c) => c.id)).not.toContain(row.id);
  });

  it('only its municipality’s social service handles it', async () => {
    const row = await file(janis, '2026-04-01');
    for (const actor of [otherWorker, lm, auditor]) {
      expect(
        (await failure(answerComplaint(orm.em.fork(), actor, row.id, { text: 'x' }, ctx('2026-04-03')))).kind,
      ).toBe('not-found');
    }
  });
});

describe('answer and extension', () => {
  it('an answer on the due date is in time, completes the task, and ends additions', async () => {
    const row = await file(janis, '2026-05-15');
    const answered = await answerComplaint(
      orm.em.fork(),
      rigaWorker,
      row.id,
      { text: 'Atbilde.' },
      ctx('2026-06-15'),
    );
    expect(answered).toMatchObject({
      state: 'answered',
      answeredOn: '2026-06-15',
      late: false,
      answerText: 'Atbilde.',
    });
    expect(callsFor(row.id).at(-1)).toEqual(['answered', row.id, '2026-06-15']);
    expect((await orm.em.fork().findOneOrFail(Task, { id: row.taskId! })).state).toBe('completed');
    expect(await audits('complaint.answer', row.id)).toEqual([
      expect.objectContaining({ actor: 'soc.riga', role: 'social_worker' }),
    ]);
    expect(
      (await failure(addInformation(orm.em.fork(), janis, row.id, { text: 'x' }, ctx('2026-06-16')))).kind,
    ).toBe('conflict');
    expect(
      (
        await failure(
          answerComplaint(orm.em.fork(), rigaWorker, row.id, { text: 'again' }, ctx('2026-06-16')),
        )
      ).kind,
    ).toBe('conflict');
  });

  it('an answer after the due date is late', async () => {
    const row = await file(janis, '2026-05-15');
    const answered = await answerComplaint(
      orm.em.fork(),
      rigaWorker,
      row.id,
      { text: 'Atbilde.' },
      ctx('2026-06-16'),
    );
    expect(answered.late).toBe(true);
  });

  it('extends once to at most 4 months with a reason; an answer before the new date is in time', async () => {
    const row = await file(janis, '2026-01-31');
    const refused = await failure(
      extendComplaint(
        orm.em.fork(),
        rigaWorker,
        row.id,
        { newDueOn: '2026-06-01', reason: '' },
        ctx('2026-02-20'),
      ),
    );
    expect(refused.issues.map((i) => i.path).sort()).toEqual(['newDueOn', 'reason']);
    const extended = await extendComplaint(
      orm.em.fork(),
      rigaWorker,
      row.id,
      { newDueOn: '2026-05-31', reason: 'Gaidām VID atbildi.' },
      ctx('2026-02-20'),
    );
    expect(extended).toMatchObject({
      dueOn: '2026-05-31',
      originalDueOn: '2026-02-28',
      extensionReason: 'Gaidām VID atbildi.',
    });
    expect(await audits('complaint.extend', row.id)).toEqual([
      expect.objectContaining({ details: { previousDueOn: '2026-02-28', dueOn: '2026-05-31' } }),
    ]);
    const again = await failure(
      extendComplaint(
        orm.em.fork(),
        rigaWorker,
        row.id,
        { newDueOn: '2026-05-30', reason: 'x' },
        ctx('2026-02-21'),
      ),
    );
    expect(again.issues.some((i) => i.message.includes('already been extended'))).toBe(true);
    const answered = await answerComplaint(
      orm.em.fork(),
      rigaWorker,
      row.id,
      { text: 'Atbilde.' },
      ctx('2026-05-20'),
    );
    expect(answered.late).toBe(false);
    expect((await myComplaint(orm.em.fork(), janis, row.id)).extensionReason).toBe('Gaidām VID atbildi.');
    expect(callsFor(row.id).slice(1)).toEqual([
      [
        'extended',
        row.id,
        { dueOn: '2026-05-31', remindOn: '2026-05-25', alertOn: '2026-05-28' },
        'Gaidām VID atbildi.',
      ],
      ['answered', row.id, '2026-05-20'],
    ]);
  });
});

describe('rate limit', () => {
  it('refuses a sixth complaint within 24 hours, and accepts one the next day', async () => {
    const citizen: Citizen = { ...janis, personalCode: '121212-12345', actor: 'citizen:busy' };
    for (let i = 0; i < 5; i++) await file(citizen, '2026-09-01');
    expect((await failure(file(citizen, '2026-09-01'))).kind).toBe('conflict');
    await expect(file(citizen, '2026-09-02')).resolves.toMatchObject({ state: 'open' });
  });
});
