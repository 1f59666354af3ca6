/**
 * Deadline alerts (issue 7; used by every process with a due date, not only placements):
 * - due-soon: `dueSoonDays` (14) before the due date;
 * - overdue: on the due date itself;
 * - escalation k (k = 1, 2, …): due date + k × `escalationEveryDays` (30).
 * Status on a day: overdue from the due date on, due-soon from the due-soon date, otherwise active.
 */
import type { IsoDate } from '../calendar.js';
import { addDays, diffInDays, isBefore } from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { requireEffective } from '../effective-dated.js';

export interface DeadlineAlertSettings {
  readonly dueSoonDays: number;
  readonly escalationEveryDays: number;
}

export interface EffectiveDeadlineAlertSettings extends DeadlineAlertSettings, EffectiveDated {}

/** Project settings; the first entry covers every deadline the product may track, including migrated old ones. */
export const DEADLINE_ALERT_SETTINGS: readonly EffectiveDeadlineAlertSettings[] = [
  { effectiveFrom: '2003-01-01', dueSoonDays: 14, escalationEveryDays: 30 },
];

export function deadlineAlertSettingsOn(
  date: IsoDate,
  table: readonly EffectiveDeadlineAlertSettings[] = DEADLINE_ALERT_SETTINGS,
): EffectiveDeadlineAlertSettings {
  return requireEffective(table, date, 'deadline alert settings');
}

export type DeadlineAlertKind = 'due-soon' | 'overdue' | 'escalation';

export interface ScheduledAlert {
  readonly kind: DeadlineAlertKind;
  readonly date: IsoDate;
  /** 0 for due-soon and overdue; 1, 2, … for escalations. Together with kind and due date: an idempotency key. */
  readonly sequence: number;
}

export function dueSoonDate(dueDate: IsoDate, settings: DeadlineAlertSettings): IsoDate {
  return addDays(dueDate, -settings.dueSoonDays);
}

export function escalationDate(dueDate: IsoDate, sequence: number, settings: DeadlineAlertSettings): IsoDate {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be ≥ 1: ${sequence}`);
  return addDays(dueDate, sequence * settings.escalationEveryDays);
}

export interface AlertSchedule {
  readonly dueSoon: IsoDate;
  readonly overdue: IsoDate;
  /** Escalation dates up to and including `escalationsThrough` (none when it is not given). */
  readonly escalations: readonly IsoDate[];
}

export function alertSchedule(
  dueDate: IsoDate,
  settings: DeadlineAlertSettings,
  escalationsThrough?: IsoDate,
): AlertSchedule {
  const escalations: IsoDate[] = [];
  if (escalationsThrough !== undefined) {
    for (let k = 1; ; k += 1) {
      const d = escalationDate(dueDate, k, settings);
      if (isBefore(escalationsThrough, d)) break;
      escalations.push(d);
    }
  }
  return { dueSoon: dueSoonDate(dueDate, settings), overdue: dueDate, escalations };
}

/** The first alert on or after `today` (a workflow sleeps until it, sends it, and asks again the next day). */
export function nextAlert(today: IsoDate, dueDate: IsoDate, settings: DeadlineAlertSettings): ScheduledAlert {
  const soon = dueSoonDate(dueDate, settings);
  if (!isBefore(soon, today)) return { kind: 'due-soon', date: soon, sequence: 0 };
  if (!isBefore(dueDate, today)) return { kind: 'overdue', date: dueDate, sequence: 0 };
  const sequence = Math.ceil(diffInDays(today, dueDate) / settings.escalationEveryDays);
  return { kind: 'escalation', date: escalationDate(dueDate, sequence, settings), sequence };
}

export type PlacementStatus = 'active' | 'due-soon' | 'overdue';

export function placementStatus(
  today: IsoDate,
  nextDue: IsoDate,
  settings: DeadlineAlertSettings,
): PlacementStatus {
  if (!isBefore(today, nextDue)) return 'overdue';
  if (!isBefore(today, dueSoonDate(nextDue, settings))) return 'due-soon';
  return 'active';
}
