/**
 * Pure date rules of a social service's lifecycle (BRIEF §4.2; issue 6): when delivery records of a month are
 * due, when the next review is and when its task and supervisor alert fire, which calendar months a service runs
 * in, and the validation of a grant decision and of a delivery record. The day counts are effective-dated
 * settings.
 *
 * Bundled into Temporal workflows: no zod, only a type import from the catalogue.
 */
import type { IsoDate, IsoMonth } from '../calendar.js';
import {
  addDays,
  addIsoMonths,
  addMonthsClamped,
  daysInMonth,
  firstDayOfIsoMonth,
  isAfter,
  isBefore,
  isoMonthOf,
  isoMonthRange,
  isValidIsoDate,
  isValidIsoMonth,
  lastDayOfIsoMonth,
  monthsBetweenIsoMonths,
  parseIsoMonth,
} from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { requireEffective } from '../effective-dated.js';
import type { ValidationIssue } from '../validation.js';
import type { ServiceUnit } from './catalogue.js';

export interface ServiceLifecycleSettings extends EffectiveDated {
  /** 5: the records of a month are due by the 5th of the next month. */
  readonly deliveryRecordDueDay: number;
  /** 14: a review task is created this many days before the review date. */
  readonly reviewTaskDaysBefore: number;
  /** 5: supervisor alert before the review date. */
  readonly reviewAlertDaysBefore: number;
}

/** From the entry into force of the Administrative Procedure Law (2004-02-01). */
export const SERVICE_LIFECYCLE_SETTINGS: readonly ServiceLifecycleSettings[] = [
  {
    effectiveFrom: '2004-02-01',
    deliveryRecordDueDay: 5,
    reviewTaskDaysBefore: 14,
    reviewAlertDaysBefore: 5,
  },
];

export function serviceLifecycleSettingsOn(
  date: IsoDate,
  table: readonly ServiceLifecycleSettings[] = SERVICE_LIFECYCLE_SETTINGS,
): ServiceLifecycleSettings {
  return requireEffective(table, date, 'service lifecycle settings');
}

/** Grant limits: how far the start may precede the request, and the monthly volume ceiling. */
export const GRANT_LIMITS = { maxStartDaysBeforeRequest: 31, maxVolumePerMonth: 10_000 } as const;

/** The most units one delivery record (one calendar month) may carry: 31 × 24 hours, 31 days, 1 month. */
export const DELIVERY_UNITS_MAX_PER_MONTH: Readonly<Record<ServiceUnit, number>> = {
  hour: 744,
  day: 31,
  month: 1,
  visit: 200,
};

/**
 * The day the delivery records of `month` are due: the `deliveryRecordDueDay`-th of the next month
 * ('2026-03' → '2026-04-05'; '2026-12' → '2027-01-05'). Settings default to those in force when the month ends.
 */
export function deliveryRecordDueDate(
  month: IsoMonth,
  settings: ServiceLifecycleSettings = serviceLifecycleSettingsOn(lastDayOfIsoMonth(month)),
): IsoDate {
  const next = addIsoMonths(month, 1);
  const { year, month: m } = parseIsoMonth(next);
  const day = Math.min(Math.max(1, settings.deliveryRecordDueDay), daysInMonth(year, m));
  return addDays(firstDayOfIsoMonth(next), day - 1);
}

/** base + N months, clamped to the month end (2026-01-31 + 1 → 2026-02-28). */
export function nextReviewDate(base: IsoDate, reviewPeriodMonths: number): IsoDate {
  if (!Number.isInteger(reviewPeriodMonths) || reviewPeriodMonths < 1) {
    throw new RangeError(`review period must be a positive whole number of months: ${reviewPeriodMonths}`);
  }
  return addMonthsClamped(base, reviewPeriodMonths);
}

/** The day the review task is created: reviewDate − 14 days. */
export function reviewTaskDate(
  reviewDate: IsoDate,
  settings: ServiceLifecycleSettings = serviceLifecycleSettingsOn(reviewDate),
): IsoDate {
  return addDays(reviewDate, -settings.reviewTaskDaysBefore);
}

/** The day the supervisor is alerted: reviewDate − 5 days. */
export function reviewAlertDate(
  reviewDate: IsoDate,
  settings: ServiceLifecycleSettings = serviceLifecycleSettingsOn(reviewDate),
): IsoDate {
  return addDays(reviewDate, -settings.reviewAlertDaysBefore);
}

/** Calendar months the service runs in, from start to end inclusive (end null = up to and including `until`). */
export function serviceMonths(start: IsoDate, end: IsoDate | null, until: IsoDate): IsoMonth[] {
  const from = isoMonthOf(start);
  const to = isoMonthOf(end ?? until);
  if (monthsBetweenIsoMonths(from, to) < 0) return [];
  return isoMonthRange(from, to);
}

function isCents(value: number): boolean {
  const cents = value * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6;
}

/**
 * Validates a grant decision: startDate a valid date not more than 31 days before the request, endDate null or
 * ≥ startDate, volume > 0 and ≤ 10000 units per month (at most 2 decimals), reviewDate null or > startDate.
 * Paths: 'startDate', 'endDate', 'volume', 'reviewDate'.
 */
export function validateGrant(input: {
  requestedAt: IsoDate;
  startDate: string;
  endDate: string | null;
  reviewDate: string | null;
  volume: number;
}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const startValid = isValidIsoDate(input.startDate);
  if (!startValid) {
    issues.push({ path: 'startDate', message: 'not a valid date (YYYY-MM-DD)' });
  } else if (isValidIsoDate(input.requestedAt)) {
    const earliest = addDays(input.requestedAt, -GRANT_LIMITS.maxStartDaysBeforeRequest);
    if (isBefore(input.startDate, earliest)) {
      issues.push({
        path: 'startDate',
        message: `may be at most ${GRANT_LIMITS.maxStartDaysBeforeRequest} days before the request (${earliest})`,
      });
    }
  }
  if (input.endDate !== null) {
    if (!isValidIsoDate(input.endDate)) {
      issues.push({ path: 'endDate', message: 'not a valid date (YYYY-MM-DD)' });
    } else if (startValid && isBefore(input.endDate, input.startDate)) {
      issues.push({ path: 'endDate', message: `must not be before the start date ${input.startDate}` });
    }
  }
  const v = input.volume;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    issues.push({ path: 'volume', message: 'must be greater than 0' });
  } else if (v > GRANT_LIMITS.maxVolumePerMonth) {
    issues.push({ path: 'volume', message: `at most ${GRANT_LIMITS.maxVolumePerMonth} units per month` });
  } else if (!isCents(v)) {
    issues.push({ path: 'volume', message: 'at most 2 decimal places' });
  }
  if (input.reviewDate !== null) {
    if (!isValidIsoDate(input.reviewDate)) {
      issues.push({ path: 'reviewDate', message: 'not a valid date (YYYY-MM-DD)' });
    } else if (startValid && !isAfter(input.reviewDate, input.startDate)) {
      issues.push({ path: 'reviewDate', message: `must be after the start date ${input.startDate}` });
    }
  }
  return issues;
}

/**
 * Validates a delivery record: month a valid YYYY-MM within the service months (start..end, or start..today when
 * open-ended) and not after the month of `today`; units ≥ 0, at most 744 (hour), 31 (day), 1 (month) or 200
 * (visit), at most 2 decimals. Paths 'month', 'units'.
 */
export function validateDeliveryRecord(input: {
  month: string;
  units: number;
  unit: ServiceUnit;
  startDate: IsoDate;
  endDate: IsoDate | null;
  today: IsoDate;
}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isValidIsoMonth(input.month)) {
    issues.push({ path: 'month', message: 'not a valid month (YYYY-MM)' });
  } else {
    const first = isoMonthOf(input.startDate);
    const currentMonth = isoMonthOf(input.today);
    if (monthsBetweenIsoMonths(first, input.month) < 0) {
      issues.push({ path: 'month', message: `the service starts in ${first}` });
    } else if (monthsBetweenIsoMonths(currentMonth, input.month) > 0) {
      issues.push({ path: 'month', message: `must not be after the current month ${currentMonth}` });
    } else if (input.endDate !== null && monthsBetweenIsoMonths(isoMonthOf(input.endDate), input.month) > 0) {
      issues.push({ path: 'month', message: `the service ended in ${isoMonthOf(input.endDate)}` });
    }
  }
  const u = input.units;
  const max = DELIVERY_UNITS_MAX_PER_MONTH[input.unit];
  if (typeof u !== 'number' || !Number.isFinite(u) || u < 0) {
    issues.push({ path: 'units', message: 'must be a number of at least 0' });
  } else if (u > max) {
    issues.push({ path: 'units', message: `at most ${max} per month for the unit '${input.unit}'` });
  } else if (!isCents(u)) {
    issues.push({ path: 'units', message: 'at most 2 decimal places' });
  }
  return issues;
}
