/**
 * socialService (BRIEF §4.2, issue 6): one client's social service from request to settlement, its steps driven by
 * the service type's definition (data from the catalogue — a new type needs no code change).
 *
 * intake (required documents; missing → task + letter, wait for a document or the task) → registry checks of the
 * type (child registryCheck) → needs assessment (update, validated against the type's form) → decision within the
 * deadline (update; one extension up to 4 months from the request, with a notice; supervisor alerted 5 days before
 * and when it passes) → refused, or active: monthly delivery records (missing by the 5th of the next month → task),
 * settlement per month (units × tariff; SPSP 29(2) co-payment from VSAA data), reviews every review period (task,
 * supervisor alerts) → termination (worker, end date, review, client's death reported by PMLP) → closing letter →
 * final settlement → closed. Long histories continue as new with the record carried over.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AlertActivities } from '../activities/alerts.js';
import type { RegistryActivities } from '../activities/registries/types.js';
import type { SocialServiceActivities } from '../activities/social-services.js';
import type { DocumentType } from '../domain/case-file/document-types.js';
import type { IsoDate, IsoMonth } from '../domain/calendar.js';
import { addDays, isAfter, isBefore, isoMonthOf, lastDayOfIsoMonth, minIsoDate } from '../domain/calendar.js';
import { validateAssessmentAnswers, type AssessmentAnswers } from '../domain/services/assessment-form.js';
import type { LetterKind, ServiceTypeDefinition } from '../domain/services/catalogue.js';
import type { ServiceRuleSet } from '../domain/services/rule-set.js';
import {
  deliveryRecordDueDate,
  nextReviewDate,
  reviewAlertDate,
  reviewTaskDate,
  serviceLifecycleSettingsOn,
  serviceMonths,
  validateDeliveryRecord,
  validateGrant,
} from '../domain/services/lifecycle.js';
import {
  deadlineAlertDate,
  serviceDecisionSettingsOn,
  validateDeadlineExtension,
} from '../domain/services/settlement.js';
import { addMonthsClamped } from '../domain/calendar.js';
import { TASK_COMPLETED_SIGNAL, type TaskCompletion } from '../domain/tasks.js';
import type { ValidationIssue } from '../domain/validation.js';
import { registryCheck } from './registry-check.js';
import { CASE_FILE_ACTIVITY_OPTIONS, REGISTRY_ACTIVITY_OPTIONS } from './registry-policies.js';
import { msUntilRigaDate, rigaTodayInWorkflow } from './workflow-calendar.js';

export type SocialServiceState =
  | 'intake'
  | 'awaiting-documents'
  | 'registry-checks'
  | 'assessment'
  | 'awaiting-decision'
  | 'refused'
  | 'active'
  | 'review-due'
  | 'closing'
  | 'closed';

/** The progress line of the screens, in order. */
export const SERVICE_STEPS = [
  'request',
  'documents',
  'registry-checks',
  'assessment',
  'decision',
  'delivery',
  'review',
  'settlement',
] as const;
export type ServiceStep = (typeof SERVICE_STEPS)[number];

export type TerminationCause = 'worker' | 'end-date' | 'review' | 'death';

export interface ServiceDecision {
  decision: 'grant' | 'refuse';
  reason: string | null;
  volume: number | null;
  providerCode: string | null;
  providerName: string | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  reviewDate: IsoDate | null;
  by: string;
  at: string;
  documentId: string | null;
}

export interface ServiceRecord {
  state: SocialServiceState;
  decisionDeadline: IsoDate;
  extension: { newDeadline: IsoDate; reason: string; by: string; at: string; documentId: string } | null;
  missingDocuments: DocumentType[];
  documentsRequest: { taskId: string; letterDocumentId: string } | null;
  registryCheck: { workflowId: string; registries: Record<string, string>; deathDate: IsoDate | null } | null;
  assessment: { answers: AssessmentAnswers; by: string; at: string; documentId: string } | null;
  decision: ServiceDecision | null;
  volume: number | null;
  endDate: IsoDate | null;
  nextReviewDate: IsoDate | null;
  deliveries: {
    month: IsoMonth;
    units: number;
    note: string | null;
    revision: number;
    by: string;
    at: string;
  }[];
  settlements: {
    month: IsoMonth;
    units: number;
    costEur: number;
    clientPaysEur: number;
    funderPaysEur: number;
    revision: number;
    final: boolean;
  }[];
  reviews: {
    reviewDate: IsoDate;
    outcome: 'continue' | 'change' | 'end';
    notes: string;
    by: string;
    at: string;
    nextReviewDate: IsoDate | null;
  }[];
  alerts: { kind: string; dueDate: IsoDate; alertId: string; subject: 'decision' | 'review' }[];
  /** Idempotency keys of tasks the workflow created (and their ids). */
  tasks: { key: string; taskId: string; kind: string; dueDate: IsoDate | null; closed: boolean }[];
  termination: {
    endDate: IsoDate;
    cause: TerminationCause;
    reason: string;
    by: string;
    at: string;
    documentId: string | null;
  } | null;
  events: { at: string; type: string; summary: string; by: string | null }[];
}

export interface SocialServiceInput {
  serviceId: string;
  caseId: string;
  clientPersonId: string;
  municipalityCode: string;
  serviceType: ServiceTypeDefinition;
  serviceTypeVersion: number;
  requestedAt: IsoDate;
  requestedBy: string;
  notes: string | null;
  /**
   * The decision and lifecycle settings in force on `requestedAt`, resolved by the service at the request and kept
   * for the life of the service. Absent only in services started before it existed: those read the tables of the
   * bundle (docs/workflow-changes.md, "rules pinned at the start").
   */
  rules?: ServiceRuleSet;
  /** Carried over by continue-as-new (only once the service is active). */
  record?: ServiceRecord;
  generation?: number;
}

export interface SocialServiceView {
  serviceId: string;
  caseId: string;
  serviceType: { code: string; version: number; names: { lv: string; en: string }; unit: string };
  state: SocialServiceState;
  step: ServiceStep;
  requestedAt: IsoDate;
  deadlines: { kind: string; date: IsoDate }[];
  record: ServiceRecord;
  /** Months of the service without a delivery record whose due date has passed. */
  missingDeliveryMonths: IsoMonth[];
  assessmentForm: ServiceTypeDefinition['assessmentForm'];
}

export interface AssessmentInput {
  answers: AssessmentAnswers;
  by: string;
}
export interface ServiceDecisionInput {
  decision: 'grant' | 'refuse';
  reason?: string | null;
  volume?: number | null;
  providerCode?: string | null;
  providerName?: string | null;
  startDate?: IsoDate | null;
  endDate?: IsoDate | null;
  reviewDate?: IsoDate | null;
  by: string;
}
export interface ExtensionInput {
  newDeadline: IsoDate;
  reason: string;
  by: string;
}
export interface DeliveryInput {
  month: IsoMonth;
  units: number;
  note?: string | null;
  by: string;
}
export interface ReviewInput {
  outcome: 'continue' | 'change' | 'end';
  notes: string;
  volume?: number | null;
  endDate?: IsoDate | null;
  nextReviewDate?: IsoDate | null;
  by: string;
}
export interface TerminationInput {
  endDate: IsoDate;
  reason: string;
  by: string;
}
export interface DeathReport {
  deathDate: IsoDate;
  source: string;
}

export const socialServiceState = defineQuery<SocialServiceView>('socialServiceState');
export const submitServiceAssessment = defineUpdate<SocialServiceView, [AssessmentInput]>(
  'submitServiceAssessment',
);
export const decideService = defineUpdate<SocialServiceView, [ServiceDecisionInput]>('decideService');
export const extendServiceDeadline = defineUpdate<SocialServiceView, [ExtensionInput]>(
  'extendServiceDeadline',
);
export const recordServiceDelivery = defineUpdate<SocialServiceView, [DeliveryInput]>(
  'recordServiceDelivery',
);
export const recordServiceReview = defineUpdate<SocialServiceView, [ReviewInput]>('recordServiceReview');
export const terminateService = defineUpdate<SocialServiceView, [TerminationInput]>('terminateService');
/** A document arrived in the case file (upload, DMS): re-check the required documents. */
export const serviceDocumentsChanged = defineSignal('serviceDocumentsChanged');
/** PMLP reported the client's death. */
export const clientDeathReported = defineSignal<[DeathReport]>('clientDeathReported');
/** The worker completed the "documents missing" task in the inbox. */
export const serviceTaskCompleted = defineSignal<[TaskCompletion]>(TASK_COMPLETED_SIGNAL);

const acts = proxyActivities<SocialServiceActivities>(CASE_FILE_ACTIVITY_OPTIONS);
const alerts = proxyActivities<AlertActivities>(CASE_FILE_ACTIVITY_OPTIONS);
const pmlp = proxyActivities<Pick<RegistryActivities, 'fetchPopulationRecord'>>(
  REGISTRY_ACTIVITY_OPTIONS.pmlp,
);
const vsaa = proxyActivities<Pick<RegistryActivities, 'fetchSocialInsurancePayments'>>(
  REGISTRY_ACTIVITY_OPTIONS.vsaa,
);

/** A rejected update: the message starts with the field path when there is one (the API maps it to 422). */
function reject(issues: readonly ValidationIssue[] | string): never {
  const message =
    typeof issues === 'string' ? issues : issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw ApplicationFailure.nonRetryable(message, 'InvalidServiceUpdate');
}

const CONTINUE_AS_NEW_AFTER_EVENTS = 2_000;

export async function socialService(input: SocialServiceInput): Promise<SocialServiceView> {
  const { workflowId } = workflowInfo();
  const type = input.serviceType;
  const decisionSettings = input.rules?.decision ?? serviceDecisionSettingsOn(input.requestedAt);
  const lifecycle = input.rules?.lifecycle ?? serviceLifecycleSettingsOn(input.requestedAt);
  const purpose = `Sociālais pakalpojums: ${type.names.lv}`;
  const r: ServiceRecord = input.record ?? {
    state: 'intake',
    decisionDeadline: addMonthsClamped(input.requestedAt, type.decisionDeadlineMonths),
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
  let documentsChanged = false;
  let busy = 0;
  let dirty = false;
  const today = rigaTodayInWorkflow;
  const ended = () => r.state === 'refused' || r.state === 'closed';
  const currentDeadline = (): IsoDate => r.extension?.newDeadline ?? r.decisionDeadline;
  const terminationInEffect = () => r.termination !== null && isAfter(today(), r.termination.endDate);
  const decided = () => r.decision !== null && r.decision.documentId !== null;
  const stopping = () => r.termination !== null || decided();

  function event(type: string, summary: string, by: string | null = null): { type: string; summary: string } {
    r.events.push({ at: new Date().toISOString(), type, summary, by });
    return { type, summary };
  }

  function missingDeliveryMonths(): IsoMonth[] {
    const start = r.decision?.startDate;
    if (!start || r.decision?.decision !== 'grant') return [];
    const t = today();
    const end = r.termination
      ? minIsoDate(r.termination.endDate, t)
      : r.endDate
        ? minIsoDate(r.endDate, t)
        : t;
    if (isAfter(start, end)) return [];
    return serviceMonths(start, end, t).filter(
      (m) => !isAfter(deliveryRecordDueDate(m, lifecycle), t) && !r.deliveries.some((d) => d.month === m),
    );
  }

  function step(): ServiceStep {
    switch (r.state) {
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

  function deadlines(): { kind: string; date: IsoDate }[] {
    const out: { kind: string; date: IsoDate }[] = [];
    if (!r.decision && !ended()) out.push({ kind: 'decision', date: currentDeadline() });
    if (r.decision?.decision === 'grant' && !r.termination) {
      if (r.nextReviewDate) out.push({ kind: 'review', date: r.nextReviewDate });
      if (r.endDate) out.push({ kind: 'end', date: r.endDate });
    }
    const missing = missingDeliveryMonths()[0];
    if (missing) out.push({ kind: 'delivery-record', date: deliveryRecordDueDate(missing, lifecycle) });
    return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  const view = (): SocialServiceView => ({
    serviceId: input.serviceId,
    caseId: input.caseId,
    serviceType: { code: type.code, version: input.serviceTypeVersion, names: type.names, unit: type.unit },
    state: r.state,
    step: step(),
    requestedAt: input.requestedAt,
    deadlines: deadlines(),
    record: JSON.parse(JSON.stringify(r)) as ServiceRecord,
    missingDeliveryMonths: missingDeliveryMonths(),
    assessmentForm: type.assessmentForm,
  });

  async function mirror(
    ev?: { type: string; summary: string },
    data?: Record<string, unknown>,
  ): Promise<void> {
    const next = deadlines()[0] ?? null;
    await acts.recordSocialServiceState({
      serviceId: input.serviceId,
      caseId: input.caseId,
      state: r.state,
      decisionDeadline: currentDeadline(),
      nextDeadline: next?.date ?? null,
      nextDeadlineKind: next?.kind ?? null,
      decision: r.decision?.decision ?? null,
      providerCode: r.decision?.providerCode ?? null,
      providerName: r.decision?.providerName ?? null,
      volume: r.volume,
      startDate: r.decision?.startDate ?? null,
      endDate: r.termination?.endDate ?? r.endDate,
      nextReviewDate: r.termination ? null : r.nextReviewDate,
      decisionDocumentId: r.decision?.documentId ?? null,
      ...(ev ? { event: { ...ev, data: data ?? {} } } : {}),
    });
  }

  async function letter(kind: LetterKind, key: string, data: Record<string, unknown>): Promise<string> {
    const { documentId } = await acts.issueServiceLetter({
      serviceId: input.serviceId,
      caseId: input.caseId,
      municipalityCode: input.municipalityCode,
      kind,
      serviceTypeCode: type.code,
      serviceTypeName: type.names.lv,
      template: type.letters[kind] ?? null,
      data,
      idempotencyKey: `social-service:${input.serviceId}:${key}`,
    });
    return documentId;
  }

  async function task(
    key: string,
    kind: string,
    title: string,
    description: string,
    dueDate: IsoDate | null,
    signal: boolean,
  ): Promise<void> {
    if (r.tasks.some((t) => t.key === key)) return;
    const { taskId } = await acts.createServiceTask({
      idempotencyKey: `social-service:${input.serviceId}:${key}`,
      municipalityCode: input.municipalityCode,
      caseId: input.caseId,
      kind,
      title,
      description,
      dueDate,
      workflowId,
      signalName: signal ? TASK_COMPLETED_SIGNAL : null,
    });
    r.tasks.push({ key, taskId, kind, dueDate, closed: false });
  }

  async function closeTask(key: string, outcome: string, by: string): Promise<void> {
    const t = r.tasks.find((x) => x.key === key && !x.closed);
    if (!t) return;
    await acts.closeServiceTask({ idempotencyKey: `social-service:${input.serviceId}:${key}`, outcome, by });
    t.closed = true;
  }

  async function alert(
    subject: 'decision' | 'review',
    kind: 'due-soon' | 'overdue',
    dueDate: IsoDate,
  ): Promise<void> {
    if (r.alerts.some((a) => a.subject === subject && a.kind === kind && a.dueDate === dueDate)) return;
    const what = subject === 'decision' ? 'lēmuma pieņemšanas termiņš' : 'pārskatīšanas termiņš';
    const raised = await alerts.raiseDeadlineAlert({
      kind,
      subjectType: 'social-service',
      subjectId: input.serviceId,
      caseId: input.caseId,
      municipalityCode: input.municipalityCode,
      dueDate,
      escalationNo: 0,
      summary: `${type.names.lv}: ${what} ${dueDate} ${kind === 'due-soon' ? 'tuvojas' : 'ir nokavēts'}`,
      idempotencyKey: `social-service:${input.serviceId}:${subject}:${dueDate}:${kind}`,
      audience: ['supervisor'],
    });
    r.alerts.push({ kind, dueDate, alertId: raised.alertId, subject });
    if (raised.created) await alerts.sendAlertMail(raised.alertId);
  }

  // ---- Handlers -------------------------------------------------------------------------------------------------
  setHandler(socialServiceState, view);
  setHandler(serviceDocumentsChanged, () => {
    documentsChanged = true;
  });
  setHandler(serviceTaskCompleted, () => {
    documentsChanged = true;
  });
  setHandler(clientDeathReported, (report) => {
    if (ended() || terminationInEffect() || r.termination?.cause === 'death') return;
    if (r.termination && !isBefore(report.deathDate, r.termination.endDate)) return;
    r.termination = {
      endDate: report.deathDate,
      cause: 'death',
      reason: `Klienta nāve (${report.source})`,
      by: 'system:pmlp',
      at: new Date().toISOString(),
      documentId: null,
    };
    dirty = true;
  });

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
        r.assessment = { answers: a.answers, by: a.by, at: new Date().toISOString(), documentId };
        await mirror(event('service.assessed', 'Veikts vajadzību izvērtējums', a.by), { documentId });
      } finally {
        busy--;
      }
      return view();
    },
    {
      validator: (a) => {
        if (r.state !== 'assessment' && r.state !== 'awaiting-decision') {
          reject(`state: the needs assessment is possible only before the decision (now ${r.state})`);
        }
        const issues = validateAssessmentAnswers(type.assessmentForm, a.answers);
        if (issues.length > 0) reject(issues);
      },
    },
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
          at: new Date().toISOString(),
          documentId: null,
        };
        r.decision = decision;
        const reviewOn = grant
          ? (decision.reviewDate ?? nextReviewDate(decision.startDate as IsoDate, type.reviewPeriodMonths))
          : null;
        try {
          decision.documentId = await letter(grant ? 'grant' : 'refuse', 'decision', {
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
      return view();
    },
    {
      validator: (d) => {
        if (r.decision !== null) reject('state: the decision has already been made');
        if (d.decision === 'grant') {
          if (r.state !== 'awaiting-decision') {
            reject(`state: a grant needs the needs assessment first (now ${r.state})`);
          }
          const issues = validateGrant({
            requestedAt: input.requestedAt,
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
          if (ended() || r.state === 'intake') reject(`state: nothing to refuse now (${r.state})`);
          if (!d.reason || d.reason.trim().length < 3) reject('reason: a refusal needs a reason');
        }
      },
    },
  );

  setHandler(
    extendServiceDeadline,
    async (x) => {
      busy++;
      try {
        const documentId = await letter('extension', 'extension', {
          previousDeadline: r.decisionDeadline,
          newDeadline: x.newDeadline,
          reason: x.reason,
          requestedAt: input.requestedAt,
        });
        r.extension = {
          newDeadline: x.newDeadline,
          reason: x.reason,
          by: x.by,
          at: new Date().toISOString(),
          documentId,
        };
        dirty = true;
        await mirror(
          event('service.deadline-extended', `Lēmuma termiņš pagarināts līdz ${x.newDeadline}`, x.by),
          {
            newDeadline: x.newDeadline,
            documentId,
          },
        );
      } finally {
        busy--;
      }
      return view();
    },
    {
      validator: (x) => {
        if (r.decision !== null || ended()) reject('state: the decision has already been made');
        if (!x.reason || x.reason.trim().length < 3) reject('reason: an extension needs a reason');
        const issues = validateDeadlineExtension(
          {
            requestedAt: input.requestedAt,
            currentDeadline: currentDeadline(),
            newDeadline: x.newDeadline,
            extensionsUsed: r.extension ? 1 : 0,
          },
          decisionSettings,
        );
        if (issues.length > 0) reject(issues);
      },
    },
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
          at: new Date().toISOString(),
        };
        if (previous) Object.assign(previous, entry);
        else r.deliveries.push(entry);
        r.deliveries.sort((a, b) => (a.month < b.month ? -1 : 1));
        await closeTask(`delivery:${d.month}`, `Ievadīti ${d.units} (${type.unit})`, d.by);
        dirty = true;
      } finally {
        busy--;
      }
      return view();
    },
    {
      validator: (d) => {
        if (r.decision?.decision !== 'grant' || r.state === 'closed') {
          reject(`state: deliveries are recorded for a granted service (now ${r.state})`);
        }
        const issues = validateDeliveryRecord({
          month: d.month,
          units: d.units,
          unit: type.unit,
          startDate: r.decision.startDate as IsoDate,
          endDate: r.termination?.endDate ?? r.endDate,
          today: today(),
        });
        if (issues.length > 0) reject(issues);
      },
    },
  );

  setHandler(
    recordServiceReview,
    async (v) => {
      const reviewDate = r.nextReviewDate ?? today();
      let next: IsoDate | null = null;
      if (v.outcome === 'end') {
        r.termination = {
          endDate: v.endDate ?? today(),
          cause: 'review',
          reason: v.notes,
          by: v.by,
          at: new Date().toISOString(),
          documentId: null,
        };
      } else {
        if (v.outcome === 'change') {
          if (v.volume !== undefined && v.volume !== null) r.volume = v.volume;
          if (v.endDate !== undefined) r.endDate = v.endDate;
        }
        next = v.nextReviewDate ?? nextReviewDate(today(), type.reviewPeriodMonths);
        r.nextReviewDate = next;
      }
      r.reviews.push({
        reviewDate,
        outcome: v.outcome,
        notes: v.notes,
        by: v.by,
        at: new Date().toISOString(),
        nextReviewDate: next,
      });
      busy++;
      try {
        await closeTask(`review:${reviewDate}`, `Pārskatīts: ${v.outcome}`, v.by);
        if (r.state === 'review-due') r.state = 'active';
        await mirror(event('service.reviewed', `Pakalpojums pārskatīts (${v.outcome})`, v.by), {
          outcome: v.outcome,
          nextReviewDate: next,
        });
      } finally {
        busy--;
      }
      dirty = true;
      return view();
    },
    {
      validator: (v) => {
        if ((r.state !== 'active' && r.state !== 'review-due') || r.termination) {
          reject(`state: only a service in delivery can be reviewed (now ${r.state})`);
        }
        if (!v.notes || v.notes.trim().length < 3) reject('notes: describe the review');
        const t = today();
        if (v.nextReviewDate && !isAfter(v.nextReviewDate, t))
          reject('nextReviewDate: must be in the future');
        if (
          v.outcome === 'change' &&
          (v.volume === undefined || v.volume === null) &&
          v.endDate === undefined
        ) {
          reject('volume: a change needs a new volume or end date');
        }
        if (v.volume !== undefined && v.volume !== null && !(v.volume > 0 && v.volume <= 10_000)) {
          reject('volume: must be more than 0');
        }
        const start = r.decision?.startDate as IsoDate;
        if (v.endDate && isBefore(v.endDate, start))
          reject(`endDate: before the start of the service ${start}`);
      },
    },
  );

  setHandler(
    terminateService,
    (x) => {
      r.termination = {
        endDate: x.endDate,
        cause: 'worker',
        reason: x.reason,
        by: x.by,
        at: new Date().toISOString(),
        documentId: null,
      };
      dirty = true;
      return view();
    },
    {
      validator: (x) => {
        if (ended() || r.termination) reject(`state: the service has already ended (${r.state})`);
        if (!x.reason || x.reason.trim().length < 3) reject('reason: a termination needs a reason');
        const start = r.decision?.startDate;
        if (start && isBefore(x.endDate, start)) reject(`endDate: before the start of the service ${start}`);
        if (isBefore(x.endDate, input.requestedAt)) reject('endDate: before the request');
      },
    },
  );

  // ---- Decision deadline watch (runs beside the steps until the decision letter exists) -------------------------
  async function watchDecisionDeadline(): Promise<void> {
    while (!decided() && !r.termination) {
      const deadline = currentDeadline();
      const alertOn = deadlineAlertDate(deadline, decisionSettings);
      const overdueOn = addDays(deadline, 1);
      const t = today();
      dirty = false;
      if (!isBefore(t, alertOn)) await alert('decision', 'due-soon', deadline);
      if (!isBefore(t, overdueOn)) await alert('decision', 'overdue', deadline);
      const wake = isBefore(t, alertOn) ? alertOn : isBefore(t, overdueOn) ? overdueOn : null;
      if (wake === null) await condition(() => decided() || r.termination !== null || dirty);
      else await condition(() => decided() || r.termination !== null || dirty, msUntilRigaDate(wake));
    }
  }

  // ---- Steps ------------------------------------------------------------------------------------------------------
  if (!input.record) {
    await mirror(event('service.requested', `Pieprasīts pakalpojums: ${type.names.lv}`, input.requestedBy), {
      serviceType: type.code,
      version: input.serviceTypeVersion,
    });
    const watcher = watchDecisionDeadline();

    // 1. Intake: required documents.
    for (;;) {
      const { missing } = await acts.checkRequiredDocuments({
        caseId: input.caseId,
        requiredDocuments: type.requiredDocuments,
      });
      r.missingDocuments = missing;
      if (missing.length === 0) break;
      if (r.state !== 'awaiting-documents') {
        r.state = 'awaiting-documents';
        const letterDocumentId = await letter('missing-documents', 'missing-documents', {
          missing,
          decisionDeadline: currentDeadline(),
        });
        await task(
          'documents',
          'service-documents-missing',
          `Trūkst dokumentu: ${type.names.lv}`,
          `Pakalpojuma pieprasījumam trūkst dokumentu (${missing.join(', ')}). Klientam nosūtīta vēstule. Pievienojiet dokumentus lietai.`,
          r.decisionDeadline,
          true,
        );
        const t = r.tasks.find((x) => x.key === 'documents');
        r.documentsRequest = { taskId: t?.taskId ?? '', letterDocumentId };
        await mirror(event('service.documents-missing', `Trūkst dokumentu: ${missing.join(', ')}`), {
          missing,
        });
      }
      documentsChanged = false;
      await condition(() => documentsChanged || stopping());
      if (stopping()) break;
    }
    await closeTask(
      'documents',
      stopping() ? 'Pieprasījuma izskatīšana beigusies' : 'Dokumenti saņemti',
      'system:social-service',
    );

    // 2. Registry checks of the type.
    if (!stopping() && type.registryChecks.length > 0) {
      r.state = 'registry-checks';
      await mirror(event('service.registry-checks', 'Pieprasīti reģistru dati'));
      const checkId = `${workflowId}-registries`;
      const check = await executeChild(registryCheck, {
        workflowId: checkId,
        args: [
          {
            caseId: input.caseId,
            subjects: [{ personId: input.clientPersonId, role: 'applicant' }],
            registries: [...type.registryChecks],
            purpose,
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
        r.termination = {
          endDate: r.registryCheck.deathDate,
          cause: 'death',
          reason: 'PMLP: klients miris',
          by: 'system:pmlp',
          at: new Date().toISOString(),
          documentId: null,
        };
      }
    }

    // 3. Needs assessment, 4. decision.
    if (!stopping()) {
      r.state = 'assessment';
      await mirror(event('service.assessment', 'Gaida vajadzību izvērtējumu'));
      await condition(() => r.assessment !== null || stopping());
    }
    if (!stopping()) {
      r.state = 'awaiting-decision';
      await mirror(event('service.awaiting-decision', 'Gaida lēmumu'));
    }
    await condition(() => stopping() && busy === 0);
    await watcher;

    if (r.decision?.decision === 'refuse' || (r.termination && !decided())) {
      // Refused by a decision; withdrawn (ended before any decision) closes without one.
      r.state = r.decision ? 'refused' : 'closed';
      if (r.termination && !r.decision) {
        r.termination.documentId = await letter('closing', 'closing', {
          termination: r.termination,
          granted: false,
        });
      }
      await mirror(
        r.decision
          ? event('service.refused', 'Pieņemts lēmums atteikt pakalpojumu', r.decision.by)
          : event('service.withdrawn', `Pieprasījuma izskatīšana izbeigta: ${r.termination?.reason ?? ''}`),
        { documentId: r.decision?.documentId ?? r.termination?.documentId ?? null },
      );
      await condition(allHandlersFinished);
      return view();
    }
    r.state = 'active';
    const d = r.decision as ServiceDecision;
    await mirror(
      event(
        'service.granted',
        `Piešķirts pakalpojums no ${d.startDate}${d.endDate ? ` līdz ${d.endDate}` : ''}`,
        d.by,
      ),
      { documentId: d.documentId, volume: d.volume, provider: d.providerName },
    );
  }

  // ---- Delivery, settlement, review, termination --------------------------------------------------------------------
  const start = (r.decision as ServiceDecision).startDate as IsoDate;
  const eventsAtStart = r.events.length;

  async function settle(month: IsoMonth, final: boolean): Promise<void> {
    const delivery = r.deliveries.find((x) => x.month === month);
    if (!delivery) return;
    const existing = r.settlements.find((s) => s.month === month);
    if (existing && existing.revision === delivery.revision && existing.final === final) return;
    let income: { amountEur: number; evidenceDocumentId: string | null } | null = null;
    if (type.coPayment !== null) {
      try {
        const answer = await vsaa.fetchSocialInsurancePayments({
          caseId: input.caseId,
          personId: input.clientPersonId,
          purpose: `${purpose} — norēķins par ${month}`,
          requestedBy: 'system:social-service',
          period: { fromMonth: month, toMonth: month },
        });
        // VSAA answered: no payment that month (or a person VSAA does not know) is an income of 0.
        income =
          answer.status === 'ok'
            ? {
                amountEur: answer.totalsByMonth.find((x) => x.month === month)?.amountEur ?? 0,
                evidenceDocumentId: answer.snapshotDocumentId,
              }
            : { amountEur: 0, evidenceDocumentId: null };
      } catch {
        // VSAA unavailable after its retries: the month stays unsettled; the next pass asks again.
        return;
      }
    }
    const s = await acts.settleServiceMonth({
      serviceId: input.serviceId,
      caseId: input.caseId,
      municipalityCode: input.municipalityCode,
      serviceTypeCode: type.code,
      month,
      units: delivery.units,
      unit: type.unit,
      tariffEur: type.tariffEur,
      funding: type.funding,
      coPayment: type.coPayment,
      clientIncome: income,
      final,
      revision: delivery.revision,
    });
    const entry = {
      month,
      units: delivery.units,
      costEur: s.costEur,
      clientPaysEur: s.clientPaysEur,
      funderPaysEur: s.funderPaysEur,
      revision: delivery.revision,
      final,
    };
    if (existing) Object.assign(existing, entry);
    else r.settlements.push(entry);
    r.settlements.sort((a, b) => (a.month < b.month ? -1 : 1));
  }

  /** Everything due by today; returns the next date something becomes due (null: nothing scheduled). */
  async function catchUp(): Promise<IsoDate | null> {
    const t = today();
    const wakes: IsoDate[] = [];
    const endOn = r.termination?.endDate ?? r.endDate;
    // Termination by end date.
    if (!r.termination && r.endDate) {
      if (isAfter(t, r.endDate)) {
        r.termination = {
          endDate: r.endDate,
          cause: 'end-date',
          reason: 'Beidzies pakalpojuma piešķiršanas termiņš',
          by: 'system:social-service',
          at: new Date().toISOString(),
          documentId: null,
        };
      } else wakes.push(addDays(r.endDate, 1));
    }
    // Settle ended months with records; a task for each month whose record is overdue.
    const lastDay = endOn && isBefore(endOn, t) ? endOn : t;
    if (!isAfter(start, lastDay)) {
      for (const month of serviceMonths(start, lastDay, t)) {
        const lastMonth =
          terminationInEffect() && month === isoMonthOf((r.termination as { endDate: IsoDate }).endDate);
        const monthEnded = isBefore(lastDayOfIsoMonth(month), t) || lastMonth;
        if (!monthEnded) continue;
        const due = deliveryRecordDueDate(month, lifecycle);
        if (r.deliveries.some((x) => x.month === month)) {
          await settle(month, lastMonth);
        } else if (!isBefore(t, due)) {
          await task(
            `delivery:${month}`,
            'service-delivery-missing',
            `Nav ievadīts pakalpojuma apjoms par ${month}`,
            `${type.names.lv}: ievadiet sniegto apjomu (${type.unit}) par ${month}; termiņš bija ${due}.`,
            due,
            false,
          );
        } else wakes.push(due);
      }
    }
    // Review.
    if (!r.termination && r.nextReviewDate) {
      const review = r.nextReviewDate;
      const taskOn = reviewTaskDate(review, lifecycle);
      const alertOn = reviewAlertDate(review, lifecycle);
      const overdueOn = addDays(review, 1);
      if (!isBefore(t, taskOn)) {
        await task(
          `review:${review}`,
          'service-review',
          `Pakalpojuma pārskatīšana līdz ${review}`,
          `${type.names.lv}: pārskatiet pakalpojuma nepieciešamību un apjomu līdz ${review}.`,
          review,
          false,
        );
        if (r.state === 'active') {
          r.state = 'review-due';
          await mirror(event('service.review-due', `Jāpārskata pakalpojums līdz ${review}`));
        }
      } else wakes.push(taskOn);
      if (!isBefore(t, alertOn)) await alert('review', 'due-soon', review);
      else wakes.push(alertOn);
      if (!isBefore(t, overdueOn)) await alert('review', 'overdue', review);
      else wakes.push(overdueOn);
    }
    // The first of every month: settlement pass and a PMLP check of the client.
    wakes.push(addMonthsClamped(`${isoMonthOf(t)}-01`, 1));
    return wakes.filter((w) => isAfter(w, t)).sort()[0] ?? null;
  }

  let lastDeathCheck: IsoMonth | null = null;
  async function checkClientAlive(): Promise<void> {
    const month = isoMonthOf(today());
    if (lastDeathCheck === month || r.termination?.cause === 'death' || terminationInEffect()) return;
    lastDeathCheck = month;
    try {
      const person = await pmlp.fetchPopulationRecord({
        caseId: input.caseId,
        personId: input.clientPersonId,
        purpose: `${purpose} — klienta statusa pārbaude`,
        requestedBy: 'system:social-service',
      });
      if (person.status === 'ok' && person.deathDate) {
        const pending = r.termination;
        if (pending && !isBefore(person.deathDate, pending.endDate)) return;
        r.termination = {
          endDate: person.deathDate,
          cause: 'death',
          reason: 'PMLP: klients miris',
          by: 'system:pmlp',
          at: new Date().toISOString(),
          documentId: null,
        };
      }
    } catch {
      // PMLP unavailable after the retries: the next monthly pass asks again.
      lastDeathCheck = null;
    }
  }

  /** The closing letter goes out when the termination is decided, even when it takes effect later. */
  async function announceTermination(): Promise<void> {
    const t = r.termination as NonNullable<ServiceRecord['termination']>;
    if (t.documentId) return;
    t.documentId = await letter('closing', `closing:${t.cause}`, { termination: t, granted: true });
    await mirror(
      event('service.terminated', `Pakalpojums tiek izbeigts ar ${t.endDate}: ${t.reason}`, t.by),
      {
        cause: t.cause,
        endDate: t.endDate,
        documentId: t.documentId,
      },
    );
    await closeTask(`review:${r.nextReviewDate ?? ''}`, 'Pakalpojums izbeigts', 'system:social-service');
  }
  if (input.record) lastDeathCheck = isoMonthOf(today());
  // Delivery continues until the end date of a termination (a termination may be dated ahead).
  while (!terminationInEffect()) {
    dirty = false;
    const terminated = r.termination;
    let wake = await catchUp();
    if (r.termination) {
      await announceTermination();
      if (terminationInEffect()) break;
      const effective = addDays(r.termination.endDate, 1);
      if (wake === null || isBefore(effective, wake)) wake = effective;
    }
    await mirror();
    if (
      r.events.length - eventsAtStart > CONTINUE_AS_NEW_AFTER_EVENTS ||
      workflowInfo().continueAsNewSuggested
    ) {
      await condition(() => busy === 0 && allHandlersFinished());
      return continueAsNew<typeof socialService>({
        ...input,
        record: r,
        generation: (input.generation ?? 0) + 1,
      });
    }
    const changed = () => dirty || r.termination !== terminated;
    if (wake === null) await condition(changed);
    else await condition(changed, msUntilRigaDate(wake));
    await checkClientAlive();
  }

  // ---- In effect: remaining records, final settlement ----------------------------------------------------------
  await condition(() => busy === 0);
  await announceTermination();
  const termination = r.termination as NonNullable<ServiceRecord['termination']>;
  r.state = 'closing';
  await mirror(
    event('service.closing', `Pakalpojums izbeigts ar ${termination.endDate}: gaida gala norēķinu`),
  );
  const endMonth = isoMonthOf(termination.endDate);
  const finalDue = deliveryRecordDueDate(endMonth, lifecycle);
  // Records may still arrive until the last month's due date; then what is recorded is settled for good.
  for (;;) {
    dirty = false;
    const next = (await catchUp()) ?? finalDue;
    const missing = missingDeliveryMonths();
    const allRecorded = !isAfter(start, termination.endDate)
      ? serviceMonths(start, termination.endDate, today()).every((m) =>
          r.deliveries.some((x) => x.month === m),
        )
      : true;
    if (allRecorded || !isBefore(today(), finalDue)) {
      if (missing.length > 0) await mirror(undefined);
      break;
    }
    await condition(() => dirty, msUntilRigaDate(isBefore(next, finalDue) ? next : finalDue));
  }
  await settle(endMonth, true);
  r.state = 'closed';
  await mirror(event('service.closed', 'Pakalpojums slēgts, veikts gala norēķins'), {
    settledMonths: r.settlements.length,
  });
  await condition(() => busy === 0 && allHandlersFinished());
  return view();
}
