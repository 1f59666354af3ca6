/**
 * Who does what in the care queue (issue 22): a municipality's social worker submits requests for its clients and
 * records their answers to offers; LM decides requests, offers places and records answers for anyone. A request of
 * another municipality is "not found" to a worker. Every change is audited with the case and the person.
 */
import type { Role } from '../../domain/access/roles.js';
import type { ICareQueueRequest } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { appendAudit } from '../audit-log.js';

export interface CareQueueActor {
  username: string;
  role: Role;
  municipalityCode: string | null;
  requestId?: string;
}

export const isLm = (actor: Pick<CareQueueActor, 'role'>): boolean => actor.role === 'lm_specialist';

export function seesRequest(actor: CareQueueActor, r: Pick<ICareQueueRequest, 'municipalityCode'>): boolean {
  return isLm(actor) || (actor.municipalityCode !== null && actor.municipalityCode === r.municipalityCode);
}

export async function auditQueue(
  em: Em,
  actor: CareQueueActor,
  action: string,
  r: Pick<ICareQueueRequest, 'id' | 'caseId' | 'personId'>,
  details: Record<string, unknown> | null = null,
): Promise<void> {
  await appendAudit(em, {
    actor: actor.username,
    role: actor.role,
    municipalityCode: actor.municipalityCode,
    action,
    resourceType: 'care-queue-request',
    resourceId: r.id,
    caseId: r.caseId,
    subjectPersonId: r.personId,
    outcome: 'success',
    requestId: actor.requestId ?? null,
    details,
  });
}
