/**
 * complaintDeadline (BRIEF §4.11, issue 21): one workflow per complaint or proposal, id `complaint-deadline-<id>`.
 * Sleeps on durable timers until the official's reminder day, then the supervisor's alert day, then the day after the
 * due date (marks it overdue); an extension (signal) replaces the schedule, tells the citizen and re-arms the
 * reminders for the new due date; the answer (signal) is delivered to the citizen and ends the workflow, late when
 * given after the due date in force. Dates are Europe/Riga calendar dates of workflow time.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { IsoDate } from '../../domain/calendar.js';
import { addDays, isAfter, isBefore, msUntilRigaDate } from '../../domain/calendar.js';
import { rigaTodayInWorkflow } from '../workflow-calendar.js';
import {
  complaintAnswered,
  complaintDeadlineState,
  complaintExtended,
  type ComplaintDeadlineActivities,
  type ComplaintDeadlineInput,
  type ComplaintDeadlineState,
  type ComplaintSchedule,
} from './contract.js';

/** Reminders, alerts and e-mails: an outage is ridden out for hours. */
const acts = proxyActivities<ComplaintDeadlineActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 30,
  },
});

export async function complaintDeadline(input: ComplaintDeadlineInput): Promise<ComplaintDeadlineState> {
  let schedule: ComplaintSchedule = { dueOn: input.dueOn, remindOn: input.remindOn, alertOn: input.alertOn };
  let extended = false;
  let extensionToNotify = false;
  let reminded = false;
  let supervisorAlerted = false;
  let overdue = false;
  let answeredOn: IsoDate | null = null;
  let answerDelivered = false;
  let changed = false;

  const late = (): boolean | null => (answeredOn === null ? null : isAfter(answeredOn, schedule.dueOn));
  const state = (): ComplaintDeadlineState => ({
    complaintId: input.complaintId,
    schedule,
    extended,
    reminded,
    supervisorAlerted,
    overdue,
    answeredOn,
    late: late(),
    answerDelivered,
  });

  setHandler(complaintExtended, ({ reason: _reason, ...next }) => {
    if (extended || answeredOn !== null) return;
    extended = true;
    extensionToNotify = true;
    schedule = next;
    // The reminders are for the new due date; an overdue mark cannot precede an extension (refused after the date).
    reminded = false;
    supervisorAlerted = false;
    changed = true;
  });
  setHandler(complaintAnswered, (signal) => {
    answeredOn ??= signal.answeredOn;
    changed = true;
  });
  setHandler(complaintDeadlineState, state);

  const { complaintId } = input;
  while (answeredOn === null) {
    if (extensionToNotify) {
      extensionToNotify = false;
      await acts.sendComplaintExtensionNotice({ complaintId, dueOn: schedule.dueOn });
      continue;
    }
    const today = rigaTodayInWorkflow();
    const afterDue = addDays(schedule.dueOn, 1);
    if (!overdue && !isBefore(today, afterDue)) {
      overdue = true;
      await acts.markComplaintOverdue({ complaintId, dueOn: schedule.dueOn });
      continue;
    }
    if (!reminded && !isBefore(today, schedule.remindOn)) {
      reminded = true;
      if (!overdue) await acts.remindComplaintOfficial({ complaintId, dueOn: schedule.dueOn });
      continue;
    }
    if (!supervisorAlerted && !isBefore(today, schedule.alertOn)) {
      supervisorAlerted = true;
      if (!overdue) await acts.alertComplaintSupervisor({ complaintId, dueOn: schedule.dueOn });
      continue;
    }
    const next = !reminded
      ? schedule.remindOn
      : !supervisorAlerted
        ? schedule.alertOn
        : !overdue
          ? afterDue
          : null;
    changed = false;
    if (next === null) await condition(() => changed);
    else await condition(() => changed, msUntilRigaDate(next, Date.now(), 60_000));
  }
  await acts.sendComplaintAnswer({ complaintId, late: late() === true });
  answerDelivered = true;
  await condition(allHandlersFinished);
  return state();
}
