/**
 * Latvian public holidays (svētku dienas, law "Par svētku, atceres un atzīmējamām dienām", section 1) as an
 * effective-dated table of rules: the rule set in force on a date decides whether that date is a holiday.
 *
 * Rules of the current law:
 * - fixed dates: 1 January, 1 May, 23 and 24 June (Līgo, Jāņi), 24, 25, 26 and 31 December;
 * - movable: Good Friday, Easter Sunday and Easter Monday (Western Easter, Gregorian calendar);
 * - 4 May (restoration of independence) and 18 November (proclamation of the Republic): when the day falls on a
 *   Saturday or Sunday, the next Monday is a holiday (the day itself stays one);
 * - one-off days the Saeima declares (e.g. the closing day of the Song and Dance Festival) go into `extraDays`
 *   of a new entry when they are declared.
 * The table starts in 2024: earlier years are not needed by any deadline the product computes and have not been
 * checked; a date before the first entry is a validation error, never a silent guess.
 */
import type { IsoDate } from '../calendar.js';
import { addDays, formatIsoDate, parseIsoDate, toEpochDay } from '../calendar.js';
import type { EffectiveDated } from '../effective-dated.js';
import { requireEffective } from '../effective-dated.js';

/** `MM-DD` */
export type MonthDay = string;

export interface HolidayRules extends EffectiveDated {
  /** Holidays on the same calendar day every year. */
  readonly fixed: readonly MonthDay[];
  /** Days relative to Western Easter Sunday (−2 Good Friday, 0 Easter Sunday, 1 Easter Monday). */
  readonly easterOffsets: readonly number[];
  /** Holidays that, falling on a Saturday or Sunday, make the next Monday a holiday too. */
  readonly mondayIfWeekend: readonly MonthDay[];
  /** One-off holidays declared for a single year. */
  readonly extraDays: readonly IsoDate[];
}

export const LATVIAN_HOLIDAY_RULES: readonly HolidayRules[] = [
  {
    effectiveFrom: '2024-01-01',
    fixed: ['01-01', '05-01', '05-04', '06-23', '06-24', '11-18', '12-24', '12-25', '12-26', '12-31'],
    easterOffsets: [-2, 0, 1],
    mondayIfWeekend: ['05-04', '11-18'],
    extraDays: [],
  },
];

/** Western (Gregorian) Easter Sunday of `year` (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatIsoDate({ year, month, day });
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export function isoDayOfWeek(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(date: IsoDate): boolean {
  return isoDayOfWeek(date) >= 6;
}

/** The Monday after a weekend day (Saturday → +2, Sunday → +1). */
function nextMonday(date: IsoDate): IsoDate {
  return addDays(date, 8 - isoDayOfWeek(date));
}

/** Every holiday of `year` under `rules`, sorted, without duplicates. */
export function holidaysOfYear(year: number, rules: HolidayRules): IsoDate[] {
  const pad = (md: MonthDay): IsoDate => `${String(year).padStart(4, '0')}-${md}`;
  const days = new Set<IsoDate>(rules.fixed.map(pad));
  const easter = easterSunday(year);
  for (const offset of rules.easterOffsets) days.add(addDays(easter, offset));
  for (const md of rules.mondayIfWeekend) {
    const day = pad(md);
    if (isWeekend(day)) days.add(nextMonday(day));
  }
  for (const extra of rules.extraDays) if (parseIsoDate(extra).year === year) days.add(extra);
  return [...days].sort();
}

export function holidayRulesOn(
  date: IsoDate,
  table: readonly HolidayRules[] = LATVIAN_HOLIDAY_RULES,
): HolidayRules {
  return requireEffective(table, date, 'public holiday rules');
}

/** Whether `date` is a Latvian public holiday under the rules in force on that date. */
export function isPublicHoliday(
  date: IsoDate,
  table: readonly HolidayRules[] = LATVIAN_HOLIDAY_RULES,
): boolean {
  const rules = holidayRulesOn(date, table);
  return holidaysOfYear(parseIsoDate(date).year, rules).includes(date);
}
