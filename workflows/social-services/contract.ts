/**
 * The contract of the socialService workflow (BRIEF §4.2, issue 6): its input, its view, and the signals, queries and
 * updates it answers. The only module of the process that services, routes and screens import; the names here are
 * the workflow's public interface and must not change (live executions and recorded histories use them).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DocumentType } from '../../domain/case-file/document-types.js';
import type { IsoDate, IsoMonth } from '../../domain/calendar.js';
import type { AssessmentAnswers } from '../../domain/social-services/assessment-form.js';
import type { ServiceTypeDefinition } from '../../domain/social-services/catalogue.js';
import type { ServiceRuleSet } from '../../domain/social-services/rule-set.js';
import { TASK_COMPLETED_SIGNAL, type TaskCompletion } from '../../domain/tasks.js';
import { updateRejectionOf, type UpdateRejection } from '../update-rejection.js';
import type { TextRef } from '../../domain/text-ref.js';

/** The workflow type, as services start it by name. */
export const SOCIAL_SERVICE_WORKFLOW = 'socialService';

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
    /** The worker's reason; empty when the service ended for a reason of its own (`reasonText`). */
    reason: string;
    /** A reason the service gave itself (death in PMLP, the end date), by i18n key (`service.termination.*`). */
    reasonText?: TextRef;
    by: string;
    at: string;
    documentId: string | null;
  } | null;
  /** `text` (by key) since issue 15; events recorded before carry their Latvian `summary`. */
  events: { at: string; type: string; text?: TextRef; summary?: string; by: string | null }[];
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

/** The failure type of a rejected update (ApplicationFailure.type). */
export const SERVICE_UPDATE_REJECTED = 'InvalidServiceUpdate';

/**
 * The details of a rejected update (ApplicationFailure.details[0]): `state` when the service does not accept the
 * update now (the API answers 409), `invalid` when fields are wrong (422, one issue per field path).
 */
export type ServiceUpdateRejection = UpdateRejection;

/**
 * The typed details of a rejected update, from the failure the client reports (WorkflowUpdateFailedError.cause);
 * null for any other failure (the service is gone, an activity of the handler failed).
 */
export function serviceUpdateRejectionOf(cause: unknown): ServiceUpdateRejection | null {
  return updateRejectionOf(cause, SERVICE_UPDATE_REJECTED);
}
