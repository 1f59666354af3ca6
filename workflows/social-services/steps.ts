/**
 * The steps of a social service up to the decision: intake (required documents), the registry checks of the type,
 * the needs assessment, the decision (with the deadline watch beside them), and the end of a request that is refused
 * or withdrawn. The main flow (./workflow.ts) calls them in order.
 */
import { condition, executeChild } from '@temporalio/workflow';
import { addDays, isBefore, msUntilRigaDate } from '../../domain/calendar.js';
import { deadlineAlertDate } from '../../domain/social-services/settlement.js';
import { text } from '../../domain/text-ref.js';
import { registryCheck } from '../registry-check/workflow.js';
import type { ServiceDecision } from './contract.js';
import { acts, type ServiceEffects } from './effects.js';
import type { ServiceState } from './state.js';

export class RequestSteps {
  constructor(
    private readonly s: ServiceState,
    private readonly fx: ServiceEffects,
    private readonly workflowId: string,
  ) {}

  private get purpose(): string {
    return `Sociālais pakalpojums: ${this.s.type.names.lv}`;
  }

  /** The request is registered. */
  async request(): Promise<void> {
    const { s, fx } = this;
    await fx.mirror(
      s.event(
        'service.requested',
        text('service.event.requested', { service: s.type.names.lv }),
        s.input.requestedBy,
      ),
      {
        serviceType: s.type.code,
        version: s.input.serviceTypeVersion,
      },
    );
  }

  /** Beside the steps until the decision letter exists: the supervisor is alerted before and after the deadline. */
  async watchDecisionDeadline(): Promise<void> {
    const { s, fx } = this;
    while (!s.decided() && !s.r.termination) {
      const deadline = s.currentDeadline();
      const alertOn = deadlineAlertDate(deadline, s.decisionSettings);
      const overdueOn = addDays(deadline, 1);
      const t = s.today();
      s.dirty = false;
      if (!isBefore(t, alertOn)) await fx.alert('decision', 'due-soon', deadline);
      if (!isBefore(t, overdueOn)) await fx.alert('decision', 'overdue', deadline);
      const wake = isBefore(t, alertOn) ? alertOn : isBefore(t, overdueOn) ? overdueOn : null;
      const woken = () => s.decided() || s.r.termination !== null || s.dirty;
      if (wake === null) await condition(woken);
      else await condition(woken, msUntilRigaDate(wake, Date.now(), 1_000));
    }
  }

  /** 1. Intake: the required documents; while some are missing, a letter, a task, and a wait for documents. */
  async intake(): Promise<void> {
    const { s, fx } = this;
    const { r, type } = s;
    for (;;) {
      const { missing } = await acts.checkRequiredDocuments({
        caseId: s.input.caseId,
        requiredDocuments: type.requiredDocuments,
      });
      r.missingDocuments = missing;
      if (missing.length === 0) break;
      if (r.state !== 'awaiting-documents') {
        r.state = 'awaiting-documents';
        const letterDocumentId = await fx.letter('missing-documents', 'missing-documents', {
          missing,
          decisionDeadline: s.currentDeadline(),
        });
        await fx.task({
          key: 'documents',
          kind: 'service-documents-missing',
          text: text('service.task.service-documents-missing', {
            service: type.names.lv,
            missing: missing.join(', '),
          }),
          dueDate: r.decisionDeadline,
          signal: true,
        });
        const t = r.tasks.find((x) => x.key === 'documents');
        r.documentsRequest = { taskId: t?.taskId ?? '', letterDocumentId };
        await fx.mirror(
          s.event(
            'service.documents-missing',
            text('service.event.documents-missing', { missing: missing.join(', ') }),
          ),
          {
            missing,
          },
        );
      }
      s.documentsChanged = false;
      await condition(() => s.documentsChanged || s.stopping());
      if (s.stopping()) break;
    }
    await fx.closeTask(
      'documents',
      text(s.stopping() ? 'service.taskOutcome.request-ended' : 'service.taskOutcome.documents-received'),
      'system:social-service',
    );
  }

  /** 2. The registry checks of the type (child registryCheck); a death in PMLP's answer ends the request. */
  async registryChecks(): Promise<void> {
    const { s, fx } = this;
    const { r, type, input } = s;
    if (s.stopping() || type.registryChecks.length === 0) return;
    r.state = 'registry-checks';
    await fx.mirror(s.event('service.registry-checks', text('service.event.registry-checks')));
    const checkId = `${this.workflowId}-registries`;
    const check = await executeChild(registryCheck, {
      workflowId: checkId,
      args: [
        {
          caseId: input.caseId,
          subjects: [{ personId: input.clientPersonId, role: 'applicant' }],
          registries: [...type.registryChecks],
          purpose: this.purpose,
          requestedBy: input.requestedBy,
        },
      ],
    });
    const subject = check.perSubject[input.clientPersonId];
    r.registryCheck = {
      workflowId: checkId,
      registries: Object.fromEntries(
        Object.entries(check.registries).map(([k, v]) => [k, v?.status ?? 'unknown']),
      ),
      deathDate: subject?.data.population?.deathDate ?? null,
    };
    if (r.registryCheck.deathDate && !r.termination) {
      s.terminateFor(
        { endDate: r.registryCheck.deathDate, cause: 'death', by: 'system:pmlp' },
        text('service.termination.death-registry'),
      );
    }
  }

  /** 3. The needs assessment (update submitServiceAssessment). */
  async assessment(): Promise<void> {
    const { s, fx } = this;
    if (s.stopping()) return;
    s.r.state = 'assessment';
    await fx.mirror(s.event('service.assessment', text('service.event.assessment')));
    await condition(() => s.r.assessment !== null || s.stopping());
  }

  /** 4. The decision (update decideService), or a termination before it; the deadline watch ends with it. */
  async decision(watcher: Promise<void>): Promise<void> {
    const { s, fx } = this;
    if (!s.stopping()) {
      s.r.state = 'awaiting-decision';
      await fx.mirror(s.event('service.awaiting-decision', text('service.event.awaiting-decision')));
    }
    await condition(() => s.stopping() && s.updatesIdle());
    await watcher;
  }

  /** Refused by a decision, or withdrawn (ended before any decision): no service to deliver. */
  refusedOrWithdrawn(): boolean {
    return this.s.r.decision?.decision === 'refuse' || (this.s.r.termination !== null && !this.s.decided());
  }

  /** The end of a refused or withdrawn request (a withdrawal gets a closing letter). */
  async endWithoutService(): Promise<void> {
    const { s, fx } = this;
    const r = s.r;
    r.state = r.decision ? 'refused' : 'closed';
    if (r.termination && !r.decision) {
      r.termination.documentId = await fx.letter('closing', 'closing', {
        termination: r.termination,
        granted: false,
      });
    }
    await fx.mirror(
      r.decision
        ? s.event('service.refused', text('service.event.refused'), r.decision.by)
        : s.event('service.withdrawn', text('service.event.withdrawn', { reason: s.terminationReason() })),
      { documentId: r.decision?.documentId ?? r.termination?.documentId ?? null },
    );
  }

  /** Granted: delivery begins. */
  async activate(): Promise<void> {
    const { s, fx } = this;
    s.r.state = 'active';
    const d = s.r.decision as ServiceDecision;
    await fx.mirror(
      s.event(
        'service.granted',
        d.endDate
          ? text('service.event.granted-until', { startDate: d.startDate ?? '', endDate: d.endDate })
          : text('service.event.granted', { startDate: d.startDate ?? '' }),
        d.by,
      ),
      { documentId: d.documentId, volume: d.volume, provider: d.providerName },
    );
  }
}
