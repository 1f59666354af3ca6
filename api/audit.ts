/** Writes audit entries on behalf of the signed-in user of a request. */
import type { Context } from 'hono';
import { appendAudit, type AuditOutcome } from '../services/audit-log.js';
import type { Em } from '../services/runtime.js';
import type { AppEnv } from './context.js';

export interface AuditEvent {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  caseId?: string | null;
  subjectPersonId?: string | null;
  outcome?: AuditOutcome;
  purpose?: string | null;
  details?: Record<string, unknown> | null;
}

export function auditActor(c: Context<AppEnv>) {
  const user = c.get('user');
  return {
    actor: user.username,
    role: user.role,
    municipalityCode: user.municipalityCode,
    requestId: c.get('requestId'),
  };
}

/** The signed-in user of a request as the services take it (who acts, for their audit entries). */
export function requestActor(c: Context<AppEnv>) {
  const user = c.get('user');
  return {
    username: user.username,
    role: user.role,
    municipalityCode: user.municipalityCode,
    requestId: c.get('requestId'),
  };
}

/** Appends an entry; pass `tx` to make it part of the change's own transaction. */
export async function audit(c: Context<AppEnv>, event: AuditEvent, tx?: Em): Promise<void> {
  await appendAudit(tx ?? c.get('em').fork(), {
    ...auditActor(c),
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId ?? null,
    caseId: event.caseId ?? null,
    subjectPersonId: event.subjectPersonId ?? null,
    outcome: event.outcome ?? 'success',
    purpose: event.purpose ?? null,
    details: event.details ?? null,
  });
}
