/**
 * Social-service commands: starting a client's socialService workflow, and the document hook that wakes services
 * waiting for documents.
 */
import type { Client } from '@temporalio/client';
import type { IsoDate } from '../../domain/calendar.js';
import { addMonthsClamped } from '../../domain/calendar.js';
import { serviceRuleSetOn } from '../../domain/social-services/rule-set.js';
import type { Config } from '../../infra/config.js';
import {
  Person,
  ServiceType,
  SocialService,
  type ICase,
  type ISocialService,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import type { Actor } from '../case-file.js';
import { recordProcessStart, startCaseProcessWorkflow } from '../process-runs.js';
import { UnknownServiceTypeError, serviceTypeVersionOf } from './catalogue.js';

export const SOCIAL_SERVICE_KIND = 'social-service';
export const SERVICE_ENDED_STATES: readonly string[] = ['refused', 'closed'];
/** States in which the workflow waits for required documents (an arriving document wakes it). */
const WAITING_FOR_DOCUMENTS = ['intake', 'awaiting-documents'];

export function socialServiceWorkflowId(caseId: string, serviceId: string): string {
  return `${SOCIAL_SERVICE_KIND}-${caseId}-${serviceId}`;
}

export async function startSocialService(
  deps: { em: Em; client: Client; config: Config },
  actor: Actor & { requestId?: string },
  caseRow: ICase,
  input: { serviceType: string; requestedAt: IsoDate; notes: string | null },
): Promise<ISocialService> {
  const { em } = deps;
  const type = await em.findOne(ServiceType, { code: input.serviceType, active: true });
  if (!type) throw new UnknownServiceTypeError(input.serviceType);
  const version = await serviceTypeVersionOf(em, type.code, type.currentVersion);
  const person = await em.findOneOrFail(Person, { id: caseRow.personId });
  // The deadline and lifecycle rules in force on the request date go with the service (issue 15).
  const rules = serviceRuleSetOn(input.requestedAt);
  const id = newId();
  const workflowId = socialServiceWorkflowId(caseRow.id, id);
  const now = new Date();
  const row = await em.transactional(async (tx) => {
    const created = tx.create(SocialService, {
      id,
      caseId: caseRow.id,
      municipalityCode: caseRow.municipalityCode,
      serviceTypeCode: type.code,
      serviceTypeVersion: version.version,
      workflowId,
      state: 'intake',
      active: true,
      requestedAt: input.requestedAt,
      decisionDeadline: addMonthsClamped(input.requestedAt, version.definition.decisionDeadlineMonths),
      nextDeadline: null,
      nextDeadlineKind: null,
      decision: null,
      providerCode: null,
      providerName: null,
      volume: null,
      startDate: null,
      endDate: null,
      nextReviewDate: null,
      decisionDocumentId: null,
      notes: input.notes,
      startedBy: actor.username,
      createdAt: now,
      updatedAt: now,
    });
    await tx.flush();
    return created;
  });
  await startCaseProcessWorkflow(
    deps,
    {
      workflowType: 'socialService',
      workflowId,
      kind: SOCIAL_SERVICE_KIND,
      caseRow,
      args: [
        {
          serviceId: id,
          caseId: caseRow.id,
          clientPersonId: person.id,
          municipalityCode: caseRow.municipalityCode,
          serviceType: version.definition,
          serviceTypeVersion: version.version,
          requestedAt: input.requestedAt,
          requestedBy: actor.username,
          notes: input.notes,
          rules,
        },
      ],
    },
    () => em.nativeDelete(SocialService, { id }),
  );
  await em.transactional((tx) =>
    recordProcessStart(tx, actor, {
      workflowId,
      caseId: caseRow.id,
      kind: SOCIAL_SERVICE_KIND,
      startedAt: now,
      event: {
        type: 'social-service.started',
        summary: `Reģistrēts pakalpojuma pieprasījums: ${type.nameLv}`,
        data: { serviceId: id, workflowId, serviceType: type.code, version: version.version },
      },
      audit: {
        action: 'social-service.start',
        resourceType: 'social-service',
        resourceId: id,
        details: {
          workflowId,
          serviceType: type.code,
          version: version.version,
          requestedAt: input.requestedAt,
        },
      },
    }),
  );
  return row;
}

/**
 * A document arrived in a case file: every service of the case still waiting for documents is told to re-check.
 * Best effort — the workflow re-checks on its own when its task is completed.
 */
export async function notifyServicesOfDocument(
  deps: { em: Em; client: Client },
  caseId: string,
): Promise<number> {
  const waiting = await deps.em.find(SocialService, {
    caseId,
    active: true,
    state: { $in: WAITING_FOR_DOCUMENTS },
  });
  let signalled = 0;
  for (const s of waiting) {
    try {
      await deps.client.workflow.getHandle(s.workflowId).signal('serviceDocumentsChanged');
      signalled++;
    } catch (err) {
      if ((err as { name?: string }).name !== 'WorkflowNotFoundError') throw err;
    }
  }
  return signalled;
}
