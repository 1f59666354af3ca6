import { describe, expect, it } from '@jest/globals';
import {
  addDays,
  addIsoMonths,
  addMonthsClamped,
  ageInWholeYears,
  birthdayInYear,
  calendarDateInZone,
  msUntilRigaDate,
  compareIsoDates,
  diffInDays,
  firstDayOfIsoMonth,
  firstDayOfMonth,
  formatIsoDate,
  fromEpochDay,
  isoMonthOf,
  isoMonthRange,
  isValidIsoDate,
  isValidIsoMonth,
  lastDayOfIsoMonth,
  lastDayOfMonth,
  monthsBetweenIsoMonths,
  nthBirthday,
  parseIsoDate,
  toEpochDay,
  wholeMonthsBetween,
} from '../../../domain/calendar.js';

describe('ISO date validation', () => {
  it.each([
    ['2026-03-15', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['0000-01-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
    ['', false],
    [' 2026-01-01', false],
  ])('%s valid = %s', (value, valid) => {
    expect(isValidIsoDate(value)).toBe(valid);
    if (valid) expect(formatIsoDate(parseIsoDate(value))).toBe(value);
    else expect(() => parseIsoDate(value)).toThrow(RangeError);
  });

  it('rejects non-strings', () => {
    expect(isValidIsoDate(20260101)).toBe(false);
    expect(isValidIsoDate(null)).toBe(false);
  });
});

describe('the arithmetic does not depend on the time zone of the machine', () => {
  it('works on UTC days: the process time zone is never read', () => {
    // Fixed results that a local-time implementation gets wrong east or west of UTC (or across Riga's DST days);
    // run this file with TZ=Pacific/Kiritimati or TZ=America/Los_Angeles to check another zone.
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(diffInDays('2026-03-30', '2026-03-29')).toBe(1);
    expect(diffInDays('2026-10-26', '2026-10-25')).toBe(1);
    expect(toEpochDay('0001-01-01')).toBe(-719162);
    expect(fromEpochDay(-719162)).toBe('0001-01-01');
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
  });
});

describe('epoch-day arithmetic agrees with the UTC calendar', () => {
  it('for every day from 1799 to 2101', () => {
    const start = Date.UTC(1799, 0, 1) / 86_400_000;
    const end = Date.UTC(2101, 11, 31) / 86_400_000;
    for (let d = start; d <= end; d += 1) {
      const iso = new Date(d * 86_400_000).toISOString().slice(0, 10);
      if (fromEpochDay(d) !== iso || toEpochDay(iso) !== d) throw new Error(`mismatch at ${iso}`);
    }
    expect(fromEpochDay(0)).toBe('1970-01-01');
  });
});

describe('addMonthsClamped', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-01-30', 1, '2026-02-28'],
    ['2026-11-20', 2, '2027-01-20'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-05-31', 0, '2026-05-31'],
    ['2026-12-31', 6, '2027-06-30'],
    ['2026-03-15', -27, '2023-12-15'],
    // month-end clamping into every short month, backwards too
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-10-31', 1, '2026-11-30'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2100-01-31', 1, '2100-02-28'],
    ['2000-01-31', 1, '2000-02-29'],
    ['2026-01-31', 3, '2026-04-30'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonthsClamped(date, months)).toBe(expected);
  });
});

describe('addDays and diffInDays', () => {
  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-05-31', -14, '2026-05-17'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(diffInDays(expected, date)).toBe(days);
  });
});

describe('month boundaries', () => {
  it.each([
    ['2026-02-14', '2026-02-01', '2026-02-28'],
    ['2024-02-14', '2024-02-01', '2024-02-29'],
    ['1900-02-01', '1900-02-01', '1900-02-28'],
    ['2000-02-29', '2000-02-01', '2000-02-29'],
    ['2026-04-30', '2026-04-01', '2026-04-30'],
    ['2026-12-31', '2026-12-01', '2026-12-31'],
  ])('%s → %s … %s', (date, first, last) => {
    expect(firstDayOfMonth(date)).toBe(first);
    expect(lastDayOfMonth(date)).toBe(last);
  });
});

describe('compareIsoDates', () => {
  it.each([
    ['2026-01-01', '2026-01-02', -1],
    ['2026-01-02', '2026-01-01', 1],
    ['2026-01-01', '2026-01-01', 0],
    ['2025-12-31', '2026-01-01', -1],
  ])('%s vs %s = %i', (a, b, expected) => {
    expect(compareIsoDates(a, b)).toBe(expected);
  });
});

describe('age in whole years (29 Feb birthdays count on 1 Mar in non-leap years)', () => {
  it.each([
    ['1985-02-01', '2026-03-15', 41],
    ['2008-03-15', '2026-03-14', 17],
    ['2008-03-15', '2026-03-15', 18],
    ['1961-03-15', '2026-03-14', 64],
    ['1961-03-15', '2026-03-15', 65],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2008-02-29', '2028-02-28', 19],
    ['2008-02-29', '2028-02-29', 20],
    ['2026-03-15', '2026-03-15', 0],
    ['2025-12-31', '2026-12-30', 0],
    ['2025-12-31', '2026-12-31', 1],
  ])('born %s, on %s → %i', (birth, on, age) => {
    expect(ageInWholeYears(birth, on)).toBe(age);
  });

  it('throws for a date before the birth', () => {
    expect(() => ageInWholeYears('2026-03-15', '2026-03-14')).toThrow(RangeError);
  });

  it.each([
    ['2024-02-29', 2027, '2027-03-01'],
    ['2024-02-29', 2028, '2028-02-29'],
    ['2024-06-15', 2027, '2027-06-15'],
  ])('birthday of %s in %i is %s', (birth, year, expected) => {
    expect(birthdayInYear(birth, year)).toBe(expected);
  });

  it.each([
    ['2024-02-29', 3, '2027-03-01'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2008-02-29', 18, '2026-03-01'],
  ])('born %s turns %i on %s', (birth, years, expected) => {
    expect(nthBirthday(birth, years)).toBe(expected);
    expect(ageInWholeYears(birth, expected)).toBe(years);
    expect(ageInWholeYears(birth, addDays(expected, -1))).toBe(years - 1);
  });
});

describe('ISO months', () => {
  it.each([
    ['2026-03', true],
    ['2026-12', true],
    ['2026-13', false],
    ['2026-00', false],
    ['2026-3', false],
    ['2026-03-01', false],
  ])('%s valid = %s', (value, valid) => {
    expect(isValidIsoMonth(value)).toBe(valid);
  });

  it.each([
    ['2026-01', -1, '2025-12'],
    ['2025-11', 3, '2026-02'],
    ['2026-03', 0, '2026-03'],
    ['2026-03', -15, '2024-12'],
  ])('%s + %i = %s', (month, n, expected) => {
    expect(addIsoMonths(month, n)).toBe(expected);
    expect(monthsBetweenIsoMonths(month, expected)).toBe(n);
  });

  it('converts between dates and months', () => {
    expect(isoMonthOf('2026-03-15')).toBe('2026-03');
    expect(firstDayOfIsoMonth('2024-02')).toBe('2024-02-01');
    expect(lastDayOfIsoMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfIsoMonth('2026-02')).toBe('2026-02-28');
    expect(isoMonthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it.each([
    ['2026-01-31', '2026-02-28', 1],
    ['2026-01-31', '2026-02-27', 0],
    ['2026-01-15', '2026-04-14', 2],
    ['2026-01-15', '2026-04-15', 3],
    ['2026-03-15', '2026-03-15', 0],
    ['2025-11-30', '2027-02-28', 15],
  ])('whole months from %s to %s = %i', (from, to, n) => {
    expect(wholeMonthsBetween(from, to)).toBe(n);
  });
});

describe('calendarDateInZone (Europe/Riga)', () => {
  it.each([
    ['2026-03-14T22:30:00Z', '2026-03-15'], // winter UTC+2
    ['2026-03-14T21:59:59Z', '2026-03-14'],
    ['2026-06-30T21:30:00Z', '2026-07-01'], // summer UTC+3
    ['2026-06-30T20:59:59Z', '2026-06-30'],
    ['2026-12-31T22:00:00Z', '2027-01-01'],
    // spring forward, Sunday 29 March 2026 03:00 → 04:00 Riga (01:00 UTC): the day is 23 hours long
    ['2026-03-28T21:59:59Z', '2026-03-28'],
    ['2026-03-28T22:00:00Z', '2026-03-29'],
    ['2026-03-29T00:59:59Z', '2026-03-29'],
    ['2026-03-29T01:00:00Z', '2026-03-29'],
    ['2026-03-29T20:59:59Z', '2026-03-29'],
    ['2026-03-29T21:00:00Z', '2026-03-30'],
    // fall back, Sunday 25 October 2026 04:00 → 03:00 Riga (01:00 UTC): the day is 25 hours long
    ['2026-10-24T20:59:59Z', '2026-10-24'],
    ['2026-10-24T21:00:00Z', '2026-10-25'],
    ['2026-10-25T00:59:59Z', '2026-10-25'],
    ['2026-10-25T01:00:00Z', '2026-10-25'],
    ['2026-10-25T21:59:59Z', '2026-10-25'],
    ['2026-10-25T22:00:00Z', '2026-10-26'],
  ])('%s → %s', (instant, expected) => {
    expect(calendarDateInZone(new Date(instant))).toBe(expected);
  });
});

describe('msUntilRigaDate', () => {
  const at = (iso: string) => Date.parse(iso);

  it('wakes at 22:00 UTC of the day before: Riga midnight in winter, 01:00 in summer', () => {
    expect(msUntilRigaDate('2026-01-16', at('2026-01-15T12:00:00Z'))).toBe(10 * 3_600_000);
    const winter = at('2026-01-15T12:00:00Z') + msUntilRigaDate('2026-01-16', at('2026-01-15T12:00:00Z'));
    expect(calendarDateInZone(new Date(winter))).toBe('2026-01-16');
    expect(calendarDateInZone(new Date(winter - 1))).toBe('2026-01-15');
    const summer = at('2026-07-15T12:00:00Z') + msUntilRigaDate('2026-07-16', at('2026-07-15T12:00:00Z'));
    expect(new Date(summer).toISOString()).toBe('2026-07-15T22:00:00.000Z');
    expect(calendarDateInZone(new Date(summer))).toBe('2026-07-16');
  });

  it('is never below the minimum, and 0 by default once the date has begun', () => {
    expect(msUntilRigaDate('2026-01-16', at('2026-01-15T22:00:00Z'))).toBe(0);
    expect(msUntilRigaDate('2026-01-10', at('2026-01-15T12:00:00Z'))).toBe(0);
    expect(msUntilRigaDate('2026-01-10', at('2026-01-15T12:00:00Z'), 60_000)).toBe(60_000);
    expect(msUntilRigaDate('2026-01-16', at('2026-01-15T21:59:59.500Z'), 1_000)).toBe(1_000);
  });

  it('wakes on the right Riga date across the daylight-saving changes', () => {
    // 22:00 UTC on 28 March is Riga midnight (UTC+2 until 01:00 UTC on the 29th).
    const spring = at('2026-03-28T12:00:00Z') + msUntilRigaDate('2026-03-29', at('2026-03-28T12:00:00Z'));
    expect(new Date(spring).toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(calendarDateInZone(new Date(spring))).toBe('2026-03-29');
    expect(calendarDateInZone(new Date(spring - 1))).toBe('2026-03-28');
    // 22:00 UTC on 24 October is 01:00 Riga on the 25th (still UTC+3): never early.
    const autumn = at('2026-10-24T12:00:00Z') + msUntilRigaDate('2026-10-25', at('2026-10-24T12:00:00Z'));
    expect(calendarDateInZone(new Date(autumn))).toBe('2026-10-25');
    // 22:00 UTC on 25 October is Riga midnight again (UTC+2 from 01:00 UTC).
    const after = at('2026-10-25T12:00:00Z') + msUntilRigaDate('2026-10-26', at('2026-10-25T12:00:00Z'));
    expect(calendarDateInZone(new Date(after))).toBe('2026-10-26');
    expect(calendarDateInZone(new Date(after - 1))).toBe('2026-10-25');
  });

  it('counts across months and years', () => {
    expect(msUntilRigaDate('2027-01-01', at('2026-12-31T00:00:00Z'))).toBe(22 * 3_600_000);
    expect(msUntilRigaDate('2026-03-01', at('2026-02-27T22:00:00Z'))).toBe(86_400_000);
  });
});
