/**
 * Deadline of a complaint or proposal (BRIEF §4.11, Law on Submissions):
 * - due = receipt date + 1 month, the day clamped to the month's last day (received 01-31 → due 02-28); the due date
 *   is not moved off a weekend or holiday (the rule names none);
 * - the official is reminded 5 working days before the due date, the supervisor alerted 2 working days before;
 * - one extension, to at most receipt + 4 months (clamped), only with a reason given to the citizen;
 * - an answer on the due date is in time, an answer after it is late.
 */
import type { IsoDate } from '../calendar.js';
import { addMonthsClamped, compareIsoDates, isAfter, isValidIsoDate } from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { requireEffective } from '../effective-dated.js';
import type { ValidationIssue } from '../validation.js';
import { TEXT_REFUSAL_MESSAGES, textRefusal, throwIfIssues } from '../validation.js';
import type { HolidayRules } from './holidays.js';
import { LATVIAN_HOLIDAY_RULES } from './holidays.js';
import { workingDaysBefore } from './working-days.js';

export interface ComplaintDeadlineSettings extends EffectiveDated {
  readonly answerWithinMonths: number;
  readonly maxExtendedMonths: number;
  readonly remindOfficialWorkingDaysBefore: number;
  readonly alertSupervisorWorkingDaysBefore: number;
  readonly maxReasonLength: number;
}

export const COMPLAINT_DEADLINE_SETTINGS: readonly ComplaintDeadlineSettings[] = [
  {
    effectiveFrom: '2024-01-01',
    answerWithinMonths: 1,
    maxExtendedMonths: 4,
    remindOfficialWorkingDaysBefore: 5,
    alertSupervisorWorkingDaysBefore: 2,
    maxReasonLength: 2000,
  },
];

/** The settings in force on the receipt date govern the whole complaint. */
export function complaintDeadlineSettingsOn(
  receivedOn: IsoDate,
  table: readonly ComplaintDeadlineSettings[] = COMPLAINT_DEADLINE_SETTINGS,
): ComplaintDeadlineSettings {
  return requireEffective(table, receivedOn, 'complaint deadline settings', 'receivedOn');
}

export function complaintDueDate(
  receivedOn: IsoDate,
  settings = complaintDeadlineSettingsOn(receivedOn),
): IsoDate {
  return addMonthsClamped(receivedOn, settings.answerWithinMonths);
}

/** The latest due date an extension may set. */
export function latestExtendedDueDate(
  receivedOn: IsoDate,
  settings = complaintDeadlineSettingsOn(receivedOn),
): IsoDate {
  return addMonthsClamped(receivedOn, settings.maxExtendedMonths);
}

export interface DeadlineSchedule {
  readonly dueOn: IsoDate;
  /** The official's reminder. */
  readonly remindOn: IsoDate;
  /** The supervisor's alert. */
  readonly alertOn: IsoDate;
}

/** Reminder and alert dates for a due date (the original one or an extended one). */
export function deadlineSchedule(
  dueOn: IsoDate,
  settings: ComplaintDeadlineSettings,
  holidays: readonly HolidayRules[] = LATVIAN_HOLIDAY_RULES,
): DeadlineSchedule {
  return {
    dueOn,
    remindOn: workingDaysBefore(dueOn, settings.remindOfficialWorkingDaysBefore, holidays),
    alertOn: workingDaysBefore(dueOn, settings.alertSupervisorWorkingDaysBefore, holidays),
  };
}

export interface ExtensionRequest {
  readonly receivedOn: IsoDate;
  readonly currentDueOn: IsoDate;
  readonly alreadyExtended: boolean;
  readonly newDueOn: unknown;
  readonly reason: unknown;
  readonly today: IsoDate;
}

/** Validates an extension; returns the new due date. Issues name `newDueOn` / `reason`. */
export function validateExtension(
  request: ExtensionRequest,
  settings = complaintDeadlineSettingsOn(request.receivedOn),
): { readonly newDueOn: IsoDate; readonly reason: string } {
  const issues: ValidationIssue[] = [];
  if (request.alreadyExtended)
    issues.push({ path: 'newDueOn', message: 'the deadline has already been extended once' });
  const latest = latestExtendedDueDate(request.receivedOn, settings);
  const { newDueOn } = request;
  if (!isValidIsoDate(newDueOn)) {
    issues.push({ path: 'newDueOn', message: 'must be a date (YYYY-MM-DD)' });
  } else {
    if (compareIsoDates(newDueOn, request.currentDueOn) <= 0) {
      issues.push({
        path: 'newDueOn',
        message: `must be after the current due date ${request.currentDueOn}`,
      });
    }
    if (isAfter(newDueOn, latest)) {
      issues.push({
        path: 'newDueOn',
        message: `must not be after ${latest} (${settings.maxExtendedMonths} months from receipt)`,
      });
    }
    if (isAfter(request.today, request.currentDueOn)) {
      issues.push({
        path: 'newDueOn',
        message: 'the deadline has already passed; it cannot be extended now',
      });
    }
  }
  const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
  if (reason.length === 0) issues.push({ path: 'reason', message: 'a reason for the citizen is required' });
  else if (reason.length > settings.maxReasonLength) {
    issues.push({ path: 'reason', message: `must be at most ${settings.maxReasonLength} characters` });
  } else {
    const refusal = textRefusal(reason);
    if (refusal !== null) issues.push({ path: 'reason', message: TEXT_REFUSAL_MESSAGES[refusal] });
  }
  throwIfIssues(issues);
  return { newDueOn: newDueOn as IsoDate, reason };
}

/** An answer after the due date in force is late; on the due date it is in time. */
export function isLateAnswer(answeredOn: IsoDate, dueOn: IsoDate): boolean {
  return isAfter(answeredOn, dueOn);
}
