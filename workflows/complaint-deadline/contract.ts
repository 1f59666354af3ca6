/**
 * complaintDeadline's contract (issue 21): type name, workflow id, input, signals, query and the activities it calls.
 * Services import only this module. The reminder and alert dates are computed by the service from the pure rules
 * (`domain/complaints/deadline.ts`, holiday table) and passed in, so a later change of the holiday table never
 * changes a running workflow's timers on replay.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar.js';

export const COMPLAINT_DEADLINE_WORKFLOW = 'complaintDeadline';
export const complaintDeadlineWorkflowId = (complaintId: string): string =>
  `complaint-deadline-${complaintId}`;

export interface ComplaintSchedule {
  dueOn: IsoDate;
  /** The official is reminded on this day (5 working days before). */
  remindOn: IsoDate;
  /** The supervisor is alerted on this day (2 working days before). */
  alertOn: IsoDate;
}

export interface ComplaintDeadlineInput extends ComplaintSchedule {
  complaintId: string;
}

export interface ComplaintExtendedSignal extends ComplaintSchedule {
  reason: string;
}

export interface ComplaintAnsweredSignal {
  answeredOn: IsoDate;
}

export interface ComplaintDeadlineState {
  complaintId: string;
  schedule: ComplaintSchedule;
  extended: boolean;
  reminded: boolean;
  supervisorAlerted: boolean;
  /** The due date passed without an answer. */
  overdue: boolean;
  answeredOn: IsoDate | null;
  late: boolean | null;
  answerDelivered: boolean;
}

/** The activities the workflow calls (implemented in `activities/complaints.ts`). */
export interface ComplaintDeadlineActivities {
  /** A reminder to the official handling the complaint (task/alert of their municipality or the ministry). */
  remindComplaintOfficial(input: { complaintId: string; dueOn: IsoDate }): Promise<void>;
  /** An alert to the supervisor (in-app alert + e-mail). */
  alertComplaintSupervisor(input: { complaintId: string; dueOn: IsoDate }): Promise<void>;
  /** The due date passed unanswered: the complaint is marked overdue, the answer will be late. */
  markComplaintOverdue(input: { complaintId: string; dueOn: IsoDate }): Promise<void>;
  /** The extension notice to the citizen (portal + e-mail), with the reason. */
  sendComplaintExtensionNotice(input: { complaintId: string; dueOn: IsoDate }): Promise<void>;
  /** The answer to the citizen (portal + e-mail). */
  sendComplaintAnswer(input: { complaintId: string; late: boolean }): Promise<void>;
}

export const complaintExtended = defineSignal<[ComplaintExtendedSignal]>('complaintExtended');
export const complaintAnswered = defineSignal<[ComplaintAnsweredSignal]>('complaintAnswered');
export const complaintDeadlineState = defineQuery<ComplaintDeadlineState>('complaintDeadlineState');
