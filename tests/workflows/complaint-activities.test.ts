/**
 * The complaintDeadline activities against a SQLite test database with a recording mailer: the official's reminder
 * task, the supervisor's alert and its e-mail (or a ministry task), the overdue mark, and the citizen's e-mails —
 * each once, however often retried.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrm, migrateUp, type Orm } from '../../infra/db/orm.js';
import { Alert, AuditEntry, Complaint, Municipality, Task } from '../../infra/db/entities/index.js';
import { MUNICIPALITIES, RIGA } from '../../infra/db/municipalities.js';
import { createComplaintActivities } from '../../activities/complaints.js';
import { answerComplaint, extendComplaint, fileComplaint } from '../../services/complaints/commands.js';
import type { ComplaintProcess } from '../../services/complaints/process.js';
import type { Citizen } from '../../services/citizen/sessions.js';
import type { MailMessage, Mailer } from '../../services/mail.js';

let orm: Orm;
let dir: string;
const mails: MailMessage[] = [];
const mailer: Mailer = {
  async send(m) {
    mails.push(m);
  },
  close() {},
};
const process: ComplaintProcess = {
  started: async () => {},
  extended: async () => {},
  answered: async () => {},
};
const janis: Citizen = {
  personalCode: '140384-19729',
  givenName: 'Jānis',
  familyName: 'Bērziņš',
  acr: 'http://eidas.europa.eu/LoA/high',
  personId: null,
  actor: 'citizen:janis',
};
const ctx = (day: string) => ({ requestId: 'req', now: new Date(`${day}T10:00:00Z`), process });
const worker = { username: 'soc.riga', role: 'social_worker' as const, municipalityCode: RIGA };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaint-activities-'));
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

function file(stateFunded: boolean) {
  return fileComplaint(
    orm.em.fork(),
    janis,
    {
      kind: 'complaint',
      subjectType: 'service',
      subjectText: 'Aprūpe mājās',
      stateFunded,
      municipalityCode: stateFunded ? undefined : RIGA,
      text: 'Aprūpētāja neierodas.',
      email: 'janis@example.lv',
    },
    ctx('2026-03-02'),
  );
}

describe('complaint activities', () => {
  it('municipal complaint: reminder task, supervisor alert with e-mail, overdue mark — each once', async () => {
    const acts = createComplaintActivities({ orm, mailer });
    const c = await file(false);
    for (let i = 0; i < 2; i++) await acts.remindComplaintOfficial({ complaintId: c.id, dueOn: c.dueOn });
    const reminders = await orm.em
      .fork()
      .find(Task, { kind: 'complaint-remind', data: { complaintId: c.id } });
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ queue: 'municipality', municipalityCode: RIGA, dueDate: c.dueOn });

    for (let i = 0; i < 2; i++) await acts.alertComplaintSupervisor({ complaintId: c.id, dueOn: c.dueOn });
    const alerts = await orm.em.fork().find(Alert, { subjectType: 'complaint', subjectId: c.id });
    expect(alerts.map((a) => [a.kind, a.audience])).toEqual([['due-soon', ['supervisor']]]);
    expect(mails.filter((m) => m.to.includes(`socialais-dienests-${RIGA}@digisoc.local`))).toHaveLength(1);

    for (let i = 0; i < 2; i++) await acts.markComplaintOverdue({ complaintId: c.id, dueOn: c.dueOn });
    expect((await orm.em.fork().findOneOrFail(Complaint, { id: c.id })).overdue).toBe(true);
    expect(await orm.em.fork().count(AuditEntry, { action: 'complaint.overdue', resourceId: c.id })).toBe(1);
    expect(
      (await orm.em.fork().find(Alert, { subjectType: 'complaint', subjectId: c.id }))
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['due-soon', 'overdue']);
  });

  it('ministry complaint: the supervisor is told through the ministry queue', async () => {
    const acts = createComplaintActivities({ orm, mailer });
    const c = await file(true);
    await acts.alertComplaintSupervisor({ complaintId: c.id, dueOn: c.dueOn });
    expect(await orm.em.fork().find(Task, { kind: 'complaint-alert', data: { complaintId: c.id } })).toEqual([
      expect.objectContaining({ queue: 'ministry', municipalityCode: null }),
    ]);
    expect(await orm.em.fork().count(Alert, { subjectId: c.id })).toBe(0);
  });

  it('the citizen is e-mailed the extension and the answer, the answer once', async () => {
    const acts = createComplaintActivities({ orm, mailer });
    const c = await file(false);
    await extendComplaint(
      orm.em.fork(),
      worker,
      c.id,
      { newDueOn: '2026-06-01', reason: 'Gaidām VID.' },
      ctx('2026-03-03'),
    );
    await acts.sendComplaintExtensionNotice({ complaintId: c.id, dueOn: '2026-06-01' });
    const toCitizen = () => mails.filter((m) => m.to.includes('janis@example.lv'));
    expect(toCitizen()).toHaveLength(1);
    expect(toCitizen()[0]!.text).toContain('Gaidām VID.');
    await answerComplaint(orm.em.fork(), worker, c.id, { text: 'Aprūpētāja nomainīta.' }, ctx('2026-03-10'));
    for (let i = 0; i < 2; i++) await acts.sendComplaintAnswer({ complaintId: c.id, late: false });
    expect(toCitizen()).toHaveLength(2);
    expect(toCitizen()[1]!.text).toContain('Aprūpētāja nomainīta.');
    expect((await orm.em.fork().findOneOrFail(Complaint, { id: c.id })).answerDeliveredAt).not.toBeNull();
  });
});
