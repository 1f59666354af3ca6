/**
 * The signals, query and updates of the socialService workflow.
 *
 * Updates run one at a time under a mutex (async-mutex, as in Temporal's safe-message-handlers sample): each handler
 * checks the state again once it holds the lock (its validator ran when the update was accepted, maybe before another
 * update changed the state) and does its work; the main flow waits for `updatesIdle()` before it moves past a
 * decision, closes or continues as new. A rejection carries typed details (./rejection.ts).
 *
 * Executions started before the mutex (no `social-service-update-mutex` marker) keep their concurrent handlers
 * (./legacy-handlers.ts), so their histories replay.
 */
import { patched, setHandler } from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { IsoDate } from '../../domain/calendar.js';
import { nextReviewDate } from '../../domain/social-services/lifecycle.js';
import { text } from '../../domain/text-ref.js';
import {
  clientDeathReported,
  decideService,
  extendServiceDeadline,
  recordServiceDelivery,
  recordServiceReview,
  serviceDocumentsChanged,
  serviceTaskCompleted,
  socialServiceState,
  submitServiceAssessment,
  terminateService,
  type ServiceDecision,
  type SocialServiceView,
} from './contract.js';
import { acts, type ServiceEffects } from './effects.js';
import { registerLegacyUpdateHandlers } from './legacy-handlers.js';
import { checked, validator } from './rejection.js';
import type { ServiceState } from './state.js';

/** Patch (docs/workflow-changes.md): update handlers run one at a time under a mutex. */
export const UPDATE_MUTEX_PATCH = 'social-service-update-mutex';

export function registerHandlers(s: ServiceState, fx: ServiceEffects): void {
  setHandler(socialServiceState, () => s.view());
  setHandler(serviceDocumentsChanged, () => {
    s.documentsChanged = true;
  });
  setHandler(serviceTaskCompleted, () => {
    s.documentsChanged = true;
  });
  setHandler(clientDeathReported, (report) => {
    s.reportDeath(report);
  });
  if (patched(UPDATE_MUTEX_PATCH)) registerUpdateHandlers(s, fx);
  else registerLegacyUpdateHandlers(s, fx);
}

function registerUpdateHandlers(s: ServiceState, fx: ServiceEffects): void {
  const { input, type, r } = s;
  const lock = new Mutex();
  s.updatesIdle = () => !lock.isLocked();

  /** The handler of an update: under the lock, the state checked again, then the work; answers the view. */
  function exclusive<T>(check: (x: T) => void, work: (x: T) => Promise<void> | void) {
    return (x: T): Promise<SocialServiceView> =>
      lock.runExclusive(async () => {
        checked(check, x);
        await work(x);
        return s.view();
      });
  }

  const assess = s.checkAssessment.bind(s);
  setHandler(
    submitServiceAssessment,
    exclusive(assess, async (a) => {
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
    }),
    { validator: validator(assess) },
  );

  const decide = s.checkDecision.bind(s);
  setHandler(
    decideService,
    exclusive(decide, async (d) => {
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
    }),
    { validator: validator(decide) },
  );

  const extend = s.checkExtension.bind(s);
  setHandler(
    extendServiceDeadline,
    exclusive(extend, async (x) => {
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
    }),
    { validator: validator(extend) },
  );

  const deliver = s.checkDelivery.bind(s);
  setHandler(
    recordServiceDelivery,
    exclusive(deliver, async (d) => {
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
    }),
    { validator: validator(deliver) },
  );

  const review = s.checkReview.bind(s);
  setHandler(
    recordServiceReview,
    exclusive(review, async (v) => {
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
      s.dirty = true;
    }),
    { validator: validator(review) },
  );

  const terminate = s.checkTermination.bind(s);
  setHandler(
    terminateService,
    exclusive(terminate, (x) => s.terminateByWorker(x)),
    { validator: validator(terminate) },
  );
}
