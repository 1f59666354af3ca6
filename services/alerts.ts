/**
 * Deadline alerts shared by every process (issue 7): raised idempotently by key, delivered in-app (the alerts API
 * and screen) and by e-mail at most once per alert, listed per role scope and acknowledged by supervisors.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { DeadlineAlertKind } from '../domain/placement/alert-schedule.js';
import { isNationalRole, type Role } from '../domain/access/roles.js';
import { Alert, type IAlert } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import { appendAudit } from './audit-log.js';
import type { Mailer } from './mail.js';

/** Deadline alerts, and `integrity`: a stored document failed its SHA-256 check when read. */
export type AlertKind = DeadlineAlertKind | 'integrity';
export const ALERT_KINDS: readonly AlertKind[] = ['due-soon', 'overdue', 'escalation', 'integrity'];
export type AlertAudience = 'supervisor' | 'orphan-court' | 'bac';
export type AlertState = 'open' | 'acknowledged';

/** Who is told about each kind (BRIEF §4.3: before the due date the supervisor; once overdue also the orphan court
 * and BAC). */
export const ALERT_AUDIENCE: Readonly<Record<AlertKind, readonly AlertAudience[]>> = {
  'due-soon': ['supervisor'],
  overdue: ['supervisor', 'orphan-court', 'bac'],
  escalation: ['supervisor', 'orphan-court', 'bac'],
  integrity: ['supervisor'],
};

/** Functional mailboxes of each audience (no personal mailboxes: whoever is on duty reads them). */
export const ALERT_MAILBOXES = {
  supervisor: (municipalityCode: string) => `socialais-dienests-${municipalityCode}@digisoc.local`,
  orphanCourt: (atvk: string) => `baritiesa-${atvk}@digisoc.local`,
  bac: 'uzraudziba@bac.digisoc.local',
} as const;

/** A claimed but unfinished e-mail delivery may be retried after this long (a crashed worker's claim expires). */
export const MAIL_CLAIM_LEASE_MS = 5 * 60_000;

export interface RaiseAlertInput {
  kind: AlertKind;
  subjectType: string;
  subjectId: string;
  caseId?: string | null;
  municipalityCode: string;
  orphanCourtAtvk?: string | null;
  dueDate: string;
  escalationNo: number;
  summary: string;
  /** Defaults to `alertKey(subjectType, subjectId, dueDate, kind, escalationNo)`. */
  idempotencyKey?: string;
  audience?: readonly AlertAudience[];
}

export function alertKey(
  subjectType: string,
  subjectId: string,
  dueDate: string,
  kind: AlertKind,
  n: number,
): string {
  return `${subjectType}:${subjectId}:${dueDate}:${kind}:${n}`;
}

export function alertRecipients(
  audience: readonly AlertAudience[],
  municipalityCode: string,
  orphanCourtAtvk: string | null | undefined,
): string[] {
  const out: string[] = [];
  for (const a of audience) {
    if (a === 'supervisor') out.push(ALERT_MAILBOXES.supervisor(municipalityCode));
    if (a === 'orphan-court' && orphanCourtAtvk) out.push(ALERT_MAILBOXES.orphanCourt(orphanCourtAtvk));
    if (a === 'bac') out.push(ALERT_MAILBOXES.bac);
  }
  return [...new Set(out)];
}

/** Raises the alert once: a second call with the same key returns the existing row (created = false). */
export async function raiseAlert(
  em: Em,
  input: RaiseAlertInput,
): Promise<{ alert: IAlert; created: boolean }> {
  const idempotencyKey =
    input.idempotencyKey ??
    alertKey(input.subjectType, input.subjectId, input.dueDate, input.kind, input.escalationNo);
  const existing = await em.findOne(Alert, { idempotencyKey });
  if (existing) return { alert: existing, created: false };
  const audience = [...(input.audience ?? ALERT_AUDIENCE[input.kind])];
  try {
    const alert = await em.transactional(async (tx) => {
      const row = tx.create(Alert, {
        id: newId(),
        kind: input.kind,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        caseId: input.caseId ?? null,
        municipalityCode: input.municipalityCode,
        orphanCourtAtvk: input.orphanCourtAtvk ?? null,
        dueDate: input.dueDate,
        escalationNo: input.escalationNo,
        idempotencyKey,
        audience,
        recipients: alertRecipients(audience, input.municipalityCode, input.orphanCourtAtvk),
        summary: input.summary.slice(0, 500),
        state: 'open',
        createdAt: new Date(),
        mailClaimedAt: null,
        mailedAt: null,
        ackBy: null,
        ackAt: null,
      });
      await tx.flush();
      await appendAudit(tx, {
        actor: 'system',
        role: 'system',
        municipalityCode: input.municipalityCode,
        action: 'alert.raise',
        resourceType: 'alert',
        resourceId: row.id,
        caseId: input.caseId ?? null,
        outcome: 'success',
        details: {
          kind: input.kind,
          subjectType: input.subjectType,
          subjectId: input.subjectId,
          idempotencyKey,
        },
      });
      return row;
    });
    return { alert, created: true };
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      const raced = await em.fork().findOneOrFail(Alert, { idempotencyKey });
      return { alert: raced, created: false };
    }
    throw err;
  }
}

const KIND_LV: Readonly<Record<AlertKind, string>> = {
  'due-soon': 'Tuvojas termiņš',
  overdue: 'Termiņš nokavēts',
  escalation: 'Atkārtots brīdinājums: termiņš joprojām nokavēts',
  integrity: 'Dokumenta integritātes kļūda',
};

export type MailOutcome = 'sent' | 'already-sent' | 'in-progress' | 'no-recipients';

/**
 * Sends the alert's e-mail at most once: a conditional update claims the delivery (only when not mailed and no live
 * claim), the mail goes out, then `mailedAt` is set. A retried activity finds `mailedAt` and sends nothing.
 */
export async function deliverAlertMail(em: Em, mailer: Mailer, alertId: string): Promise<MailOutcome> {
  const alert = await em.findOneOrFail(Alert, { id: alertId });
  if (alert.mailedAt) return 'already-sent';
  if (alert.recipients.length === 0) return 'no-recipients';
  const now = new Date();
  const claimed = await em.nativeUpdate(
    Alert,
    {
      id: alertId,
      mailedAt: null,
      $or: [
        { mailClaimedAt: null },
        { mailClaimedAt: { $lt: new Date(now.getTime() - MAIL_CLAIM_LEASE_MS) } },
      ],
    },
    { mailClaimedAt: now },
  );
  if (claimed !== 1) return 'in-progress';
  await mailer.send({
    to: alert.recipients,
    subject: `[DigiSoc] ${KIND_LV[alert.kind as AlertKind] ?? alert.kind}: ${alert.dueDate} (${alert.id})`,
    text: [
      alert.summary,
      '',
      `Termiņš: ${alert.dueDate}`,
      alert.escalationNo > 0 ? `Atkārtojums Nr. ${alert.escalationNo}` : '',
      `Brīdinājums: ${alert.id}`,
    ]
      .filter((l, i, all) => l !== '' || i < all.length - 1)
      .join('\n'),
    messageId: `<alert-${alert.id}@digisoc.local>`,
    headers: { 'X-DigiSoc-Alert': alert.id },
  });
  await em.nativeUpdate(Alert, { id: alertId }, { mailedAt: new Date() });
  return 'sent';
}

export interface AlertViewer {
  role: Role;
  municipalityCode: string | null;
}

/** Supervisors (and other municipal roles) see their municipality's alerts — as social service or orphan court;
 * national roles see all. */
export function alertScope(viewer: AlertViewer): Record<string, unknown> {
  if (isNationalRole(viewer.role)) return {};
  const m = viewer.municipalityCode ?? '-';
  return { $or: [{ municipalityCode: m }, { orphanCourtAtvk: m }] };
}

export async function listAlerts(
  em: Em,
  viewer: AlertViewer,
  filter: { state?: AlertState; kind?: AlertKind; subjectType?: string; subjectId?: string } = {},
  limit = 500,
): Promise<IAlert[]> {
  const where: Record<string, unknown> = { ...alertScope(viewer) };
  if (filter.state) where.state = filter.state;
  if (filter.kind) where.kind = filter.kind;
  if (filter.subjectType) where.subjectType = filter.subjectType;
  if (filter.subjectId) where.subjectId = filter.subjectId;
  return em.find(Alert, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
}

export class AlertNotFoundError extends Error {}

/** Acknowledges an open alert in the viewer's scope (idempotent: a second ack keeps the first). */
export async function acknowledgeAlert(
  em: Em,
  viewer: AlertViewer & { username: string; requestId?: string },
  alertId: string,
): Promise<IAlert> {
  return em.transactional(async (tx) => {
    const alert = await tx.findOne(Alert, { id: alertId, ...alertScope(viewer) });
    if (!alert) throw new AlertNotFoundError('no such alert');
    if (alert.state !== 'acknowledged') {
      alert.state = 'acknowledged';
      alert.ackBy = viewer.username;
      alert.ackAt = new Date();
      await tx.flush();
      await appendAudit(tx, {
        actor: viewer.username,
        role: viewer.role,
        municipalityCode: viewer.municipalityCode,
        action: 'alert.ack',
        resourceType: 'alert',
        resourceId: alert.id,
        caseId: alert.caseId ?? null,
        outcome: 'success',
        requestId: viewer.requestId ?? null,
      });
    }
    return alert;
  });
}

export interface AlertView {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  caseId: string | null;
  municipalityCode: string;
  orphanCourtAtvk: string | null;
  dueDate: string;
  escalationNo: number;
  audience: string[];
  summary: string;
  state: string;
  createdAt: string;
  mailedAt: string | null;
  ackBy: string | null;
  ackAt: string | null;
}

export function alertView(a: IAlert): AlertView {
  return {
    id: a.id,
    kind: a.kind,
    subjectType: a.subjectType,
    subjectId: a.subjectId,
    caseId: a.caseId ?? null,
    municipalityCode: a.municipalityCode,
    orphanCourtAtvk: a.orphanCourtAtvk ?? null,
    dueDate: a.dueDate,
    escalationNo: a.escalationNo,
    audience: a.audience,
    summary: a.summary,
    state: a.state,
    createdAt: a.createdAt.toISOString(),
    mailedAt: a.mailedAt?.toISOString() ?? null,
    ackBy: a.ackBy ?? null,
    ackAt: a.ackAt?.toISOString() ?? null,
  };
}
