/**
 * Who sees which municipality's statistical reports (issue 20): the municipality's own users with `report:read`
 * (its supervisor), and the Ministry's national analyst for every municipality. Anything else is "not found".
 */
import { canAccessMunicipality, type Role } from '../../domain/access/roles.js';
import { Municipality, type IMunicipality } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { appendAudit } from '../audit-log.js';
import { notFound } from '../errors.js';

export interface ReportActor {
  username: string;
  role: Role;
  municipalityCode: string | null;
  requestId?: string;
}

export async function visibleMunicipalityOr404(
  em: Em,
  actor: ReportActor,
  atvk: string,
): Promise<IMunicipality> {
  const m = await em.findOne(Municipality, { atvk });
  if (!m || !canAccessMunicipality(actor, atvk)) throw notFound('municipality');
  return m;
}

export async function auditReport(
  em: Em,
  actor: ReportActor,
  action: string,
  municipalityCode: string,
  resourceId: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  await appendAudit(em, {
    actor: actor.username,
    role: actor.role,
    municipalityCode,
    action,
    resourceType: 'report',
    resourceId,
    caseId: null,
    outcome: 'success',
    requestId: actor.requestId ?? null,
    details,
  });
}

/** The municipalities whose reports the actor may read (their own, or all for a national role). */
export async function reportMunicipalities(
  em: Em,
  actor: ReportActor,
): Promise<{ atvk: string; name: string }[]> {
  const all = await em.find(Municipality, {}, { orderBy: { name: 'asc' } });
  return all.filter((m) => canAccessMunicipality(actor, m.atvk)).map((m) => ({ atvk: m.atvk, name: m.name }));
}
