/**
 * The social-service commands after the start (issue 6), one implementation for the API and the screens: needs
 * assessment, decision, deadline extension, delivery, review and termination, each an update of the client's
 * socialService workflow (which validates against the service type and its state) with its audit entry. A rejected
 * update is audited as denied and becomes a ServiceUpdateRejected: `validation` with the fields' issues (422) or
 * `conflict` when the service does not accept it now (409).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  coerceAssessmentAnswers,
  type AssessmentAnswers,
} from '../../domain/social-services/assessment-form.js';
import { SocialService, type ISocialService } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import {
  SERVICE_STEPS,
  decideService,
  extendServiceDeadline,
  recordServiceDelivery,
  recordServiceReview,
  serviceUpdateRejectionOf,
  socialServiceState,
  submitServiceAssessment,
  terminateService,
  type DeliveryInput,
  type ExtensionInput,
  type ReviewInput,
  type ServiceDecisionInput,
  type SocialServiceView,
  type TerminationInput,
} from '../../workflows/social-services/contract.js';
import { appendAudit } from '../audit-log.js';
import { rigaToday } from '../../infra/clock.js';
import { checkedProviderForGrant } from '../providers/grant.js';
import { runWorkflowUpdate, UpdateRefused } from '../workflow-update.js';

export { SERVICE_STEPS };
export type { SocialServiceView };

type Without<T> = Omit<T, 'by'>;

/** What each command carries (the workflow's update input without `by`, the actor). */
export type ServiceUpdate =
  | { kind: 'assessment'; answers: AssessmentAnswers }
  /** Answers as a form submitted them (strings): coerced with the form of the running service first. */
  | { kind: 'assessment-form'; answers: Record<string, unknown> }
  /** A grant names its provider by register id (issue 22); the workflow stores its register code and name. */
  | ({ kind: 'decision'; providerId?: string | null } & Omit<
      Without<ServiceDecisionInput>,
      'providerCode' | 'providerName'
    >)
  | ({ kind: 'extension' } & Without<ExtensionInput>)
  | ({ kind: 'delivery' } & Without<DeliveryInput>)
  | ({ kind: 'review' } & Without<ReviewInput>)
  | ({ kind: 'termination' } & Without<TerminationInput>);

/** The audit action of each command. */
export const SERVICE_UPDATE_ACTIONS = {
  assessment: 'social-service.assess',
  'assessment-form': 'social-service.assess',
  decision: 'social-service.decide',
  extension: 'social-service.extend',
  delivery: 'social-service.delivery',
  review: 'social-service.review',
  termination: 'social-service.terminate',
} as const satisfies Record<ServiceUpdate['kind'], string>;

export interface ServiceActor {
  username: string;
  role: string;
  municipalityCode: string | null;
  requestId?: string | null;
}

/** A refused service command (see runWorkflowUpdate). */
export { UpdateRefused as ServiceUpdateRejected } from '../workflow-update.js';

/** The workflow's own view when it answers (running or closed), else null. */
export async function serviceView(client: Client, row: ISocialService): Promise<SocialServiceView | null> {
  try {
    return await client.connection.withDeadline(Date.now() + 3000, () =>
      client.workflow.getHandle(row.workflowId).query(socialServiceState),
    );
  } catch {
    return null;
  }
}

/** What the audit entry records of each command (no free text: reasons and notes stay in the workflow). */
function auditDetails(update: ServiceUpdate): Record<string, unknown> {
  switch (update.kind) {
    case 'assessment':
    case 'assessment-form':
      return { fields: Object.keys(update.answers) };
    case 'decision':
      return {
        decision: update.decision,
        volume: update.volume ?? null,
        startDate: update.startDate ?? null,
      };
    case 'extension':
      return { newDeadline: update.newDeadline };
    case 'delivery':
      return { month: update.month, units: update.units };
    case 'review':
      return { outcome: update.outcome };
    case 'termination':
      return { endDate: update.endDate };
  }
}

type Provider = { providerCode: string; providerName: string } | null;

async function send(
  client: Client,
  row: ISocialService,
  update: ServiceUpdate,
  by: string,
  provider: Provider,
): Promise<void> {
  const handle = client.workflow.getHandle(row.workflowId);
  switch (update.kind) {
    case 'assessment':
      await handle.executeUpdate(submitServiceAssessment, { args: [{ answers: update.answers, by }] });
      return;
    case 'assessment-form': {
      const view = await serviceView(client, row);
      if (!view) throw new WorkflowNotFoundError('the service does not answer', row.workflowId, undefined);
      const answers = coerceAssessmentAnswers(view.assessmentForm, update.answers);
      await handle.executeUpdate(submitServiceAssessment, { args: [{ answers, by }] });
      return;
    }
    case 'decision': {
      const { kind: _kind, providerId: _providerId, ...input } = update;
      await handle.executeUpdate(decideService, {
        args: [
          {
            ...input,
            providerCode: provider?.providerCode ?? null,
            providerName: provider?.providerName ?? null,
            by,
          },
        ],
      });
      return;
    }
    case 'extension': {
      const { kind: _kind, ...input } = update;
      await handle.executeUpdate(extendServiceDeadline, { args: [{ ...input, by }] });
      return;
    }
    case 'delivery': {
      const { kind: _kind, ...input } = update;
      await handle.executeUpdate(recordServiceDelivery, {
        args: [{ ...input, note: input.note ?? null, by }],
      });
      return;
    }
    case 'review': {
      const { kind: _kind, ...input } = update;
      await handle.executeUpdate(recordServiceReview, { args: [{ ...input, by }] });
      return;
    }
    case 'termination': {
      const { kind: _kind, ...input } = update;
      await handle.executeUpdate(terminateService, { args: [{ ...input, by }] });
      return;
    }
  }
}

/**
 * Runs one command on a service the actor may see (looked up by the caller): the workflow update, then the audit
 * entry (`denied` when the workflow refuses). Returns the service row as it is now.
 */
export async function updateService(
  deps: { em: Em; client: Client },
  actor: ServiceActor,
  row: ISocialService,
  update: ServiceUpdate,
  via: 'api' | 'screens' = 'api',
): Promise<ISocialService> {
  const audit = (outcome: 'success' | 'denied') =>
    appendAudit(deps.em.fork(), {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      requestId: actor.requestId ?? null,
      action: SERVICE_UPDATE_ACTIONS[update.kind],
      resourceType: 'social-service',
      resourceId: row.id,
      caseId: row.caseId,
      subjectPersonId: null,
      outcome,
      purpose: null,
      details: { ...auditDetails(update), ...(via === 'screens' ? { via } : {}) },
    });
  // A grant's provider comes from the register; one that may not be chosen is refused on `providerId`.
  const provider =
    update.kind === 'decision' && update.decision === 'grant'
      ? await checkedProviderForGrant(deps.em, update.providerId, row, rigaToday())
      : null;
  try {
    await runWorkflowUpdate({
      send: () => send(deps.client, row, update, actor.username, provider),
      rejectionOf: serviceUpdateRejectionOf,
      denied: () => audit('denied'),
      fallback: 'the service does not accept this now',
    });
  } catch (err) {
    // The workflow names the provider it stores (providerName); the command names it by providerId.
    if (err instanceof UpdateRefused && err.issues.some((i) => i.path === 'providerName')) {
      throw new UpdateRefused(
        'validation',
        err.message,
        err.issues.map((i) => (i.path === 'providerName' ? { ...i, path: 'providerId' } : i)),
        err.stateMessage,
      );
    }
    throw err;
  }
  await audit('success');
  return (await deps.em.fork().findOne(SocialService, { id: row.id })) ?? row;
}
