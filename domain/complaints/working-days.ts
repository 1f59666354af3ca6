/**
 * Working days: Monday–Friday except Latvian public holidays (`holidays.ts`, effective-dated).
 */
import type { IsoDate } from '../calendar.js';
import { addDays } from '../calendar.js';
import type { HolidayRules } from './holidays.js';
import { isPublicHoliday, isWeekend, LATVIAN_HOLIDAY_RULES } from './holidays.js';

export function isWorkingDay(date: IsoDate, table: readonly HolidayRules[] = LATVIAN_HOLIDAY_RULES): boolean {
  return !isWeekend(date) && !isPublicHoliday(date, table);
}

/**
 * The `n`-th working day before `date` (n ≥ 1), `date` itself not counted: 5 working days before Monday
 * 2026-03-02 is Monday 2026-02-23.
 */
export function workingDaysBefore(
  date: IsoDate,
  n: number,
  table: readonly HolidayRules[] = LATVIAN_HOLIDAY_RULES,
): IsoDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer: ${n}`);
  let day = date;
  let counted = 0;
  while (counted < n) {
    day = addDays(day, -1);
    if (isWorkingDay(day, table)) counted += 1;
  }
  return day;
}
