/**
 * The state of one social service and its transitions, as plain data and methods: no Temporal here, so it is
 * unit-tested on its own (tests/unit/workflows/social-service-state.test.ts). The workflow's steps and handlers
 * (./steps.ts, ./delivery.ts, ./handlers.ts) decide when a transition happens and do the I/O around it.
 * The clock is the workflow's (`new Date()` is replay-safe inside a workflow); tests give their own.
 */
import { calendarDateInZone, type IsoDate, type IsoMonth } from '../../domain/calendar.js';
import { addMonthsClamped, isAfter, minIsoDate } from '../../domain/calendar.js';
import { validateAssessmentAnswers } from '../../domain/social-services/assessment-form.js';
import {
  deliveryRecordDueDate,
  serviceLifecycleSettingsOn,
  serviceMonths,
  validateDeliveryRecord,
  validateGrant,
  type ServiceLifecycleSettings,
} from '../../domain/social-services/lifecycle.js';
import {
  serviceDecisionSettingsOn,
  validateDeadlineExtension,
  type ServiceDecisionSettings,
} from '../../domain/social-services/settlement.js';
import { isBefore } from '../../domain/calendar.js';
import { text, type TextRef } from '../../domain/text-ref.js';
import type { ValidationIssue } from '../../domain/validation.js';
import type {
  AssessmentInput,
  DeathReport,
  DeliveryInput,
  ExtensionInput,
  ReviewInput,
  ServiceDecisionInput,
  ServiceRecord,
  ServiceStep,
  ServiceUpdateRejection,
  SocialServiceInput,
  SocialServiceView,
  TerminationCause,
  TerminationInput,
} from './contract.js';

/** An update the service does not accept (the workflow turns it into an ApplicationFailure with these details). */
export class ServiceUpdateRejected extends Error {
  readonly rejection: ServiceUpdateRejection;
  constructor(issues: readonly ValidationIssue[] | string) {
    const list: ValidationIssue[] =
      typeof issues === 'string'
        ? [splitIssue(issues)]
        : issues.map((i) => ({ path: i.path, message: i.message }));
    // The message keeps the "path: message; …" form the API read before the typed details existed.
    super(typeof issues === 'string' ? issues : list.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'ServiceUpdateRejected';
    this.rejection = { code: list.some((i) => i.path === 'state') ? 'state' : 'invalid', issues: list };
  }
}

function splitIssue(text: string): ValidationIssue {
  const m = /^([\w.[\]]+): (.*)$/s.exec(text);
  return m ? { path: m[1] as string, message: m[2] as string } : { path: 'state', message: text };
}

function reject(issues: readonly ValidationIssue[] | string): never {
  throw new ServiceUpdateRejected(issues);
}

export interface Clock {
  now(): Date;
}
const WORKFLOW_CLOCK: Clock = { now: () => new Date() };

export type Termination = NonNullable<ServiceRecord['termination']>;

/**
 * How many of the latest events a run continued as new keeps for the screen's timeline. The full history is in
 * the case history (each event is mirrored there by recordSocialServiceState); the workflow needs none of them.
 */
export const EVENTS_CARRIED_OVER = 50;

export class ServiceState {
  readonly r: ServiceRecord;
  readonly decisionSettings: ServiceDecisionSettings;
  readonly lifecycle: ServiceLifecycleSettings;
  /** A document arrived or the documents task was completed since intake last looked. */
  documentsChanged = false;
  /** Something the waiting step should look at again changed (a handler ran). */
  dirty = false;
  /** No update handler is in the middle of its work (set by the handlers: ./handlers.ts). */
  updatesIdle: () => boolean = () => true;

  constructor(
    readonly input: SocialServiceInput,
    private readonly clock: Clock = WORKFLOW_CLOCK,
  ) {
    this.decisionSettings = input.rules?.decision ?? serviceDecisionSettingsOn(input.requestedAt);
    this.lifecycle = input.rules?.lifecycle ?? serviceLifecycleSettingsOn(input.requestedAt);
    this.r = input.record ?? {
      state: 'intake',
      decisionDeadline: addMonthsClamped(input.requestedAt, input.serviceType.decisionDeadlineMonths),
      extension: null,
      missingDocuments: [],
      documentsRequest: null,
      registryCheck: null,
      assessment: null,
      decision: null,
      volume: null,
      endDate: null,
      nextReviewDate: null,
      deliveries: [],
      settlements: [],
      reviews: [],
      alerts: [],
      tasks: [],
      termination: null,
      events: [],
    };
  }

  get type() {
    return this.input.serviceType;
  }
  nowIso(): string {
    return this.clock.now().toISOString();
  }
  /** Today in Europe/Riga. */
  today(): IsoDate {
    return calendarDateInZone(this.clock.now());
  }

  ended(): boolean {
    return this.r.state === 'refused' || this.r.state === 'closed';
  }
  currentDeadline(): IsoDate {
    return this.r.extension?.newDeadline ?? this.r.decisionDeadline;
  }
  terminationInEffect(): boolean {
    return this.r.termination !== null && isAfter(this.today(), this.r.termination.endDate);
  }
  /** The decision letter exists. */
  decided(): boolean {
    return this.r.decision !== null && this.r.decision.documentId !== null;
  }
  /** Intake and the decision stop waiting: a termination, or a decision with its letter. */
  stopping(): boolean {
    return this.r.termination !== null || this.decided();
  }

  /** An event of the service; its text is a key of templates/i18n (`service.event.*`). */
  event(type: string, text: TextRef, by: string | null = null): { type: string; text: TextRef } {
    this.r.events.push({ at: this.nowIso(), type, text, by });
    return { type, text };
  }

  /** Months of the service without a delivery record whose due date has passed. */
  missingDeliveryMonths(): IsoMonth[] {
    const r = this.r;
    const start = r.decision?.startDate;
    if (!start || r.decision?.decision !== 'grant') return [];
    const t = this.today();
    const end = r.termination
      ? minIsoDate(r.termination.endDate, t)
      : r.endDate
        ? minIsoDate(r.endDate, t)
        : t;
    if (isAfter(start, end)) return [];
    return serviceMonths(start, end, t).filter(
      (m) =>
        !isAfter(deliveryRecordDueDate(m, this.lifecycle), t) && !r.deliveries.some((d) => d.month === m),
    );
  }

  step(): ServiceStep {
    switch (this.r.state) {
      case 'intake':
      case 'awaiting-documents':
        return 'documents';
      case 'registry-checks':
        return 'registry-checks';
      case 'assessment':
        return 'assessment';
      case 'awaiting-decision':
      case 'refused':
        return 'decision';
      case 'active':
        return 'delivery';
      case 'review-due':
        return 'review';
      default:
        return 'settlement';
    }
  }

  deadlines(): { kind: string; date: IsoDate }[] {
    const r = this.r;
    const out: { kind: string; date: IsoDate }[] = [];
    if (!r.decision && !this.ended()) out.push({ kind: 'decision', date: this.currentDeadline() });
    if (r.decision?.decision === 'grant' && !r.termination) {
      if (r.nextReviewDate) out.push({ kind: 'review', date: r.nextReviewDate });
      if (r.endDate) out.push({ kind: 'end', date: r.endDate });
    }
    const missing = this.missingDeliveryMonths()[0];
    if (missing) out.push({ kind: 'delivery-record', date: deliveryRecordDueDate(missing, this.lifecycle) });
    return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  view(): SocialServiceView {
    const { input, type } = this;
    return {
      serviceId: input.serviceId,
      caseId: input.caseId,
      serviceType: { code: type.code, version: input.serviceTypeVersion, names: type.names, unit: type.unit },
      state: this.r.state,
      step: this.step(),
      requestedAt: input.requestedAt,
      deadlines: this.deadlines(),
      record: JSON.parse(JSON.stringify(this.r)) as ServiceRecord,
      missingDeliveryMonths: this.missingDeliveryMonths(),
      assessmentForm: type.assessmentForm,
    };
  }

  /**
   * What a run continued as new needs to go on: the record without its long event list (the latest
   * EVENTS_CARRIED_OVER events stay for the timeline). Deliveries, settlements, tasks and alerts stay: the steps
   * read them (idempotent tasks and alerts, settled revisions, months without a record).
   */
  carriedOver(): ServiceRecord {
    return { ...this.r, events: this.r.events.slice(-EVENTS_CARRIED_OVER) };
  }

  // ---- Transitions -----------------------------------------------------------------------------------------------

  /** PMLP reported the client's death: the service ends on that date unless it ends earlier anyway. */
  reportDeath(report: DeathReport): void {
    const r = this.r;
    if (this.ended() || this.terminationInEffect() || r.termination?.cause === 'death') return;
    if (r.termination && !isBefore(report.deathDate, r.termination.endDate)) return;
    r.termination = {
      endDate: report.deathDate,
      cause: 'death',
      reason: '',
      by: 'system:pmlp',
      at: this.nowIso(),
      documentId: null,
      reasonText: text('service.termination.death-reported', { source: report.source }),
    };
    this.dirty = true;
  }

  /** A termination the service did not decide itself (death in a registry answer, the end date, a review). */
  terminate(t: Omit<Termination, 'at' | 'documentId' | 'reasonText'>): void {
    this.r.termination = { ...t, at: this.nowIso(), documentId: null };
  }

  /** A termination for a reason of the service's own (by i18n key). */
  terminateFor(t: { endDate: IsoDate; cause: TerminationCause; by: string }, reason: TextRef): void {
    this.r.termination = { ...t, reason: '', at: this.nowIso(), documentId: null, reasonText: reason };
  }

  /** The reason of the termination, as a text parameter: the worker's words, or the service's own by key. */
  terminationReason(): string | TextRef {
    const t = this.r.termination;
    return t?.reasonText ?? t?.reason ?? '';
  }

  /** The worker ends the service (terminateService). */
  terminateByWorker(x: TerminationInput): void {
    this.terminate({ endDate: x.endDate, cause: 'worker', reason: x.reason, by: x.by });
    this.dirty = true;
  }

  // ---- What each update accepts (throws ServiceUpdateRejected) ------------------------------------------------

  checkAssessment(a: AssessmentInput): void {
    const r = this.r;
    if (r.state !== 'assessment' && r.state !== 'awaiting-decision') {
      reject(`state: the needs assessment is possible only before the decision (now ${r.state})`);
    }
    const issues = validateAssessmentAnswers(this.type.assessmentForm, a.answers);
    if (issues.length > 0) reject(issues);
  }

  checkDecision(d: ServiceDecisionInput): void {
    const r = this.r;
    if (r.decision !== null) reject('state: the decision has already been made');
    if (d.decision === 'grant') {
      if (r.state !== 'awaiting-decision') {
        reject(`state: a grant needs the needs assessment first (now ${r.state})`);
      }
      const issues = validateGrant({
        requestedAt: this.input.requestedAt,
        startDate: d.startDate ?? '',
        endDate: d.endDate ?? null,
        reviewDate: d.reviewDate ?? null,
        volume: d.volume ?? 0,
      });
      if (!d.providerName || d.providerName.trim().length < 2) {
        issues.push({ path: 'providerName', message: 'the provider of the service is required' });
      }
      if (issues.length > 0) reject(issues);
    } else {
      if (this.ended() || r.state === 'intake') reject(`state: nothing to refuse now (${r.state})`);
      if (!d.reason || d.reason.trim().length < 3) reject('reason: a refusal needs a reason');
    }
  }

  checkExtension(x: ExtensionInput): void {
    const r = this.r;
    if (r.decision !== null || this.ended()) reject('state: the decision has already been made');
    if (!x.reason || x.reason.trim().length < 3) reject('reason: an extension needs a reason');
    const issues = validateDeadlineExtension(
      {
        requestedAt: this.input.requestedAt,
        currentDeadline: this.currentDeadline(),
        newDeadline: x.newDeadline,
        extensionsUsed: r.extension ? 1 : 0,
      },
      this.decisionSettings,
    );
    if (issues.length > 0) reject(issues);
  }

  checkDelivery(d: DeliveryInput): void {
    const r = this.r;
    if (r.decision?.decision !== 'grant' || r.state === 'closed') {
      reject(`state: deliveries are recorded for a granted service (now ${r.state})`);
    }
    const issues = validateDeliveryRecord({
      month: d.month,
      units: d.units,
      unit: this.type.unit,
      startDate: r.decision.startDate as IsoDate,
      endDate: r.termination?.endDate ?? r.endDate,
      today: this.today(),
    });
    if (issues.length > 0) reject(issues);
  }

  checkReview(v: ReviewInput): void {
    const r = this.r;
    if ((r.state !== 'active' && r.state !== 'review-due') || r.termination) {
      reject(`state: only a service in delivery can be reviewed (now ${r.state})`);
    }
    if (!v.notes || v.notes.trim().length < 3) reject('notes: describe the review');
    const t = this.today();
    if (v.nextReviewDate && !isAfter(v.nextReviewDate, t)) reject('nextReviewDate: must be in the future');
    if (v.outcome === 'change' && (v.volume === undefined || v.volume === null) && v.endDate === undefined) {
      reject('volume: a change needs a new volume or end date');
    }
    if (v.volume !== undefined && v.volume !== null && !(v.volume > 0 && v.volume <= 10_000)) {
      reject('volume: must be more than 0');
    }
    const start = r.decision?.startDate as IsoDate;
    if (v.endDate && isBefore(v.endDate, start)) reject(`endDate: before the start of the service ${start}`);
  }

  checkTermination(x: TerminationInput): void {
    const r = this.r;
    if (this.ended() || r.termination) reject(`state: the service has already ended (${r.state})`);
    if (!x.reason || x.reason.trim().length < 3) reject('reason: a termination needs a reason');
    const start = r.decision?.startDate;
    if (start && isBefore(x.endDate, start)) reject(`endDate: before the start of the service ${start}`);
    if (isBefore(x.endDate, this.input.requestedAt)) reject('endDate: before the request');
  }
}
