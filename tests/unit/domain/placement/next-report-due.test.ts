import { describe, expect, it } from '@jest/globals';
import {
  latestReportDate,
  nextReportDue,
  PLACEMENT_REVIEW_SETTINGS,
  validatePlacementReport,
} from '../../../../domain/placement/next-report-due.js';

describe('next report due: base + 3 months while that date is before the 3rd birthday, else base + 6', () => {
  it.each([
    // birth, start, last report, due — child born 2024-06-15 turns 3 on 2027-06-15
    ['2024-06-15', '2025-01-10', null, '2025-04-10'],
    ['2024-06-15', '2025-01-10', '2026-01-10', '2026-04-10'],
    ['2024-06-15', '2025-01-10', '2027-03-14', '2027-06-14'], // candidate the day before the birthday → 3 months
    ['2024-06-15', '2025-01-10', '2027-03-15', '2027-09-15'], // candidate on the birthday → 6 months
    ['2024-06-15', '2025-01-10', '2027-03-16', '2027-09-16'],
    ['2024-06-15', '2025-01-10', '2027-06-15', '2027-12-15'],
    ['2024-06-15', '2025-01-10', '2028-01-10', '2028-07-10'],
    ['2024-06-15', '2027-03-15', null, '2027-09-15'], // placement start as the base
    ['2024-06-15', '2027-03-14', null, '2027-06-14'],
    // month ends (clamped)
    ['2025-06-01', '2025-08-31', '2025-11-30', '2026-02-28'],
    ['2025-06-01', '2025-08-31', '2027-11-30', '2028-02-29'],
    ['2025-06-01', '2025-08-31', null, '2025-11-30'],
    ['2025-06-01', '2025-08-31', '2025-12-31', '2026-03-31'],
    ['2020-01-01', '2024-01-01', '2025-08-31', '2026-02-28'],
    ['2020-01-01', '2023-01-01', '2023-08-31', '2024-02-29'],
    ['2020-01-01', '2023-01-01', '2024-03-31', '2024-09-30'],
    // born 29 Feb 2024: 3rd birthday on 1 Mar 2027 (non-leap year)
    ['2024-02-29', '2024-06-01', '2026-11-28', '2027-02-28'],
    ['2024-02-29', '2024-06-01', '2026-11-30', '2027-02-28'],
    ['2024-02-29', '2024-06-01', '2026-12-01', '2027-06-01'],
    // born 28 Feb 2025: 3rd birthday on 28 Feb 2028 (leap year)
    ['2025-02-28', '2025-06-01', '2027-11-27', '2028-02-27'],
    ['2025-02-28', '2025-06-01', '2027-11-28', '2028-05-28'],
    // born 31 Aug 2024: 3rd birthday 2027-08-31; base 2027-05-31 + 3 = 2027-08-31 → 6 months, clamped to 2027-11-30
    ['2024-08-31', '2025-01-01', '2027-05-31', '2027-11-30'],
    ['2024-08-31', '2025-01-01', '2027-05-30', '2027-08-30'],
  ])('born %s, start %s, last report %s → %s', (childBirthDate, startDate, lastReportDate, due) => {
    expect(nextReportDue({ childBirthDate, startDate, lastReportDate })).toBe(due);
  });

  it('reads the intervals from the settings', () => {
    const settings = { ...PLACEMENT_REVIEW_SETTINGS[0]!, monthsBeforeThreshold: 2, monthsFromThreshold: 4 };
    expect(nextReportDue({ childBirthDate: '2025-01-01', startDate: '2025-03-31' }, settings)).toBe(
      '2025-05-31',
    );
    expect(nextReportDue({ childBirthDate: '2020-01-01', startDate: '2025-03-31' }, settings)).toBe(
      '2025-07-31',
    );
  });
});

describe('report validation', () => {
  it.each([
    ['2026-03-10', '2026-03-10', '2025-01-01', null, []],
    ['2026-03-11', '2026-03-10', '2025-01-01', null, ['reportDate']],
    ['2026-01-05', '2026-03-10', '2025-01-01', '2026-01-06', ['reportDate']],
    ['2026-01-06', '2026-03-10', '2025-01-01', '2026-01-06', []],
    ['2026-01-07', '2026-03-10', '2025-01-01', '2026-01-06', []],
    ['2024-12-31', '2026-03-10', '2025-01-01', null, ['reportDate']],
    ['2026-02-30', '2026-03-10', '2025-01-01', null, ['reportDate']],
  ])(
    'report %s, today %s, start %s, previous %s → %j',
    (reportDate, today, startDate, previousReportDate, paths) => {
      const issues = validatePlacementReport({ reportDate, today, startDate, previousReportDate });
      expect(issues.map((i) => i.path)).toEqual(paths);
    },
  );

  it('names the reason', () => {
    expect(
      validatePlacementReport({ reportDate: '2026-03-11', today: '2026-03-10', startDate: '2025-01-01' })[0]
        ?.message,
    ).toMatch(/future/);
    expect(
      validatePlacementReport({
        reportDate: '2026-01-01',
        today: '2026-03-10',
        startDate: '2025-01-01',
        previousReportDate: '2026-02-01',
      })[0]?.message,
    ).toMatch(/previous report/);
  });

  it('latestReportDate', () => {
    expect(latestReportDate([])).toBeNull();
    expect(latestReportDate(['2026-01-05', '2026-03-01', '2025-12-31'])).toBe('2026-03-01');
  });
});

describe('settings lookup', () => {
  it('covers placements that started long ago, and nothing before the first entry', () => {
    expect(nextReportDue({ childBirthDate: '2001-05-05', startDate: '2003-01-01' })).toBe('2003-04-01');
    expect(() => nextReportDue({ childBirthDate: '2001-05-05', startDate: '2002-12-31' })).toThrow(
      /2003-01-01/,
    );
  });
});
