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
