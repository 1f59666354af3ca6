/**
 * The update handlers of socialService executions started before the update mutex (patch
 * `social-service-update-mutex`, ./handlers.ts): concurrent handlers counted with `busy`, exactly as those
 * executions ran them, so their histories replay. Frozen: change no command it issues (activity inputs such as
 * texts may change). Remove with the patch, once no service
 * started before it is still open (docs/workflow-changes.md).
 */
import { setHandler } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar.js';
import { nextReviewDate } from '../../domain/social-services/lifecycle.js';
import { text } from '../../domain/text-ref.js';
import {
  decideService,
  extendServiceDeadline,
  recordServiceDelivery,
  recordServiceReview,
  submitServiceAssessment,
  terminateService,
  type ServiceDecision,
} from './contract.js';
import { acts, type ServiceEffects } from './effects.js';
import { validator } from './rejection.js';
import type { ServiceState } from './state.js';

export function registerLegacyUpdateHandlers(s: ServiceState, fx: ServiceEffects): void {
  const { input, type, r } = s;
  let busy = 0;
  s.updatesIdle = () => busy === 0;

  setHandler(
    submitServiceAssessment,
    async (a) => {
      busy++;
      try {
        const { documentId } = await acts.storeServiceAssessment({
          serviceId: input.serviceId,
          caseId: input.caseId,
          serviceTypeName: type.names.lv,
          form: type.assessmentForm,
          answers: a.answers,
          by: a.by,
          revision: r.assessment ? r.events.filter((e) => e.type === 'service.assessed').length + 1 : 1,
        });
        r.assessment = { answers: a.answers, by: a.by, at: s.nowIso(), documentId };
        await fx.mirror(s.event('service.assessed', text('service.event.assessed'), a.by), { documentId });
      } finally {
        busy--;
      }
      return s.view();
    },
    { validator: validator(s.checkAssessment.bind(s)) },
  );

  setHandler(
    decideService,
    async (d) => {
      busy++;
      try {
        const grant = d.decision === 'grant';
        const decision: ServiceDecision = {
          decision: d.decision,
          reason: d.reason ?? null,
          volume: grant ? (d.volume ?? null) : null,
          providerCode: grant ? (d.providerCode ?? null) : null,
          providerName: grant ? (d.providerName ?? null) : null,
          startDate: grant ? (d.startDate ?? null) : null,
          endDate: grant ? (d.endDate ?? null) : null,
          reviewDate: grant ? (d.reviewDate ?? null) : null,
          by: d.by,
          at: s.nowIso(),
          documentId: null,
        };
        r.decision = decision;
        const reviewOn = grant
          ? (decision.reviewDate ?? nextReviewDate(decision.startDate as IsoDate, type.reviewPeriodMonths))
          : null;
        try {
          decision.documentId = await fx.letter(grant ? 'grant' : 'refuse', 'decision', {
            decision,
            nextReviewDate: reviewOn,
            requestedAt: input.requestedAt,
          });
        } catch (err) {
          // No letter, no decision: the worker may decide again.
          r.decision = null;
          throw err;
        }
        if (grant) {
          r.volume = decision.volume;
          r.endDate = decision.endDate;
          r.nextReviewDate = reviewOn;
        }
      } finally {
        busy--;
      }
      return s.view();
    },
    { validator: validator(s.checkDecision.bind(s)) },
  );

  setHandler(
    extendServiceDeadline,
    async (x) => {
      busy++;
      try {
        const documentId = await fx.letter('extension', 'extension', {
          previousDeadline: r.decisionDeadline,
          newDeadline: x.newDeadline,
          reason: x.reason,
          requestedAt: input.requestedAt,
        });
        r.extension = { newDeadline: x.newDeadline, reason: x.reason, by: x.by, at: s.nowIso(), documentId };
        s.dirty = true;
        await fx.mirror(
          s.event(
            'service.deadline-extended',
            text('service.event.deadline-extended', { date: x.newDeadline }),
            x.by,
          ),
          { newDeadline: x.newDeadline, documentId },
        );
      } finally {
        busy--;
      }
      return s.view();
    },
    { validator: validator(s.checkExtension.bind(s)) },
  );

  setHandler(
    recordServiceDelivery,
    async (d) => {
      busy++;
      try {
        const previous = r.deliveries.find((x) => x.month === d.month);
        const saved = await acts.storeServiceDelivery({
          serviceId: input.serviceId,
          caseId: input.caseId,
          month: d.month,
          units: d.units,
          note: d.note ?? null,
          by: d.by,
        });
        const entry = {
          month: d.month,
          units: d.units,
          note: d.note ?? null,
          revision: saved.revision,
          by: d.by,
          at: s.nowIso(),
        };
        if (previous) Object.assign(previous, entry);
        else r.deliveries.push(entry);
        r.deliveries.sort((a, b) => (a.month < b.month ? -1 : 1));
        await fx.closeTask(
          `delivery:${d.month}`,
          text('service.taskOutcome.delivery-recorded', { units: d.units, unit: type.unit }),
          d.by,
        );
        s.dirty = true;
      } finally {
        busy--;
      }
      return s.view();
    },
    { validator: validator(s.checkDelivery.bind(s)) },
  );

  setHandler(
    recordServiceReview,
    async (v) => {
      const reviewDate = r.nextReviewDate ?? s.today();
      let next: IsoDate | null = null;
      if (v.outcome === 'end') {
        s.terminate({ endDate: v.endDate ?? s.today(), cause: 'review', reason: v.notes, by: v.by });
      } else {
        if (v.outcome === 'change') {
          if (v.volume !== undefined && v.volume !== null) r.volume = v.volume;
          if (v.endDate !== undefined) r.endDate = v.endDate;
        }
        next = v.nextReviewDate ?? nextReviewDate(s.today(), type.reviewPeriodMonths);
        r.nextReviewDate = next;
      }
      r.reviews.push({
        reviewDate,
        outcome: v.outcome,
        notes: v.notes,
        by: v.by,
        at: s.nowIso(),
        nextReviewDate: next,
      });
      busy++;
      try {
        await fx.closeTask(
          `review:${reviewDate}`,
          text('service.taskOutcome.reviewed', { outcome: v.outcome }),
          v.by,
        );
        if (r.state === 'review-due') r.state = 'active';
        await fx.mirror(
          s.event('service.reviewed', text('service.event.reviewed', { outcome: v.outcome }), v.by),
          {
            outcome: v.outcome,
            nextReviewDate: next,
          },
        );
      } finally {
        busy--;
      }
      s.dirty = true;
      return s.view();
    },
    { validator: validator(s.checkReview.bind(s)) },
  );

  setHandler(
    terminateService,
    (x) => {
      s.terminateByWorker(x);
      return s.view();
    },
    { validator: validator(s.checkTermination.bind(s)) },
  );
}
