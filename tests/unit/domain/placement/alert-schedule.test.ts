import { describe, expect, it } from '@jest/globals';
import {
  alertSchedule,
  DEADLINE_ALERT_SETTINGS,
  deadlineAlertSettingsOn,
  nextAlert,
  placementStatus,
} from '../../../../domain/placement/alert-schedule.js';

const settings = { dueSoonDays: 14, escalationEveryDays: 30 };

describe('alert schedule', () => {
  it('uses 14 / 30 days by default', () => {
    expect(deadlineAlertSettingsOn('2026-01-01')).toMatchObject(settings);
    expect(DEADLINE_ALERT_SETTINGS.every((s) => typeof s.effectiveFrom === 'string')).toBe(true);
  });

  it.each([
    ['2026-06-15', undefined, '2026-06-01', []],
    ['2026-06-15', '2026-07-14', '2026-06-01', []],
    ['2026-06-15', '2026-07-15', '2026-06-01', ['2026-07-15']],
    ['2026-06-15', '2026-09-12', '2026-06-01', ['2026-07-15', '2026-08-14']],
    ['2026-06-15', '2026-09-13', '2026-06-01', ['2026-07-15', '2026-08-14', '2026-09-13']],
    ['2026-03-10', '2026-04-09', '2026-02-24', ['2026-04-09']],
    ['2028-03-13', undefined, '2028-02-28', []],
    ['2026-12-20', '2027-01-19', '2026-12-06', ['2027-01-19']],
  ])('due %s, escalations through %s → due-soon %s, escalations %j', (due, through, dueSoon, escalations) => {
    expect(alertSchedule(due, settings, through)).toEqual({ dueSoon, overdue: due, escalations });
  });

  it('honours other settings', () => {
    expect(alertSchedule('2026-06-15', { dueSoonDays: 7, escalationEveryDays: 10 }, '2026-07-05')).toEqual({
      dueSoon: '2026-06-08',
      overdue: '2026-06-15',
      escalations: ['2026-06-25', '2026-07-05'],
    });
  });
});

describe('placementStatus', () => {
  it.each([
    ['2026-01-01', 'active'],
    ['2026-05-31', 'active'],
    ['2026-06-01', 'due-soon'],
    ['2026-06-14', 'due-soon'],
    ['2026-06-15', 'overdue'],
    ['2026-07-20', 'overdue'],
  ])('due 2026-06-15, today %s → %s', (today, status) => {
    expect(placementStatus(today, '2026-06-15', settings)).toBe(status);
  });
});

describe('nextAlert', () => {
  it.each([
    ['2026-05-01', 'due-soon', '2026-06-01', 0],
    ['2026-06-01', 'due-soon', '2026-06-01', 0],
    ['2026-06-02', 'overdue', '2026-06-15', 0],
    ['2026-06-15', 'overdue', '2026-06-15', 0],
    ['2026-06-16', 'escalation', '2026-07-15', 1],
    ['2026-07-15', 'escalation', '2026-07-15', 1],
    ['2026-07-16', 'escalation', '2026-08-14', 2],
    ['2026-12-31', 'escalation', '2027-01-11', 7],
  ])('due 2026-06-15, today %s → %s on %s (#%i)', (today, kind, date, sequence) => {
    expect(nextAlert(today, '2026-06-15', settings)).toEqual({ kind, date, sequence });
  });
});
