/**
 * The contract of the meansTestCycle workflow (BRIEF §4.1, issue 5): its input, its view, the query and updates it
 * answers, and the typed rejection of an update. The module services, routes and screens import; the names here
 * are the workflow's public interface and must not change (live executions and recorded histories use them).
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar.js';
import type { MeansTestResult } from '../../domain/means-test/calculate.js';
import type { MeansTestRuleSet } from '../../domain/means-test/rule-set.js';
import { updateRejectionOf, type UpdateRejection } from '../update-rejection.js';
import type { Correction, CorrectionField, MeansDeclaration } from './declaration.js';

export type { Correction, CorrectionField, MeansDeclaration } from './declaration.js';

/** The workflow type, as services start it by name. */
export const MEANS_TEST_WORKFLOW = 'meansTestCycle';

export type MeansTestCycleState =
  'collecting' | 'awaiting-decision' | 'active' | 'expiring' | 'expired' | 'refused' | 'closed';

export type EvaluationTrigger = 'application' | 'reapply' | 'change';

export interface MeansTestDecision {
  decision: 'approve' | 'refuse';
  reason: string | null;
  by: string;
  at: string;
}

export interface MeansTestEvaluation {
  evaluationNo: number;
  trigger: EvaluationTrigger;
  triggerReason: string | null;
  applicationDate: IsoDate;
  decisionDeadline: IsoDate;
  declaration: MeansDeclaration | null;
  declarationDocumentId: string | null;
  corrections: Correction[];
  result: MeansTestResult | null;
  decision: MeansTestDecision | null;
  decisionDocumentId: string | null;
  entitlements: { month: string; amountEur: number }[];
  alerts: { kind: string; dueDate: IsoDate; alertId: string }[];
  reminder: { taskId: string; letterDocumentId: string } | null;
  endedOn: IsoDate | null;
  endReason: string | null;
}

export interface MeansTestCycleInput {
  cycleId: string;
  caseId: string;
  applicantPersonId: string;
  municipalityCode: string;
  applicationDate: IsoDate;
  requestedBy: string;
  /** How long the registry check waits for banks (default "3 days"). */
  bankDeadline?: string;
  evaluationNo?: number;
  trigger?: EvaluationTrigger;
  triggerReason?: string | null;
  history?: MeansTestEvaluation[];
  /**
   * The rule set in force on `applicationDate` (thresholds, period and cycle settings), resolved by the service at
   * start and by an activity for each re-evaluation. Absent only in cycles started before it existed: those read
   * the tables of the bundle (docs/workflow-changes.md, "rules pinned at the start").
   */
  rules?: MeansTestRuleSet;
}

export interface MeansTestCycleView {
  cycleId: string;
  caseId: string;
  state: MeansTestCycleState;
  current: MeansTestEvaluation;
  /** The status in force (the current one once approved, else a still-valid earlier one). */
  validity: { status: string; validFrom: IsoDate; validTo: IsoDate; gmiBenefitEur: number } | null;
  history: MeansTestEvaluation[];
}

export interface MeansTestCorrectionInput {
  field: CorrectionField;
  memberId?: string | null;
  value: number | boolean;
  reason: string;
  by: string;
}
export interface MeansTestDecisionInput {
  decision: 'approve' | 'refuse';
  reason?: string | null;
  by: string;
}
export interface MeansTestReevaluationInput {
  date?: IsoDate;
  reason?: string | null;
  by: string;
}

export const meansTestCycleState = defineQuery<MeansTestCycleView>('meansTestCycleState');
export const correctMeansDeclaration = defineUpdate<MeansTestCycleView, [MeansTestCorrectionInput]>(
  'correctMeansDeclaration',
);
export const decideMeansTest = defineUpdate<MeansTestCycleView, [MeansTestDecisionInput]>('decideMeansTest');
export const reapplyMeansTest = defineUpdate<{ evaluationNo: number }, [MeansTestReevaluationInput]>(
  'reapplyMeansTest',
);
export const reportSituationChange = defineUpdate<{ evaluationNo: number }, [MeansTestReevaluationInput]>(
  'reportSituationChange',
);

/** The failure type of a rejected update; its details are an UpdateRejection (../update-rejection.ts). */
export const MEANS_TEST_UPDATE_REJECTED = 'InvalidMeansTestUpdate';

/** The typed details of a rejected means-test update (WorkflowUpdateFailedError.cause); null for any other failure. */
export function meansTestUpdateRejectionOf(cause: unknown): UpdateRejection | null {
  return updateRejectionOf(cause, MEANS_TEST_UPDATE_REJECTED);
}
