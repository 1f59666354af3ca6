/**
 * Report periods (BRIEF §4.9): a month `YYYY-MM` for annex 1, a year `YYYY` for the annual annexes. A period is
 * past, in progress (figures to date) or in the future (refused).
 */
import {
  compareIsoDates,
  firstDayOfIsoMonth,
  isValidIsoMonth,
  lastDayOfIsoMonth,
  minIsoDate,
  type IsoDate,
} from '../calendar.js';
import { DomainValidationError } from '../validation.js';

export type PeriodKind = 'month' | 'year';

export interface ReportPeriod {
  readonly kind: PeriodKind;
  /** `YYYY-MM` or `YYYY`. */
  readonly key: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export type PeriodState = 'past' | 'in-progress' | 'future';

const YEAR = /^(\d{4})$/;

/** Parses a period of the given kind; a malformed one is a validation error on `path`. */
export function parseReportPeriod(value: string, kind: PeriodKind, path = 'period'): ReportPeriod {
  if (kind === 'month') {
    if (!isValidIsoMonth(value) || Number(value.slice(0, 4)) < 1900) {
      throw new DomainValidationError([{ path, message: `not a valid month (YYYY-MM): ${value}` }]);
    }
    return { kind, key: value, from: firstDayOfIsoMonth(value), to: lastDayOfIsoMonth(value) };
  }
  const m = YEAR.exec(value);
  if (!m || Number(m[1]) < 1900) {
    throw new DomainValidationError([{ path, message: `not a valid year (YYYY): ${value}` }]);
  }
  return { kind, key: value, from: `${value}-01-01`, to: `${value}-12-31` };
}

export function periodState(period: ReportPeriod, today: IsoDate): PeriodState {
  if (compareIsoDates(period.from, today) > 0) return 'future';
  return compareIsoDates(period.to, today) < 0 ? 'past' : 'in-progress';
}

/** A period the reports can answer for on `today`: past or in progress; the future is a validation error. */
export function requireReportablePeriod(
  value: string,
  kind: PeriodKind,
  today: IsoDate,
  path = 'period',
): { period: ReportPeriod; state: PeriodState; until: IsoDate } {
  const period = parseReportPeriod(value, kind, path);
  const state = periodState(period, today);
  if (state === 'future') {
    throw new DomainValidationError([{ path, message: `the period ${value} has not started yet` }]);
  }
  return { period, state, until: minIsoDate(period.to, today) };
}

/**
 * Whether [from, to] (to null = open) overlaps [a, b] on at least one day. The dates are valid ISO dates (from the
 * database and the parsed period), whose text order is their calendar order: compared as strings, because this runs
 * once per record of a report.
 */
export function overlaps(from: IsoDate, to: IsoDate | null, a: IsoDate, b: IsoDate): boolean {
  return from <= b && (to === null || to >= a);
}
