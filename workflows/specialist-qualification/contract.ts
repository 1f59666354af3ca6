/**
 * The contract of `specialistQualification` (issue 19): what starters and signallers (the specialists service) may
 * import without pulling the workflow in. One workflow per specialist, id `specialist-qualification-<specialistId>`.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar.js';
import type {
  CompletedTraining,
  EffectiveQualificationRules,
  EmploymentPeriod,
  SpecialistStatus,
  TrainingKind,
} from '../../domain/specialists/index.js';

export const SPECIALIST_QUALIFICATION_WORKFLOW = 'specialistQualification';
export const specialistQualificationWorkflowId = (specialistId: string): string =>
  `specialist-qualification-${specialistId}`;

/** Reminders to the organisation this many days before a due date (BRIEF §4.8), unless the starter says otherwise. */
export const DEFAULT_REMINDER_DAYS_BEFORE: readonly number[] = [90, 30];

export interface QualificationFactsPayload {
  periods: EmploymentPeriod[];
  trainings: CompletedTraining[];
}

/** Which notifications of which deadline were sent (carried across continue-as-new). */
export interface QualificationNotified {
  kind: TrainingKind;
  dueBy: IsoDate;
  /** Reminder offsets (days before) already handled for this deadline. */
  reminded: number[];
  overdue: boolean;
}

export interface QualificationInput {
  specialistId: string;
  organisationId: string;
  facts: QualificationFactsPayload;
  /** The rules table as it was when the obligation started: a later correction of the table does not change a run. */
  rules: EffectiveQualificationRules[];
  reminderDaysBefore?: number[];
  notified?: QualificationNotified | null;
  /** Refresher cycles completed in earlier runs (informational). */
  cycle?: number;
}

export interface QualificationFactsChanged {
  organisationId: string;
  facts: QualificationFactsPayload;
}

export interface QualificationState {
  specialistId: string;
  organisationId: string;
  today: IsoDate;
  status: SpecialistStatus;
  deadline: { kind: TrainingKind; dueBy: IsoDate } | null;
  notified: QualificationNotified | null;
  cycle: number;
  ended: boolean;
}

export const qualificationFactsChanged =
  defineSignal<[QualificationFactsChanged]>('qualificationFactsChanged');
export const qualificationState = defineQuery<QualificationState>('qualificationState');

/** What the workflow asks of the outside world (implemented in `activities/specialists.ts`). */
export interface QualificationReminder {
  specialistId: string;
  organisationId: string;
  kind: TrainingKind;
  dueBy: IsoDate;
  daysBefore: number;
}
export interface QualificationOverdue {
  specialistId: string;
  organisationId: string;
  kind: TrainingKind;
  dueBy: IsoDate;
}
