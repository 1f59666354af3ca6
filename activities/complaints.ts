/**
 * Activities of the complaintDeadline workflow (issue 21): the official's reminder (a task in the queue that handles
 * the complaint), the supervisor's alert (a municipal alert with its e-mail to the social service's mailbox; for the
 * Ministry a task in its queue), the overdue mark, and the citizen's notices (extension, answer) by e-mail when they
 * gave an address — the portal shows both from the complaint itself. Each is idempotent: a retry finds its task,
 * alert or `answerDeliveredAt`; every effect is audited as the system.
 */
import type { Orm } from '../infra/db/orm.js';
import type { Em } from '../infra/db/orm.js';
import { Complaint, type IComplaint } from '../infra/db/entities/index.js';
import type { IsoDate } from '../domain/calendar.js';
import { appendAudit } from '../services/audit-log.js';
import { deliverAlertMail, raiseAlert, type AlertKind } from '../services/alerts.js';
import type { Mailer } from '../services/mail.js';
import { createTask } from '../services/tasks.js';
import type { ComplaintDeadlineActivities } from '../workflows/complaint-deadline/contract.js';

const kindLv = (c: IComplaint) => (c.kind === 'proposal' ? 'Priekšlikums' : 'Sūdzība');

async function audit(em: Em, c: IComplaint, action: string, details: Record<string, unknown>) {
  await appendAudit(em, {
    actor: 'system:complaint-deadline',
    role: 'system',
    municipalityCode: c.municipalityCode ?? null,
    action,
    resourceType: 'complaint',
    resourceId: c.id,
    caseId: null,
    subjectPersonId: c.personId ?? null,
    outcome: 'success',
    details,
  });
}

export function createComplaintActivities(deps: { orm: Orm; mailer: Mailer }): ComplaintDeadlineActivities {
  const load = (em: Em, id: string) => em.findOneOrFail(Complaint, { id });

  async function taskFor(c: IComplaint, what: 'remind' | 'alert' | 'overdue', dueOn: IsoDate, title: string) {
    const em = deps.orm.em.fork();
    await createTask(em, {
      idempotencyKey: `complaint:${c.id}:${what}:${dueOn}`,
      queue: c.addressee === 'ministry' ? 'ministry' : 'municipality',
      municipalityCode: c.municipalityCode ?? null,
      kind: `complaint-${what}`,
      title: `${title}: ${c.subjectText}`.slice(0, 300),
      description: `${kindLv(c)} saņemta ${c.receivedOn}; atbilde jāsniedz līdz ${dueOn}.`,
      dueDate: dueOn,
      source: 'complaint-deadline',
      data: { complaintId: c.id },
      createdBy: 'system:complaint-deadline',
    });
  }

  async function supervisorAlert(c: IComplaint, kind: AlertKind, dueOn: IsoDate, summary: string) {
    const em = deps.orm.em.fork();
    if (c.municipalityCode == null) return;
    const { alert } = await raiseAlert(em, {
      kind,
      subjectType: 'complaint',
      subjectId: c.id,
      municipalityCode: c.municipalityCode,
      dueDate: dueOn,
      escalationNo: 0,
      summary,
      audience: ['supervisor'],
    });
    await deliverAlertMail(deps.orm.em.fork(), deps.mailer, alert.id);
  }

  async function mailCitizen(c: IComplaint, key: string, subject: string, text: string): Promise<boolean> {
    if (!c.email) return false;
    await deps.mailer.send({
      to: [c.email],
      subject,
      text,
      messageId: `<complaint-${c.id}-${key}@digisoc.local>`,
    });
    return true;
  }

  return {
    async remindComplaintOfficial({ complaintId, dueOn }) {
      const c = await load(deps.orm.em.fork(), complaintId);
      if (c.state !== 'open') return;
      await taskFor(c, 'remind', dueOn, 'Atgādinājums: jāatbild līdz ' + dueOn);
    },
    async alertComplaintSupervisor({ complaintId, dueOn }) {
      const c = await load(deps.orm.em.fork(), complaintId);
      if (c.state !== 'open') return;
      const summary = `${kindLv(c)} par "${c.subjectText}" vēl nav atbildēta; termiņš ${dueOn}.`;
      if (c.addressee === 'ministry') await taskFor(c, 'alert', dueOn, 'Vadītājam: termiņš tuvojas');
      else await supervisorAlert(c, 'due-soon', dueOn, summary);
    },
    async markComplaintOverdue({ complaintId, dueOn }) {
      const em = deps.orm.em.fork();
      const c = await load(em, complaintId);
      if (c.state !== 'open' || c.overdue) return;
      await em.transactional(async (tx) => {
        await tx.nativeUpdate(Complaint, { id: c.id }, { overdue: true, updatedAt: new Date() });
        await audit(tx, c, 'complaint.overdue', { dueOn });
      });
      const summary = `${kindLv(c)} par "${c.subjectText}" nav atbildēta termiņā (${dueOn}).`;
      if (c.addressee === 'ministry') await taskFor(c, 'overdue', dueOn, 'Nokavēts termiņš');
      else await supervisorAlert(c, 'overdue', dueOn, summary);
    },
    async sendComplaintExtensionNotice({ complaintId, dueOn }) {
      const em = deps.orm.em.fork();
      const c = await load(em, complaintId);
      const mailed = await mailCitizen(
        c,
        `extension-${dueOn}`,
        'Jūsu iesnieguma atbildes termiņš pagarināts / The answer deadline was extended',
        `Atbildes termiņš pagarināts līdz ${dueOn}.\nIemesls: ${c.extensionReason ?? ''}\n\n` +
          `The deadline for the answer was extended to ${dueOn}.\nReason: ${c.extensionReason ?? ''}\n`,
      );
      await audit(em, c, 'complaint.extension-notice', { dueOn, mailed });
    },
    async sendComplaintAnswer({ complaintId, late }) {
      const em = deps.orm.em.fork();
      const c = await load(em, complaintId);
      if (c.answerDeliveredAt) return;
      const mailed = await mailCitizen(
        c,
        'answer',
        `Atbilde uz Jūsu iesniegumu / Answer to your ${c.kind}`,
        `${c.answerText ?? ''}\n\nAtbilde pieejama arī e-pakalpojumos (/e-pakalpojumi).\n` +
          'The answer is also in the e-services portal.\n',
      );
      await em.transactional(async (tx) => {
        await tx.nativeUpdate(Complaint, { id: c.id }, { answerDeliveredAt: new Date() });
        await audit(tx, c, 'complaint.answer-delivered', { late, mailed });
      });
    },
  };
}
