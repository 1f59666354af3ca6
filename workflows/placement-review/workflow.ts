/**
 * placementReview (BRIEF §4.3, issue 7): one workflow per child placement, id `placement-review-<placementId>`.
 * Sleeps on durable timers until the next alert date of the current report deadline — due-soon (14 days before),
 * overdue (on the due date), escalation (every 30 days after) — and raises each alert exactly once through an
 * idempotent activity. A report (signal) resets the deadline; the end of the placement (signal) ends the workflow.
 * Dates are Europe/Riga calendar dates of workflow time. The history is kept short by continue-as-new.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AlertActivities } from '../../activities/alerts.js';
import type { PlacementActivities } from '../../activities/placements.js';
import type { IsoDate } from '../../domain/calendar.js';
import { diffInDays, isBefore, maxIsoDate, msUntilRigaDate } from '../../domain/calendar.js';
import {
  deadlineAlertSettingsOn,
  dueSoonDate,
  escalationDate,
  placementStatus,
  type DeadlineAlertSettings,
} from '../../domain/placement/alert-schedule.js';
import { nextReportDue } from '../../domain/placement/next-report-due.js';
import { CASE_FILE_ACTIVITY_OPTIONS } from '../registry-policies.js';
import { rigaTodayInWorkflow } from '../workflow-calendar.js';

import {
  PINNED_ALERT_SETTINGS_PATCH,
  placementEnded,
  placementReportReceived,
  placementReviewState,
  type PinnedAlertSettings,
  type PlacementEndSignal,
  type PlacementReviewInput,
  type PlacementReviewState,
} from './contract.js';
import type { DeadlineAlertKind } from '../../domain/placement/alert-schedule.js';

const { raisePlacementAlert, resolveDeadlineAlertSettings } =
  proxyActivities<PlacementActivities>(CASE_FILE_ACTIVITY_OPTIONS);
/** E-mail: an SMTP outage is ridden out for hours; the in-app alert exists already. */
const { sendAlertMail } = proxyActivities<AlertActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 30,
  },
});

/** Alert events of one due date in order: 0 due-soon, 1 overdue, k + 1 escalation k. */
function eventOf(index: number): { kind: DeadlineAlertKind; escalationNo: number } {
  if (index === 0) return { kind: 'due-soon', escalationNo: 0 };
  if (index === 1) return { kind: 'overdue', escalationNo: 0 };
  return { kind: 'escalation', escalationNo: index - 1 };
}

function eventDate(index: number, due: IsoDate, settings: DeadlineAlertSettings): IsoDate {
  if (index === 0) return dueSoonDate(due, settings);
  if (index === 1) return due;
  return escalationDate(due, index - 1, settings);
}

/** The latest event whose date has come (-1: none yet). When several are past, only the latest is raised. */
function latestDueEvent(today: IsoDate, due: IsoDate, settings: DeadlineAlertSettings): number {
  if (isBefore(today, dueSoonDate(due, settings))) return -1;
  if (isBefore(today, due)) return 0;
  return 1 + Math.floor(diffInDays(today, due) / settings.escalationEveryDays);
}

const rigaToday = rigaTodayInWorkflow;

export async function placementReview(input: PlacementReviewInput): Promise<PlacementReviewState> {
  let lastReportDate: IsoDate | null = input.lastReportDate ?? null;
  let alerted = input.alerted ?? null;
  let ended: PlacementEndSignal | null = null;
  let changed = false;
  let events = 0;
  const limit = input.continueAsNewAfter ?? 20;
  let pinned: PinnedAlertSettings | null = input.alertSettings ?? null;

  /** The alert settings of a due date: resolved once (activity) and kept; the bundle's table before the patch. */
  async function settingsFor(due: IsoDate): Promise<DeadlineAlertSettings> {
    if (pinned?.dueDate === due) return pinned.settings;
    if (!patched(PINNED_ALERT_SETTINGS_PATCH)) return deadlineAlertSettingsOn(due);
    pinned = { dueDate: due, settings: await resolveDeadlineAlertSettings({ dueDate: due }) };
    return pinned.settings;
  }

  const currentDue = (): IsoDate =>
    nextReportDue({ childBirthDate: input.childBirthDate, startDate: input.startDate, lastReportDate });

  const state = (): PlacementReviewState => {
    const due = currentDue();
    const today = rigaToday();
    return {
      placementId: input.placementId,
      status: ended
        ? 'ended'
        : placementStatus(
            today,
            due,
            pinned?.dueDate === due ? pinned.settings : deadlineAlertSettingsOn(due),
          ),
      today,
      lastReportDate,
      nextReportDue: due,
      lastAlert: alerted && alerted.dueDate === due && alerted.index >= 0 ? eventOf(alerted.index) : null,
      endDate: ended?.endDate ?? null,
    };
  };

  setHandler(placementReportReceived, ({ reportDate }) => {
    lastReportDate = lastReportDate === null ? reportDate : maxIsoDate(lastReportDate, reportDate);
    events += 1;
    changed = true;
  });
  setHandler(placementEnded, (signal) => {
    ended ??= signal;
    changed = true;
  });
  setHandler(placementReviewState, state);

  while (!ended) {
    const due = currentDue();
    const settings = await settingsFor(due);
    if (alerted?.dueDate !== due) alerted = { dueDate: due, index: -1 };
    const today = rigaToday();
    const latest = latestDueEvent(today, due, settings);
    if (latest > alerted.index) {
      // Catching up (a worker was down, or an old placement): the overdue alert is never skipped; of several
      // missed events after it only the latest is raised; due-soon is skipped once the report is overdue.
      const index = alerted.index < 1 && latest >= 1 ? 1 : latest;
      const event = eventOf(index);
      const { alertId } = await raisePlacementAlert({
        placementId: input.placementId,
        kind: event.kind,
        dueDate: due,
        escalationNo: event.escalationNo,
      });
      alerted = { dueDate: due, index };
      events += 1;
      try {
        await sendAlertMail(alertId);
      } catch (err) {
        log.warn('alert e-mail could not be sent; the in-app alert stands', {
          alertId,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      continue;
    }
    if (events >= limit || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (!ended) {
        return continueAsNew<typeof placementReview>({
          ...input,
          lastReportDate,
          alerted,
          alertSettings: pinned,
        });
      }
      break;
    }
    const next = eventDate(alerted.index + 1, due, settings);
    changed = false;
    await condition(() => changed || ended !== null, msUntilRigaDate(next, Date.now(), 60_000));
  }
  await condition(allHandlersFinished);
  return state();
}
