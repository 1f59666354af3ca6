import { describe, expect, it } from '@jest/globals';
import type { ServiceLifecycleSettings } from '../../../../domain/social-services/lifecycle.js';
import {
  deliveryRecordDueDate,
  nextReviewDate,
  reviewAlertDate,
  reviewTaskDate,
  serviceLifecycleSettingsOn,
  serviceMonths,
  validateDeliveryRecord,
  validateGrant,
} from '../../../../domain/social-services/lifecycle.js';
import { DomainValidationError } from '../../../../domain/validation.js';

describe('lifecycle settings are effective-dated', () => {
  it('has one entry from 2004-02-01', () => {
    expect(serviceLifecycleSettingsOn('2026-03-01')).toEqual({
      effectiveFrom: '2004-02-01',
      deliveryRecordDueDay: 5,
      reviewTaskDaysBefore: 14,
      reviewAlertDaysBefore: 5,
    });
    expect(serviceLifecycleSettingsOn('2004-02-01').effectiveFrom).toBe('2004-02-01');
  });

  it.each(['2004-01-31', 'not-a-date'])('rejects %s', (date) => {
    expect(() => serviceLifecycleSettingsOn(date)).toThrow(DomainValidationError);
  });

  it('picks the entry in force from a custom table', () => {
    const table: ServiceLifecycleSettings[] = [
      {
        effectiveFrom: '2004-02-01',
        deliveryRecordDueDay: 5,
        reviewTaskDaysBefore: 14,
        reviewAlertDaysBefore: 5,
      },
      {
        effectiveFrom: '2027-01-01',
        deliveryRecordDueDay: 10,
        reviewTaskDaysBefore: 21,
        reviewAlertDaysBefore: 7,
      },
    ];
    expect(serviceLifecycleSettingsOn('2026-12-31', table).deliveryRecordDueDay).toBe(5);
    expect(serviceLifecycleSettingsOn('2027-01-01', table).deliveryRecordDueDay).toBe(10);
    expect(deliveryRecordDueDate('2026-12', serviceLifecycleSettingsOn('2027-01-01', table))).toBe(
      '2027-01-10',
    );
  });
});

describe('delivery records are due on the 5th of the next month', () => {
  it.each([
    ['2026-03', '2026-04-05'],
    ['2026-01', '2026-02-05'],
    ['2026-02', '2026-03-05'],
    ['2024-02', '2024-03-05'],
    ['2026-11', '2026-12-05'],
    ['2026-12', '2027-01-05'],
    ['2099-12', '2100-01-05'],
  ])('%s → %s', (month, due) => {
    expect(deliveryRecordDueDate(month)).toBe(due);
  });

  it('clamps a due day past the month end (31st in February)', () => {
    const s = { ...serviceLifecycleSettingsOn('2026-01-01'), deliveryRecordDueDay: 31 };
    expect(deliveryRecordDueDate('2026-01', s)).toBe('2026-02-28');
    expect(deliveryRecordDueDate('2024-01', s)).toBe('2024-02-29');
  });

  it('rejects an invalid month', () => {
    expect(() => deliveryRecordDueDate('2026-13')).toThrow();
  });
});

describe('review dates', () => {
  it.each([
    ['2026-01-15', 6, '2026-07-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-01', 36, '2029-01-01'],
  ])('%s + %i months → %s', (base, months, review) => {
    expect(nextReviewDate(base, months)).toBe(review);
  });

  it.each([0, -1, 1.5])('rejects a review period of %p', (months) => {
    expect(() => nextReviewDate('2026-01-01', months)).toThrow(RangeError);
  });

  it.each([
    ['2026-07-15', '2026-07-01', '2026-07-10'],
    ['2026-03-10', '2026-02-24', '2026-03-05'],
    ['2024-03-10', '2024-02-25', '2024-03-05'],
    ['2027-01-03', '2026-12-20', '2026-12-29'],
    ['2026-03-01', '2026-02-15', '2026-02-24'],
  ])('review %s → task %s, alert %s', (review, task, alert) => {
    expect(reviewTaskDate(review)).toBe(task);
    expect(reviewAlertDate(review)).toBe(alert);
  });
});

describe('serviceMonths', () => {
  it.each([
    ['2026-01-15', '2026-03-10', '2026-12-31', ['2026-01', '2026-02', '2026-03']],
    ['2026-01-31', '2026-01-31', '2026-12-31', ['2026-01']],
    ['2026-11-20', null, '2027-02-01', ['2026-11', '2026-12', '2027-01', '2027-02']],
    ['2026-03-01', null, '2026-03-01', ['2026-03']],
    ['2026-03-01', null, '2026-02-28', []],
    ['2026-03-01', '2026-02-28', '2026-12-31', []],
    ['2026-10-01', '2027-01-31', '2026-11-15', ['2026-10', '2026-11', '2026-12', '2027-01']],
  ])('%s..%p (until %s) → %p', (start, end, until, months) => {
    expect(serviceMonths(start, end, until)).toEqual(months);
  });
});

describe('validateGrant', () => {
  const ok = {
    requestedAt: '2026-03-15',
    startDate: '2026-04-01',
    endDate: null,
    reviewDate: null,
    volume: 20,
  };

  it('accepts a plain grant', () => {
    expect(validateGrant(ok)).toEqual([]);
  });

  it.each([
    ['start 31 days before the request', { startDate: '2026-02-12' }, []],
    ['start 32 days before the request', { startDate: '2026-02-11' }, ['startDate']],
    ['start over a year end, 31 days before', { requestedAt: '2026-01-10', startDate: '2025-12-10' }, []],
    [
      'start over a year end, 32 days before',
      { requestedAt: '2026-01-10', startDate: '2025-12-09' },
      ['startDate'],
    ],
    ['start on the request day', { startDate: '2026-03-15' }, []],
    ['start far in the future', { startDate: '2027-03-15' }, []],
    ['invalid start', { startDate: '2026-02-30' }, ['startDate']],
    ['start not a date', { startDate: 'soon' }, ['startDate']],
    ['end = start', { endDate: '2026-04-01' }, []],
    ['end before start', { endDate: '2026-03-31' }, ['endDate']],
    ['invalid end', { endDate: '2026-04-31' }, ['endDate']],
    ['end leap day', { endDate: '2028-02-29' }, []],
    ['volume 0', { volume: 0 }, ['volume']],
    ['volume negative', { volume: -1 }, ['volume']],
    ['volume 0.01', { volume: 0.01 }, []],
    ['volume 10000', { volume: 10000 }, []],
    ['volume 10000.01', { volume: 10000.01 }, ['volume']],
    ['volume 1.005', { volume: 1.005 }, ['volume']],
    ['volume NaN', { volume: Number.NaN }, ['volume']],
    ['review the day after start', { reviewDate: '2026-04-02' }, []],
    ['review on the start day', { reviewDate: '2026-04-01' }, ['reviewDate']],
    ['review before start', { reviewDate: '2026-03-01' }, ['reviewDate']],
    ['invalid review', { reviewDate: '2026-13-01' }, ['reviewDate']],
    [
      'everything wrong',
      { startDate: 'x', endDate: 'y', reviewDate: 'z', volume: 0 },
      ['startDate', 'endDate', 'volume', 'reviewDate'],
    ],
  ])('%s', (_name, change, paths) => {
    expect(validateGrant({ ...ok, ...change }).map((i) => i.path)).toEqual(paths);
  });
});

describe('validateDeliveryRecord', () => {
  const ok = {
    month: '2026-03',
    units: 10,
    unit: 'hour' as const,
    startDate: '2026-01-20',
    endDate: null,
    today: '2026-04-02',
  };

  it('accepts a record of a past service month', () => {
    expect(validateDeliveryRecord(ok)).toEqual([]);
  });

  it.each([
    ['the start month', { month: '2026-01' }, []],
    ['the month before the start', { month: '2025-12' }, ['month']],
    ['the current month', { month: '2026-04' }, []],
    ['the month after today', { month: '2026-05' }, ['month']],
    ['the end month', { month: '2026-02', endDate: '2026-02-28' }, []],
    ['the month after the end', { month: '2026-03', endDate: '2026-02-28' }, ['month']],
    ['an end in the future, month after today', { month: '2026-05', endDate: '2026-12-31' }, ['month']],
    ['across a year end', { month: '2026-12', startDate: '2026-11-15', today: '2027-01-03' }, []],
    ['next year before today', { month: '2027-01', startDate: '2026-11-15', today: '2026-12-31' }, ['month']],
    ['invalid month 13', { month: '2026-13' }, ['month']],
    ['invalid month format', { month: '2026-3' }, ['month']],
    ['a full date', { month: '2026-03-01' }, ['month']],
    ['0 units', { units: 0 }, []],
    ['negative units', { units: -0.5 }, ['units']],
    ['3 decimals', { units: 1.125 }, ['units']],
    ['2 decimals', { units: 1.25 }, []],
    ['NaN units', { units: Number.NaN }, ['units']],
    ['744 hours', { units: 744 }, []],
    ['744.01 hours', { units: 744.01 }, ['units']],
    ['31 days', { unit: 'day' as const, units: 31 }, []],
    ['32 days', { unit: 'day' as const, units: 32 }, ['units']],
    ['1 month', { unit: 'month' as const, units: 1 }, []],
    ['half a month', { unit: 'month' as const, units: 0.5 }, []],
    ['2 months', { unit: 'month' as const, units: 2 }, ['units']],
    ['200 visits', { unit: 'visit' as const, units: 200 }, []],
    ['201 visits', { unit: 'visit' as const, units: 201 }, ['units']],
    ['both wrong', { month: '2025-01', units: -1 }, ['month', 'units']],
  ])('%s', (_name, change, paths) => {
    expect(validateDeliveryRecord({ ...ok, ...change }).map((i) => i.path)).toEqual(paths);
  });
});
