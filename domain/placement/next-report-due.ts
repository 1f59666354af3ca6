/**
 * Child placement review deadlines (BRIEF §4.3; SPSP art. 28; issue 7).
 *
 * Interpretation of the project rule "report date + 3 months if that date falls before the 3rd birthday, else
 * report date + 6 months": "that date" is the *resulting* date. base = the last report date, else the placement
 * start; candidate = base + 3 calendar months; if candidate is strictly before the 3rd birthday the next report
 * is due on candidate, otherwise (candidate on or after the birthday) on base + 6 calendar months. Month
 * arithmetic clamps to the month's last day; a 29 February birth has its birthday on 1 March in non-leap years.
 */
import type { IsoDate } from '../calendar.js';
import { addMonthsClamped, isAfter, isBefore, isValidIsoDate, maxIsoDate, nthBirthday } from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { requireEffective } from '../effective-dated.js';
import type { ValidationIssue } from '../validation.js';

export interface PlacementReviewSettings extends EffectiveDated {
  /** The age (whole years) from which the longer interval applies. */
  readonly ageThresholdYears: number;
  readonly monthsBeforeThreshold: number;
  readonly monthsFromThreshold: number;
}

/** From the entry into force of the Law on Social Services and Social Assistance (SPSP), so placements that started
 * long ago (synchronised from NPAIS) have a rule too. */
export const PLACEMENT_REVIEW_SETTINGS: readonly PlacementReviewSettings[] = [
  { effectiveFrom: '2003-01-01', ageThresholdYears: 3, monthsBeforeThreshold: 3, monthsFromThreshold: 6 },
];

export function placementReviewSettingsOn(
  date: IsoDate,
  table: readonly PlacementReviewSettings[] = PLACEMENT_REVIEW_SETTINGS,
): PlacementReviewSettings {
  return requireEffective(table, date, 'placement review settings');
}

export interface PlacementForDueDate {
  readonly childBirthDate: IsoDate;
  readonly startDate: IsoDate;
  /** The latest report date, when there is one. */
  readonly lastReportDate?: IsoDate | null;
}

export function nextReportDue(
  placement: PlacementForDueDate,
  settings: PlacementReviewSettings = placementReviewSettingsOn(
    placement.lastReportDate ?? placement.startDate,
  ),
): IsoDate {
  const base = placement.lastReportDate ?? placement.startDate;
  const thresholdBirthday = nthBirthday(placement.childBirthDate, settings.ageThresholdYears);
  const candidate = addMonthsClamped(base, settings.monthsBeforeThreshold);
  return isBefore(candidate, thresholdBirthday)
    ? candidate
    : addMonthsClamped(base, settings.monthsFromThreshold);
}

export interface PlacementReportCheck {
  readonly reportDate: IsoDate;
  /** Today's Europe/Riga calendar date (from the caller's clock). */
  readonly today: IsoDate;
  readonly startDate: IsoDate;
  readonly previousReportDate?: IsoDate | null;
}

/**
 * Issues on `reportDate` (empty when acceptable): not a valid date; in the future (after today); before the
 * previous report; before the placement start (project rule). The same day as the previous report is accepted.
 */
export function validatePlacementReport(check: PlacementReportCheck): ValidationIssue[] {
  const path = 'reportDate';
  if (!isValidIsoDate(check.reportDate)) return [{ path, message: 'not a valid date (YYYY-MM-DD)' }];
  if (isAfter(check.reportDate, check.today))
    return [{ path, message: `${check.reportDate} is in the future` }];
  const previous = check.previousReportDate ?? null;
  if (previous !== null && isBefore(check.reportDate, previous)) {
    return [{ path, message: `${check.reportDate} is before the previous report (${previous})` }];
  }
  if (isBefore(check.reportDate, check.startDate)) {
    return [{ path, message: `${check.reportDate} is before the placement start (${check.startDate})` }];
  }
  return [];
}

/** The latest of several report dates (or null). */
export function latestReportDate(reportDates: readonly IsoDate[]): IsoDate | null {
  return reportDates.reduce<IsoDate | null>((acc, d) => (acc === null ? d : maxIsoDate(acc, d)), null);
}
