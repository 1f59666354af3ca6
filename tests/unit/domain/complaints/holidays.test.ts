import { describe, expect, it } from '@jest/globals';
import {
  easterSunday,
  holidayRulesOn,
  holidaysOfYear,
  isoDayOfWeek,
  isPublicHoliday,
  LATVIAN_HOLIDAY_RULES,
} from '../../../../domain/complaints/holidays.js';
import { isWorkingDay, workingDaysBefore } from '../../../../domain/complaints/working-days.js';
import { DomainValidationError } from '../../../../domain/validation.js';

describe('Western Easter Sunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('Latvian public holidays', () => {
  it.each([
    [
      2025,
      [
        '2025-01-01',
        '2025-04-18',
        '2025-04-20',
        '2025-04-21',
        '2025-05-01',
        '2025-05-04',
        '2025-05-05', // 4 May on a Sunday → Monday
        '2025-06-23',
        '2025-06-24',
        '2025-11-18',
        '2025-12-24',
        '2025-12-25',
        '2025-12-26',
        '2025-12-31',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-04-03',
        '2026-04-05',
        '2026-04-06',
        '2026-05-01',
        '2026-05-04',
        '2026-06-23',
        '2026-06-24',
        '2026-11-18',
        '2026-12-24',
        '2026-12-25',
        '2026-12-26',
        '2026-12-31',
      ],
    ],
    [
      2027,
      [
        '2027-01-01',
        '2027-03-26',
        '2027-03-28',
        '2027-03-29',
        '2027-05-01',
        '2027-05-04',
        '2027-06-23',
        '2027-06-24',
        '2027-11-18',
        '2027-12-24',
        '2027-12-25',
        '2027-12-26',
        '2027-12-31',
      ],
    ],
  ])('%i', (year, expected) => {
    expect(holidaysOfYear(year, holidayRulesOn(`${year}-06-01`))).toEqual(expected);
  });

  it.each([
    ['2028-11-20', true], // 18 Nov 2028 Saturday → Monday 20
    ['2029-11-19', true], // 18 Nov 2029 Sunday → Monday 19
    ['2030-05-06', true], // 4 May 2030 Saturday → Monday 6
    ['2028-11-21', false],
    ['2026-05-05', false], // 4 May 2026 is a Monday itself: no transfer
    ['2026-04-04', false], // Holy Saturday is not a holiday
  ])('%s holiday: %s', (date, expected) => {
    expect(isPublicHoliday(date)).toBe(expected);
  });

  it('a one-off day in a later entry applies from that entry on', () => {
    const table = [
      ...LATVIAN_HOLIDAY_RULES,
      { ...LATVIAN_HOLIDAY_RULES[0]!, effectiveFrom: '2028-01-01', extraDays: ['2028-07-10'] },
    ];
    expect(isPublicHoliday('2028-07-10', table)).toBe(true);
    expect(isPublicHoliday('2028-07-10')).toBe(false);
    expect(isWorkingDay('2028-07-10', table)).toBe(false);
  });

  it('refuses a date before the table', () => {
    expect(() => isPublicHoliday('2023-12-31')).toThrow(DomainValidationError);
  });
});

describe('working days', () => {
  it('day of week', () => {
    expect(isoDayOfWeek('2026-11-28')).toBe(6);
    expect(isoDayOfWeek('2026-11-30')).toBe(1);
    expect(isoDayOfWeek('2026-11-29')).toBe(7);
  });

  it.each([
    ['2026-11-27', true],
    ['2026-11-28', false],
    ['2026-11-29', false],
    ['2026-11-18', false],
    ['2026-04-06', false],
    ['2026-04-07', true],
  ])('%s working: %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2026-04-07', 1, '2026-04-02'],
    ['2026-04-07', 2, '2026-04-01'],
    ['2025-05-06', 1, '2025-05-02'],
    ['2026-01-02', 1, '2025-12-30'],
  ])('%s minus %i working days → %s', (date, n, expected) => {
    expect(workingDaysBefore(date, n)).toBe(expected);
  });

  it('refuses a non-positive count', () => {
    expect(() => workingDaysBefore('2026-04-07', 0)).toThrow(RangeError);
  });
});
