/**
 * placementReview's contract (issue 15): its type name, workflow id, input, state, signals and query. Services, routes
 * and screens import only this module; the workflow itself is in workflow.ts.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar.js';
import type { DeadlineAlertKind, DeadlineAlertSettings } from '../../domain/placement/alert-schedule.js';

export const PLACEMENT_REVIEW_WORKFLOW = 'placementReview';
export const placementReviewWorkflowId = (placementId: string): string => `placement-review-${placementId}`;

export interface PlacementReviewInput {
  placementId: string;
  childBirthDate: IsoDate;
  startDate: IsoDate;
  lastReportDate?: IsoDate | null;
  /** Carried over continue-as-new: the due date alerts were last raised for and the index of the last one. */
  alerted?: { dueDate: IsoDate; index: number } | null;
  /** Reports + alerts after which the run continues as new (default 20). */
  continueAsNewAfter?: number;
  /** Carried over continue-as-new: the alert settings resolved for the current due date (issue 15). */
  alertSettings?: PinnedAlertSettings | null;
}

/** The deadline-alert settings in force for one due date, resolved once by an activity and kept. */
export interface PinnedAlertSettings {
  dueDate: IsoDate;
  settings: DeadlineAlertSettings;
}

/**
 * Patch (docs/workflow-changes.md): the alert settings of each due date are resolved by an activity and kept, not
 * read from the bundle's table. Reviews that passed a due date before the change replay without the call.
 */
export const PINNED_ALERT_SETTINGS_PATCH = 'placement-pinned-alert-settings';

export interface PlacementReviewState {
  placementId: string;
  status: 'active' | 'due-soon' | 'overdue' | 'ended';
  today: IsoDate;
  lastReportDate: IsoDate | null;
  nextReportDue: IsoDate;
  /** Alerts raised for the current due date (kind and escalation number), in this run and carried over. */
  lastAlert: { kind: DeadlineAlertKind; escalationNo: number } | null;
  endDate: IsoDate | null;
}

export interface PlacementReportSignal {
  reportDate: IsoDate;
}
export interface PlacementEndSignal {
  endDate: IsoDate;
  reason: string;
}

export const placementReportReceived = defineSignal<[PlacementReportSignal]>('placementReportReceived');
export const placementEnded = defineSignal<[PlacementEndSignal]>('placementEnded');
export const placementReviewState = defineQuery<PlacementReviewState>('placementReviewState');
