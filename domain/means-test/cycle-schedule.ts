/**
 * Timers of a means-test cycle (BRIEF §4.1, issue 5): the reminder before the status ends, the decision deadline
 * (1 month from the application, month arithmetic clamped) and the supervisor's alert before that deadline.
 */
import type { IsoDate } from '../calendar.js';
import { addDays, addMonthsClamped } from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { requireEffective } from '../effective-dated.js';

export interface MeansTestCycleSettings extends EffectiveDated {
  readonly reminderDaysBeforeValidTo: number;
  readonly decisionDeadlineMonths: number;
  readonly supervisorAlertDaysBeforeDeadline: number;
}

export const MEANS_TEST_CYCLE_SETTINGS: readonly MeansTestCycleSettings[] = [
  {
    effectiveFrom: '2025-01-01',
    reminderDaysBeforeValidTo: 14,
    decisionDeadlineMonths: 1,
    supervisorAlertDaysBeforeDeadline: 5,
  },
];

export function cycleSettingsOn(
  date: IsoDate,
  table: readonly MeansTestCycleSettings[] = MEANS_TEST_CYCLE_SETTINGS,
): MeansTestCycleSettings {
  return requireEffective(table, date, 'means-test cycle settings');
}

/** validTo − N days (N = reminderDaysBeforeValidTo). */
export function statusReminderDate(
  validTo: IsoDate,
  settings: MeansTestCycleSettings = cycleSettingsOn(validTo),
): IsoDate {
  return addDays(validTo, -settings.reminderDaysBeforeValidTo);
}

/** applicationDate + decisionDeadlineMonths (clamped: 2026-01-31 → 2026-02-28). */
export function meansTestDecisionDeadline(
  applicationDate: IsoDate,
  settings: MeansTestCycleSettings = cycleSettingsOn(applicationDate),
): IsoDate {
  return addMonthsClamped(applicationDate, settings.decisionDeadlineMonths);
}

/** The supervisor alert: the decision deadline − supervisorAlertDaysBeforeDeadline days. */
export function decisionDeadlineAlertDate(
  applicationDate: IsoDate,
  settings: MeansTestCycleSettings = cycleSettingsOn(applicationDate),
): IsoDate {
  return addDays(
    meansTestDecisionDeadline(applicationDate, settings),
    -settings.supervisorAlertDaysBeforeDeadline,
  );
}

export interface MeansTestCycleSchedule {
  readonly decisionDeadline: IsoDate;
  readonly decisionAlertDate: IsoDate;
  /** Null while there is no granted status. */
  readonly reminderDate: IsoDate | null;
}

export function meansTestCycleSchedule(
  cycle: { readonly applicationDate: IsoDate; readonly validTo: IsoDate | null },
  settings: MeansTestCycleSettings = cycleSettingsOn(cycle.applicationDate),
): MeansTestCycleSchedule {
  return {
    decisionDeadline: meansTestDecisionDeadline(cycle.applicationDate, settings),
    decisionAlertDate: decisionDeadlineAlertDate(cycle.applicationDate, settings),
    reminderDate: cycle.validTo === null ? null : statusReminderDate(cycle.validTo, settings),
  };
}
