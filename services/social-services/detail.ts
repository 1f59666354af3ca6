/**
 * A social service as the API shows it: the row's summary, the workflow's live view (a provider's user sees only what
 * delivery needs) and the delivery records; and the scoped lookup every service route starts with.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { ICase, ISocialService } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import type { SocialServiceView } from '../../workflows/social-services/contract.js';
import { appendAudit } from '../audit-log.js';
import type { Actor } from '../case-file.js';
import { DomainError } from '../errors.js';
import { deliveriesOf, findVisibleService } from './queries.js';
import { serviceView, type ServiceActor } from './updates.js';

export type { ICase, ISocialService };

export function serviceSummary(row: ISocialService) {
  return {
    id: row.id,
    caseId: row.caseId,
    workflowId: row.workflowId,
    serviceType: row.serviceTypeCode,
    serviceTypeVersion: row.serviceTypeVersion,
    state: row.state,
    requestedAt: row.requestedAt,
    decisionDeadline: row.decisionDeadline,
    nextDeadline: row.nextDeadline ?? null,
    nextDeadlineKind: row.nextDeadlineKind ?? null,
    decision: row.decision ?? null,
    provider: row.providerName ? { code: row.providerCode ?? null, name: row.providerName } : null,
    volume: row.volume === null || row.volume === undefined ? null : Number(row.volume),
    startDate: row.startDate ?? null,
    endDate: row.endDate ?? null,
    nextReviewDate: row.nextReviewDate ?? null,
    decisionDocumentId: row.decisionDocumentId ?? null,
  };
}

/** What a provider's user sees: the service and its deliveries, not the assessment or the registry data. */
function forProvider(view: SocialServiceView) {
  return {
    state: view.state,
    step: view.step,
    deadlines: view.deadlines,
    missingDeliveryMonths: view.missingDeliveryMonths,
    deliveries: view.record.deliveries,
    volume: view.record.volume,
    endDate: view.record.endDate,
  };
}

export async function serviceDetail(deps: { em: Em; client: Client }, role: string, row: ISocialService) {
  const view = await serviceView(deps.client, row);
  const deliveries = (await deliveriesOf(deps.em, row.id)).map((d) => ({
    month: d.month,
    units: Number(d.units),
    note: d.note ?? null,
    revision: d.revision,
    recordedBy: d.recordedBy,
    recordedAt: d.recordedAt.toISOString(),
  }));
  if (role === 'service_provider') {
    return { ...serviceSummary(row), ...(view ? forProvider(view) : {}), deliveries };
  }
  return {
    ...serviceSummary(row),
    ...(view
      ? {
          state: view.state,
          step: view.step,
          deadlines: view.deadlines,
          missingDeliveryMonths: view.missingDeliveryMonths,
          serviceTypeNames: view.serviceType.names,
          unit: view.serviceType.unit,
          assessmentForm: view.assessmentForm,
          record: view.record,
        }
      : { step: null, deadlines: null, record: null }),
    deliveries,
  };
}

/**
 * The service of the case, if the actor may see it; otherwise the attempt is audited (`not-found`) and a 404
 * DomainError thrown. `action` names the attempted read or command.
 */
export async function visibleServiceOr404(
  em: Em,
  actor: ServiceActor & Pick<Actor, 'role'> & { providerCode?: string | null },
  caseId: string,
  serviceId: string,
  action: string,
): Promise<ISocialService> {
  const row = z.uuid().safeParse(serviceId).success
    ? await findVisibleService(em, actor, serviceId, caseId)
    : null;
  if (row) return row;
  await appendAudit(em.fork(), {
    actor: actor.username,
    role: actor.role,
    municipalityCode: actor.municipalityCode,
    requestId: actor.requestId ?? null,
    action,
    resourceType: 'social-service',
    resourceId: serviceId.slice(0, 100),
    caseId,
    subjectPersonId: null,
    outcome: 'not-found',
    purpose: null,
    details: null,
  });
  throw new DomainError('not-found', 'no such service');
}
