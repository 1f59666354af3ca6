/**
 * What the registration workflow does to the world (issue 22): a reminder to the provider to apply for
 * re-registration (a task in the provider's queue and an e-mail to its mailbox), and leaving the active register at
 * the end (the provider becomes inactive or withdrawn; every open service granted to it gets a task for the
 * municipality to find another provider). Idempotent by the certificate's end date, so a retried activity repeats
 * nothing.
 */
import { addDays } from '../../domain/calendar.js';
import { certificateOn } from '../../domain/providers/index.js';
import { Provider, ProviderCertificate, SocialService } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import type { Mailer } from '../mail.js';
import { createTask } from '../tasks.js';
import type {
  LeaveRegister,
  LeaveRegisterResult,
  RenewalReminder,
} from '../../workflows/provider-registration/contract.js';

/** The provider's functional mailbox (no personal mailboxes). */
export const providerMailbox = (code: string): string =>
  `sniedzejs-${code.toLowerCase().replace(/[^a-z0-9-]/g, '-')}@digisoc.local`;

export async function remindRenewal(
  em: Em,
  mailer: Mailer,
  n: RenewalReminder,
): Promise<{ created: boolean }> {
  const p = await em.findOneOrFail(Provider, { id: n.providerId });
  const title = `${p.legalName}: reģistrācijas apliecība derīga līdz ${n.validTo}`;
  const { task, created } = await createTask(em, {
    idempotencyKey: `provider:${p.id}:${n.validTo}:remind:${n.monthsBefore}`,
    queue: 'organisation',
    municipalityCode: null,
    kind: 'provider-renewal-due',
    title,
    description: `Iesniedziet pārreģistrācijas iesniegumu Labklājības ministrijā līdz ${n.validTo} (atgādinājums ${n.monthsBefore} mēn. iepriekš).`,
    dueDate: n.validTo,
    source: `provider:${p.id}`,
    data: { providerId: p.id, validTo: n.validTo, monthsBefore: n.monthsBefore },
  });
  if (created) {
    await mailer.send({
      to: [providerMailbox(p.code)],
      subject: `[DigiSoc] Pārreģistrācija: apliecība derīga līdz ${n.validTo}`,
      text: `${title}\n\nAtgādinājums ${n.monthsBefore} mēn. pirms termiņa. Uzdevums: ${task.id}`,
      messageId: `<task-${task.id}@digisoc.local>`,
    });
  }
  return { created };
}

export async function leaveRegister(em: Em, n: LeaveRegister): Promise<LeaveRegisterResult> {
  const p = await em.findOneOrFail(Provider, { id: n.providerId });
  const certificates = await em.find(ProviderCertificate, { providerId: p.id });
  if (n.reason === 'lapsed') {
    const cert = certificateOn({ certificates, withdrawnOn: null }, n.on);
    // A renewal decided while the signal was on its way: the provider stays.
    if (cert) return { left: false, renewedTo: cert.validTo, tasksCreated: 0 };
  }
  if (p.state === 'registered') {
    p.state = n.reason === 'withdrawn' ? 'withdrawn' : 'inactive';
    p.updatedAt = new Date();
    await em.flush();
  }
  const open = await em.find(
    SocialService,
    { providerCode: p.code, active: true },
    { orderBy: { id: 'asc' } },
  );
  let tasksCreated = 0;
  const why =
    n.reason === 'withdrawn' ? 'reģistrācija izbeigta' : 'reģistrācijas apliecības derīgums beidzies';
  for (const s of open) {
    const { created } = await createTask(em, {
      idempotencyKey: `provider-left:${p.id}:${n.on}:${s.id}`,
      queue: 'municipality',
      municipalityCode: s.municipalityCode,
      caseId: s.caseId,
      kind: 'provider-left-register',
      title: `Jāatrod cits pakalpojuma sniedzējs: ${p.legalName}`,
      description: `Sniedzējs ${p.legalName} (${p.code}) no ${n.on} nav aktīvajā reģistrā (${why}). Pakalpojumam ${s.serviceTypeCode} jāatrod cits sniedzējs.`,
      dueDate: addDays(n.on, 14),
      source: `provider:${p.id}`,
      data: { providerId: p.id, serviceId: s.id, reason: n.reason, on: n.on },
    });
    if (created) tasksCreated += 1;
  }
  return { left: true, renewedTo: null, tasksCreated };
}
