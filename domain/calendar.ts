/**
 * Calendar-date helpers on ISO strings (`YYYY-MM-DD`), meant as Europe/Riga calendar dates.
 *
 * The arithmetic is the Temporal API's `PlainDate` (`temporal-polyfill`): a calendar date without a time or a zone, so
 * the machine's time zone and daylight-saving changes never enter; instants become Riga dates through
 * `Instant.toZonedDateTimeISO`. No clock is read here and no `Date` subclass is made (the workflow sandbox replaces
 * `Date` with a function, which a `Date` subclass does not survive) — safe inside Temporal workflow sandboxes (the
 * library is allowed there by the layer rules).
 *
 * Project rules:
 * - Month arithmetic clamps to the last day of the target month (31 Jan + 1 month = 28/29 Feb).
 * - A person born on 29 February has their birthday on 1 March in non-leap years (so they turn 18 on 1 March of
 *   a non-leap year, not on 28 February).
 */
import { Temporal } from 'temporal-polyfill';

/** A calendar date `YYYY-MM-DD`. */
export type IsoDate = string;
/** A calendar month `YYYY-MM`. */
export type IsoMonth = string;

export interface CalendarDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
}

export class InvalidDateError extends RangeError {
  constructor(value: unknown, kind = 'date (YYYY-MM-DD)') {
    super(`not a valid ${kind}: ${String(value)}`);
    this.name = 'InvalidDateError';
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

function plainDate(year: number, month: number, day: number): Temporal.PlainDate {
  return new Temporal.PlainDate(year, month, day);
}

function dayOf(iso: IsoDate): Temporal.PlainDate {
  const { year, month, day } = parseIsoDate(iso);
  return plainDate(year, month, day);
}

function isoOf(date: Temporal.PlainDate): IsoDate {
  return formatIsoDate({ year: date.year, month: date.month, day: date.day });
}

const EPOCH = plainDate(1970, 1, 1);

export function isLeapYear(year: number): boolean {
  return plainDate(year, 1, 1).inLeapYear;
}

export function daysInMonth(year: number, month: number): number {
  return plainDate(year, month, 1).daysInMonth;
}

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Parses `YYYY-MM-DD`; undefined when the text or the date is invalid (e.g. 2026-02-29). */
export function tryParseIsoDate(value: unknown): CalendarDate | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isValidCalendarDate(year, month, day) ? { year, month, day } : undefined;
}

export function isValidIsoDate(value: unknown): value is IsoDate {
  return tryParseIsoDate(value) !== undefined;
}

/** Parses `YYYY-MM-DD`; throws InvalidDateError when invalid. */
export function parseIsoDate(value: IsoDate): CalendarDate {
  const parsed = tryParseIsoDate(value);
  if (parsed === undefined) throw new InvalidDateError(value);
  return parsed;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatIsoDate(date: CalendarDate): IsoDate {
  if (!isValidCalendarDate(date.year, date.month, date.day)) {
    throw new InvalidDateError(`${date.year}-${date.month}-${date.day}`);
  }
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Days since 1970-01-01 (negative before). */
export function toEpochDay(iso: IsoDate): number {
  return EPOCH.until(dayOf(iso)).days;
}

/** Inverse of toEpochDay. */
export function fromEpochDay(epochDay: number): IsoDate {
  if (!Number.isInteger(epochDay)) throw new RangeError(`epoch day must be an integer: ${epochDay}`);
  return isoOf(EPOCH.add({ days: epochDay }));
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  return isoOf(dayOf(iso).add({ days }));
}

/** Adds calendar months; the day clamps to the last day of the target month (2026-01-31 + 1 → 2026-02-28). */
export function addMonthsClamped(iso: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  return isoOf(dayOf(iso).add({ months }, { overflow: 'constrain' }));
}

export function addYearsClamped(iso: IsoDate, years: number): IsoDate {
  return addMonthsClamped(iso, years * 12);
}

export function firstDayOfMonth(iso: IsoDate): IsoDate {
  return isoOf(dayOf(iso).with({ day: 1 }));
}

export function lastDayOfMonth(iso: IsoDate): IsoDate {
  const date = dayOf(iso);
  return isoOf(date.with({ day: date.daysInMonth }));
}

/** Whole days from `earlier` to `later` (negative when `later` is before `earlier`). */
export function diffInDays(later: IsoDate, earlier: IsoDate): number {
  return dayOf(earlier).until(dayOf(later)).days;
}

/** -1, 0 or 1. Both arguments must be valid dates. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const order = Temporal.PlainDate.compare(dayOf(a), dayOf(b));
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

export function isBefore(a: IsoDate, b: IsoDate): boolean {
  return compareIsoDates(a, b) < 0;
}

export function isAfter(a: IsoDate, b: IsoDate): boolean {
  return compareIsoDates(a, b) > 0;
}

export function minIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareIsoDates(a, b) <= 0 ? a : b;
}

export function maxIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareIsoDates(a, b) >= 0 ? a : b;
}

/**
 * The date of the birthday in `year`. Project rule: a 29 February birthday falls on 1 March in non-leap years.
 */
export function birthdayInYear(birthDate: IsoDate, year: number): IsoDate {
  const { month, day } = parseIsoDate(birthDate);
  if (month === 2 && day === 29 && !isLeapYear(year)) return formatIsoDate({ year, month: 3, day: 1 });
  return formatIsoDate({ year, month, day });
}

/** The date on which a person born on `birthDate` turns `years` old (29 Feb rule as in birthdayInYear). */
export function nthBirthday(birthDate: IsoDate, years: number): IsoDate {
  if (!Number.isInteger(years) || years < 0)
    throw new RangeError(`years must be a non-negative integer: ${years}`);
  return birthdayInYear(birthDate, parseIsoDate(birthDate).year + years);
}

/**
 * Age in whole years on `onDate`; a person turns a year older on their birthday (29 Feb → 1 Mar in non-leap
 * years). Throws RangeError when `onDate` is before `birthDate`.
 */
export function ageInWholeYears(birthDate: IsoDate, onDate: IsoDate): number {
  if (isBefore(onDate, birthDate)) throw new RangeError(`${onDate} is before the birth date ${birthDate}`);
  const birthYear = parseIsoDate(birthDate).year;
  const year = parseIsoDate(onDate).year;
  const hadBirthday = !isBefore(onDate, birthdayInYear(birthDate, year));
  return year - birthYear - (hadBirthday ? 0 : 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar months (YYYY-MM)

export function isValidIsoMonth(value: unknown): value is IsoMonth {
  if (typeof value !== 'string') return false;
  const m = ISO_MONTH.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12;
}

export function parseIsoMonth(value: IsoMonth): { readonly year: number; readonly month: number } {
  if (!isValidIsoMonth(value)) throw new InvalidDateError(value, 'month (YYYY-MM)');
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5, 7)) };
}

export function formatIsoMonth(year: number, month: number): IsoMonth {
  const text = `${pad(year, 4)}-${pad(month, 2)}`;
  if (!isValidIsoMonth(text)) throw new InvalidDateError(text, 'month (YYYY-MM)');
  return text;
}

/** The month a date falls in: 2026-03-15 → 2026-03. */
export function isoMonthOf(iso: IsoDate): IsoMonth {
  const { year, month } = parseIsoDate(iso);
  return formatIsoMonth(year, month);
}

export function addIsoMonths(month: IsoMonth, months: number): IsoMonth {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  return isoMonthOf(addMonthsClamped(firstDayOfIsoMonth(month), months));
}

export function firstDayOfIsoMonth(month: IsoMonth): IsoDate {
  const p = parseIsoMonth(month);
  return formatIsoDate({ year: p.year, month: p.month, day: 1 });
}

export function lastDayOfIsoMonth(month: IsoMonth): IsoDate {
  return lastDayOfMonth(firstDayOfIsoMonth(month));
}

/** Calendar months from `from` to `to` (2025-11 → 2026-02 = 3; negative when `to` is earlier). */
export function monthsBetweenIsoMonths(from: IsoMonth, to: IsoMonth): number {
  return dayOf(firstDayOfIsoMonth(from)).until(dayOf(firstDayOfIsoMonth(to)), { largestUnit: 'months' })
    .months;
}

/**
 * Whole months from date `from` to date `to`: the largest n ≥ 0 with addMonthsClamped(from, n) ≤ to
 * (2026-01-31 → 2026-02-28 = 1, by the clamping rule). Throws RangeError when `to` is before `from`.
 */
export function wholeMonthsBetween(from: IsoDate, to: IsoDate): number {
  if (isBefore(to, from)) throw new RangeError(`${to} is before ${from}`);
  let n = monthsBetweenIsoMonths(isoMonthOf(from), isoMonthOf(to));
  while (n > 0 && isAfter(addMonthsClamped(from, n), to)) n -= 1;
  return n;
}

/** The months from `from` to `to` inclusive, in order. */
export function isoMonthRange(from: IsoMonth, to: IsoMonth): IsoMonth[] {
  const count = monthsBetweenIsoMonths(from, to);
  const out: IsoMonth[] = [];
  for (let i = 0; i <= count; i += 1) out.push(addIsoMonths(from, i));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Instants → Europe/Riga calendar dates

export const PROJECT_TIME_ZONE = 'Europe/Riga';

/**
 * The calendar date of an instant in Europe/Riga (or another IANA zone). Deterministic for a given instant: pass
 * the workflow's clock reading, never call it without one.
 */
export function calendarDateInZone(instant: Date, timeZone: string = PROJECT_TIME_ZONE): IsoDate {
  return isoOf(
    Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone).toPlainDate(),
  );
}

const HOUR_MS = 3_600_000;

/**
 * Milliseconds from `nowMs` until the Riga calendar date `date` has begun, for a workflow timer (the one helper for
 * "time until a Riga date", issue 15). Riga midnight is 22:00 UTC of the day before in winter (UTC+2) and 21:00 in
 * summer (UTC+3): waking at 22:00 UTC of the day before is never early (in summer it is 01:00 that day). At least
 * `minimumMs` (0 when the date has begun). Pure: pass the workflow clock (`Date.now()` inside a workflow).
 *
 * Keep the formula: a running workflow's timers were started with it, and a timeout that turns from positive to 0
 * changes the commands `condition()` issues (a 0 timeout records a patch marker).
 */
export function msUntilRigaDate(date: IsoDate, nowMs: number, minimumMs = 0): number {
  const utcMidnightMs = dayOf(date).toZonedDateTime('UTC').epochMilliseconds;
  return Math.max(minimumMs, utcMidnightMs - 2 * HOUR_MS - nowMs);
}
