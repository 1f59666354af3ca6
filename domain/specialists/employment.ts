/**
 * Employment history of one specialist: periods at organisations, each `from`..`to` inclusive (`to` null while
 * employed). A period that starts on or before the day after the previous one ended continues the same spell (a move
 * between organisations keeps every date); a gap of at least one day means the person left and later returned.
 */
import type { IsoDate } from '../calendar.js';
import { addDays, compareIsoDates, isValidIsoDate } from '../calendar.js';
import type { ValidationIssue } from '../validation.js';

export interface EmploymentPeriod {
  readonly organisationId: string;
  readonly from: IsoDate;
  /** The last day employed, inclusive; null while employed. */
  readonly to: IsoDate | null;
}

/** A continuous stretch of employment, possibly across several organisations (moves). */
export interface EmploymentSpell {
  readonly from: IsoDate;
  readonly to: IsoDate | null;
  readonly periods: readonly EmploymentPeriod[];
}

function endsBefore(to: IsoDate | null, date: IsoDate): boolean {
  return to !== null && compareIsoDates(to, date) < 0;
}

function laterEnd(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a === null || b === null) return null;
  return compareIsoDates(a, b) >= 0 ? a : b;
}

export function sortPeriods(periods: readonly EmploymentPeriod[]): EmploymentPeriod[] {
  return [...periods].sort((a, b) => compareIsoDates(a.from, b.from));
}

/** Merges periods into spells: touching (next day) or overlapping periods belong to one spell. */
export function employmentSpells(periods: readonly EmploymentPeriod[]): EmploymentSpell[] {
  const spells: { from: IsoDate; to: IsoDate | null; periods: EmploymentPeriod[] }[] = [];
  for (const p of sortPeriods(periods)) {
    const last = spells.at(-1);
    if (last && !endsBefore(last.to, addDays(p.from, -1))) {
      last.to = laterEnd(last.to, p.to);
      last.periods.push(p);
    } else {
      spells.push({ from: p.from, to: p.to, periods: [p] });
    }
  }
  return spells;
}

function contains(from: IsoDate, to: IsoDate | null, date: IsoDate): boolean {
  return compareIsoDates(from, date) <= 0 && !endsBefore(to, date);
}

/** The spell the person is in on `date`, if employed then. */
export function spellOn(periods: readonly EmploymentPeriod[], date: IsoDate): EmploymentSpell | undefined {
  return employmentSpells(periods).find((s) => contains(s.from, s.to, date));
}

/** The latest spell that started on or before `date` (the current one, or the one the person last left). */
export function latestSpellBy(
  periods: readonly EmploymentPeriod[],
  date: IsoDate,
): EmploymentSpell | undefined {
  return employmentSpells(periods)
    .filter((s) => compareIsoDates(s.from, date) <= 0)
    .at(-1);
}

/** The organisation employing the person on `date` (with overlapping periods: the one that started last). */
export function organisationOn(periods: readonly EmploymentPeriod[], date: IsoDate): string | undefined {
  return sortPeriods(periods)
    .filter((p) => contains(p.from, p.to, date))
    .at(-1)?.organisationId;
}

/** The organisation of the latest period (current, or the last one left): whose record it is. */
export function latestOrganisation(periods: readonly EmploymentPeriod[]): string | undefined {
  return sortPeriods(periods).at(-1)?.organisationId;
}

/**
 * Where a new employment at `organisationId` from `from` leaves the open (or later-ending) earlier periods: each ends
 * the day before, but never before its own start. Returns the periods with their new ends.
 */
export function closeForNewEmployment(
  periods: readonly EmploymentPeriod[],
  from: IsoDate,
): { index: number; to: IsoDate }[] {
  const dayBefore = addDays(from, -1);
  const out: { index: number; to: IsoDate }[] = [];
  periods.forEach((p, index) => {
    if (p.to === null || compareIsoDates(p.to, dayBefore) > 0) {
      out.push({ index, to: compareIsoDates(dayBefore, p.from) < 0 ? p.from : dayBefore });
    }
  });
  return out;
}

export function validatePeriodEnd(from: IsoDate, to: IsoDate, path = 'employedTo'): ValidationIssue[] {
  if (!isValidIsoDate(to)) return [{ path, message: 'not a valid date (YYYY-MM-DD)' }];
  if (compareIsoDates(to, from) < 0)
    return [{ path, message: `must not be before the employment start ${from}` }];
  return [];
}
