/**
 * What the qualification workflow tells people (issue 19): a reminder to the organisation's HR (a task in the
 * organisation's queue and an e-mail to its functional mailbox) before a due date, and on the day after it an overdue
 * alert to the organisation and BAC. Each is idempotent by the deadline, so a retried activity repeats nothing.
 * No personal code is written anywhere: names only, inside the register's own tasks.
 */
import { SpecialistOrganisation, Specialist } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { deliverAlertMail, raiseAlert } from '../alerts.js';
import type { Mailer } from '../mail.js';
import { createTask } from '../tasks.js';

export interface DeadlineNotice {
  specialistId: string;
  organisationId: string;
  kind: 'initial' | 'refresher';
  dueBy: string;
}

/** The functional mailbox of an organisation's HR (no personal mailboxes: whoever is on duty reads it). */
export const organisationMailbox = (registrationNo: string): string =>
  `personals-${registrationNo.toLowerCase().replace(/[^a-z0-9-]/g, '-')}@digisoc.local`;

const KIND_LV = { initial: 'sākotnējās apmācības', refresher: 'atkārtotās apmācības' } as const;

async function load(em: Em, n: DeadlineNotice) {
  const [s, o] = await Promise.all([
    em.findOneOrFail(Specialist, { id: n.specialistId }),
    em.findOneOrFail(SpecialistOrganisation, { id: n.organisationId }),
  ]);
  return { s, o };
}

/** A reminder `daysBefore` the due date; the e-mail goes out only with the task's first creation. */
export async function remindOrganisation(
  em: Em,
  mailer: Mailer,
  n: DeadlineNotice & { daysBefore: number },
): Promise<{ created: boolean }> {
  const { s, o } = await load(em, n);
  const title = `${s.firstName} ${s.lastName}: ${KIND_LV[n.kind]} termiņš ${n.dueBy}`;
  const { task, created } = await createTask(em, {
    idempotencyKey: `specialist:${n.specialistId}:${n.kind}:${n.dueBy}:remind:${n.daysBefore}`,
    queue: 'organisation',
    municipalityCode: o.municipalityAtvk ?? null,
    kind: 'specialist-training-due',
    title,
    description: `Speciālistam jāapgūst ${KIND_LV[n.kind]} programma līdz ${n.dueBy} (atgādinājums ${n.daysBefore} dienas iepriekš).`,
    dueDate: n.dueBy,
    source: `specialist-organisation:${o.id}`,
    data: { specialistId: n.specialistId, organisationId: o.id, kind: n.kind, daysBefore: n.daysBefore },
  });
  if (created) {
    await mailer.send({
      to: [organisationMailbox(o.registrationNo)],
      subject: `[DigiSoc] Tuvojas ${KIND_LV[n.kind]} termiņš: ${n.dueBy}`,
      text: `${title}\n\nAtgādinājums ${n.daysBefore} dienas pirms termiņa. Uzdevums: ${task.id}`,
      messageId: `<task-${task.id}@digisoc.local>`,
    });
  }
  return { created };
}

/** The overdue alert: a task for the organisation and an alert to BAC (e-mailed at most once). */
export async function alertOverdue(em: Em, mailer: Mailer, n: DeadlineNotice): Promise<{ alertId: string }> {
  const { s, o } = await load(em, n);
  const summary = `Nokavēts ${KIND_LV[n.kind]} termiņš ${n.dueBy}: speciālists ${s.id} (${o.name})`;
  const { task, created } = await createTask(em, {
    idempotencyKey: `specialist:${n.specialistId}:${n.kind}:${n.dueBy}:overdue`,
    queue: 'organisation',
    municipalityCode: o.municipalityAtvk ?? null,
    kind: 'specialist-training-overdue',
    title: `${s.firstName} ${s.lastName}: nokavēts ${KIND_LV[n.kind]} termiņš ${n.dueBy}`,
    description: summary,
    dueDate: n.dueBy,
    source: `specialist-organisation:${o.id}`,
    data: { specialistId: n.specialistId, organisationId: o.id, kind: n.kind },
  });
  if (created) {
    await mailer.send({
      to: [organisationMailbox(o.registrationNo)],
      subject: `[DigiSoc] Nokavēts ${KIND_LV[n.kind]} termiņš: ${n.dueBy}`,
      text: `${summary}\n\nUzdevums: ${task.id}`,
      messageId: `<task-${task.id}@digisoc.local>`,
    });
  }
  const { alert } = await raiseAlert(em, {
    kind: 'overdue',
    subjectType: 'specialist',
    subjectId: n.specialistId,
    municipalityCode: o.municipalityAtvk ?? '',
    dueDate: n.dueBy,
    escalationNo: 0,
    summary,
    audience: ['bac'],
    idempotencyKey: `specialist:${n.specialistId}:${n.kind}:${n.dueBy}:overdue`,
  });
  await deliverAlertMail(em, mailer, alert.id);
  return { alertId: alert.id };
}
