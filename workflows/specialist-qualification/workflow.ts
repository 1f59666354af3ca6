/**
 * specialistQualification (issue 19, BRIEF §4.8): sleeps on durable timers until the current deadline's reminder
 * dates (90 and 30 days before) and the day after it, reminding the organisation's HR and then raising the overdue
 * alert to the organisation and BAC. A change of the record (signal: a training, a move, leaving) recomputes the
 * deadline; a move carries the clock to the new organisation; leaving (no current or later employment) ends the run.
 * When a deadline is met and a new one begins (a refresher cycle), the run continues as new with only its state.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { SpecialistActivities } from '../../activities/specialists.js';
import type { IsoDate } from '../../domain/calendar.js';
import { addDays, compareIsoDates } from '../../domain/calendar.js';
import {
  assess,
  currentDeadline,
  qualificationRulesOn,
  reminderPlan,
  spellOn,
  type Deadline,
} from '../../domain/specialists/index.js';
import { msUntilRigaDate } from '../../domain/calendar.js';
import { rigaTodayInWorkflow } from '../workflow-calendar.js';
import {
  DEFAULT_REMINDER_DAYS_BEFORE,
  qualificationFactsChanged,
  qualificationState,
  type QualificationFactsPayload,
  type QualificationInput,
  type QualificationNotified,
  type QualificationState,
} from './contract.js';

const { remindSpecialistTraining, raiseSpecialistOverdue } = proxyActivities<SpecialistActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 50,
  },
});

const MAX_SLEEP_DAYS = 30;
const MAX_WAKES_PER_RUN = 500;

/** The first day after `today` on which the person's employment situation changes (a start, or the day after an end). */
function nextEmploymentChange(facts: QualificationFactsPayload, today: IsoDate): IsoDate | undefined {
  const dates = facts.periods.flatMap((p) => [p.from, ...(p.to === null ? [] : [addDays(p.to, 1)])]);
  return dates.filter((d) => compareIsoDates(d, today) > 0).sort(compareIsoDates)[0];
}

export async function specialistQualification(input: QualificationInput): Promise<QualificationState> {
  const rulesFor = (date: IsoDate) => qualificationRulesOn(date, input.rules);
  const reminderDays = input.reminderDaysBefore ?? [...DEFAULT_REMINDER_DAYS_BEFORE];
  let facts = input.facts;
  let organisationId = input.organisationId;
  let notified: QualificationNotified | null = input.notified ?? null;
  let cycle = input.cycle ?? 0;
  let changed = false;
  let ended = false;
  let sentThisRun = 0;
  let wakes = 0;

  const deadlineOn = (today: IsoDate): Deadline | undefined =>
    currentDeadline(facts.periods, facts.trainings, today, rulesFor);

  const state = (): QualificationState => {
    const today = rigaTodayInWorkflow();
    const deadline = deadlineOn(today);
    return {
      specialistId: input.specialistId,
      organisationId,
      today,
      status: assess(facts.periods, facts.trainings, today, rulesFor).status,
      deadline: deadline ? { kind: deadline.kind, dueBy: deadline.dueBy } : null,
      notified,
      cycle,
      ended,
    };
  };

  setHandler(qualificationFactsChanged, (signal) => {
    facts = signal.facts;
    organisationId = signal.organisationId;
    changed = true;
  });
  setHandler(qualificationState, state);

  for (;;) {
    const today = rigaTodayInWorkflow();
    const deadline = deadlineOn(today);
    if (!deadline) {
      const next = spellOn(facts.periods, today) ? undefined : nextEmploymentChange(facts, today);
      if (next === undefined) break; // left, and no later employment: the obligation ends
      changed = false;
      const cap = addDays(today, MAX_SLEEP_DAYS);
      await condition(
        () => changed,
        msUntilRigaDate(compareIsoDates(next, cap) < 0 ? next : cap, Date.now(), 1_000),
      );
      continue;
    }
    if (notified && (notified.kind !== deadline.kind || notified.dueBy !== deadline.dueBy)) {
      // A new deadline: the previous one was met (a training) or moved. A refresher cycle continues as new.
      if (sentThisRun > 0 || workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        return continueAsNew<typeof specialistQualification>({
          ...input,
          facts,
          organisationId,
          reminderDaysBefore: reminderDays,
          notified: null,
          cycle: cycle + 1,
        });
      }
      cycle += 1;
      notified = null;
    }
    notified ??= { kind: deadline.kind, dueBy: deadline.dueBy, reminded: [], overdue: false };
    const plan = reminderPlan(deadline.dueBy, reminderDays);
    const base = {
      specialistId: input.specialistId,
      organisationId,
      kind: deadline.kind,
      dueBy: deadline.dueBy,
    };
    if (compareIsoDates(today, deadline.dueBy) > 0) {
      if (!notified.overdue) {
        await raiseSpecialistOverdue(base);
        notified = { ...notified, overdue: true, reminded: plan.reminders.map((r) => r.daysBefore) };
        sentThisRun += 1;
        continue;
      }
    } else {
      const reminded = notified.reminded;
      const due = plan.reminders.filter(
        (r) => compareIsoDates(r.on, today) <= 0 && !reminded.includes(r.daysBefore),
      );
      const latest = due.at(-1);
      if (latest) {
        // Catching up after an outage or a late registration: only the latest missed reminder is sent.
        await remindSpecialistTraining({ ...base, daysBefore: latest.daysBefore });
        notified = { ...notified, reminded: [...reminded, ...due.map((r) => r.daysBefore)] };
        sentThisRun += 1;
        continue;
      }
    }
    const pending = [
      ...plan.reminders.filter((r) => !notified?.reminded.includes(r.daysBefore)).map((r) => r.on),
      ...(notified.overdue ? [] : [plan.overdueOn]),
      ...[nextEmploymentChange(facts, today)].filter((d): d is IsoDate => d !== undefined),
    ].filter((d) => compareIsoDates(d, today) > 0);
    if (wakes >= MAX_WAKES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof specialistQualification>({
        ...input,
        facts,
        organisationId,
        reminderDaysBefore: reminderDays,
        notified,
        cycle,
      });
    }
    // Timers are capped (a career is decades long): the run wakes at least every MAX_SLEEP_DAYS and recomputes.
    const cap = addDays(today, MAX_SLEEP_DAYS);
    const wake = [...pending, cap].sort(compareIsoDates)[0] ?? cap;
    changed = false;
    wakes += 1;
    await condition(() => changed, msUntilRigaDate(wake, Date.now(), 1_000));
  }
  ended = true;
  await condition(allHandlersFinished);
  return state();
}
