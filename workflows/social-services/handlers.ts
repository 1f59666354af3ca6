/**
 * The signals, query and updates of the socialService workflow. Each update's validator is a method of the state
 * (ServiceState.check*); a rejection reaches the caller as an ApplicationFailure of type SERVICE_UPDATE_REJECTED with
 * typed details (ServiceUpdateRejection), so the API and the screens never parse the message.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { nextReviewDate } from '../../domain/services/lifecycle.js';
import type { IsoDate } from '../../domain/calendar.js';
import {
  clientDeathReported,
  decideService,
  extendServiceDeadline,
  recordServiceDelivery,
  recordServiceReview,
  SERVICE_UPDATE_REJECTED,
  serviceDocumentsChanged,
  serviceTaskCompleted,
  socialServiceState,
  submitServiceAssessment,
  terminateService,
  type ServiceDecision,
} from './contract.js';
import { acts, type ServiceEffects } from './effects.js';
import { ServiceUpdateRejected, type ServiceState } from './state.js';

/** A validator that rejects with typed details. */
function validator<T>(check: (x: T) => void): (x: T) => void {
  return (x) => {
    try {
      check(x);
    } catch (err) {
      if (!(err instanceof ServiceUpdateRejected)) throw err;
      throw ApplicationFailure.create({
        type: SERVICE_UPDATE_REJECTED,
        message: err.message,
        nonRetryable: true,
        details: [err.rejection],
      });
    }
  };
}

export function registerHandlers(s: ServiceState, fx: ServiceEffects): void {
  const { input, type, r } = s;

  setHandler(socialServiceState, () => s.view());
  setHandler(serviceDocumentsChanged, () => {
    s.documentsChanged = true;
  });
  setHandler(serviceTaskCompleted, () => {
    s.documentsChanged = true;
  });
  setHandler(clientDeathReported, (report) => {
    s.reportDeath(report, `Klienta nāve (${report.source})`);
  });

  setHandler(
    submitServiceAssessment,
    async (a) => {
      s.busy++;
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
        await fx.mirror(s.event('service.assessed', 'Veikts vajadzību izvērtējums', a.by), { documentId });
      } finally {
        s.busy--;
      }
      return s.view();
    },
    { validator: validator(s.checkAssessment.bind(s)) },
  );

  setHandler(
    decideService,
    async (d) => {
      s.busy++;
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
        s.busy--;
      }
      return s.view();
    },
    { validator: validator(s.checkDecision.bind(s)) },
  );

  setHandler(
    extendServiceDeadline,
    async (x) => {
      s.busy++;
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
          s.event('service.deadline-extended', `Lēmuma termiņš pagarināts līdz ${x.newDeadline}`, x.by),
          { newDeadline: x.newDeadline, documentId },
        );
      } finally {
        s.busy--;
      }
      return s.view();
    },
    { validator: validator(s.checkExtension.bind(s)) },
  );

  setHandler(
    recordServiceDelivery,
    async (d) => {
      s.busy++;
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
        await fx.closeTask(`delivery:${d.month}`, `Ievadīti ${d.units} (${type.unit})`, d.by);
        s.dirty = true;
      } finally {
        s.busy--;
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
      s.busy++;
      try {
        await fx.closeTask(`review:${reviewDate}`, `Pārskatīts: ${v.outcome}`, v.by);
        if (r.state === 'review-due') r.state = 'active';
        await fx.mirror(s.event('service.reviewed', `Pakalpojums pārskatīts (${v.outcome})`, v.by), {
          outcome: v.outcome,
          nextReviewDate: next,
        });
      } finally {
        s.busy--;
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
