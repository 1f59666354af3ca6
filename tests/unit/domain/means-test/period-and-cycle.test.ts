import { describe, expect, it } from '@jest/globals';
import {
  decisionDeadlineAlertDate,
  meansTestCycleSchedule,
  meansTestDecisionDeadline,
  MEANS_TEST_CYCLE_SETTINGS,
  statusReminderDate,
} from '../../../../domain/means-test/cycle-schedule.js';
import {
  isWorkingAge,
  MEANS_TEST_PERIOD_SETTINGS,
  statusPeriodMonths,
  validityPeriod,
} from '../../../../domain/means-test/period.js';

const periodSettings = MEANS_TEST_PERIOD_SETTINGS[0]!;
const cycleSettings = MEANS_TEST_CYCLE_SETTINGS[0]!;

describe('isWorkingAge', () => {
  it.each([
    ['2008-03-15', null, '2026-03-14', false],
    ['2008-03-15', null, '2026-03-15', true],
    ['1961-03-15', null, '2026-03-14', true],
    ['1961-03-15', null, '2026-03-15', false],
    ['1990-01-01', 'II', '2026-03-15', false],
  ] as const)('born %s, disability %s, on %s → %s', (birthDate, disabilityGroup, date, expected) => {
    expect(isWorkingAge({ birthDate, disabilityGroup }, date, periodSettings)).toBe(expected);
  });
});

describe('statusPeriodMonths', () => {
  it.each([
    [1, false, 3],
    [2, false, 3],
    [0, false, 6],
    [0, true, 1],
    [2, true, 1],
  ])(
    '%i working-age member(s), non-conformity %s → %i months',
    (workingAgeMembers, nonConformity, months) => {
      expect(statusPeriodMonths({ workingAgeMembers, nonConformity }, periodSettings)).toBe(months);
    },
  );
});

describe('validityPeriod', () => {
  it.each([
    ['2026-03-15', 3, '2026-03-01', '2026-05-31'],
    ['2026-11-20', 3, '2026-11-01', '2027-01-31'],
    ['2026-11-20', 6, '2026-11-01', '2027-04-30'],
    ['2026-01-31', 1, '2026-01-01', '2026-01-31'],
    ['2027-12-10', 3, '2027-12-01', '2028-02-29'],
    ['2026-09-01', 6, '2026-09-01', '2027-02-28'],
  ])('%s, %i months → %s … %s', (date, months, validFrom, validTo) => {
    expect(validityPeriod(date, months)).toEqual({ validFrom, validTo });
  });
});

describe('cycle schedule', () => {
  it.each([
    ['2026-05-31', 14, '2026-05-17'],
    ['2026-05-31', 7, '2026-05-24'],
    ['2027-01-31', 14, '2027-01-17'],
    ['2026-03-10', 14, '2026-02-24'],
    ['2028-03-13', 14, '2028-02-28'],
  ])('reminder for validTo %s, %i days before → %s', (validTo, days, expected) => {
    expect(statusReminderDate(validTo, { ...cycleSettings, reminderDaysBeforeValidTo: days })).toBe(expected);
  });

  it.each([
    ['2026-03-15', '2026-04-15', '2026-04-10'],
    ['2026-01-31', '2026-02-28', '2026-02-23'],
    ['2028-01-31', '2028-02-29', '2028-02-24'],
    ['2026-12-20', '2027-01-20', '2027-01-15'],
    ['2026-03-03', '2026-04-03', '2026-03-29'],
  ])('application %s → decision deadline %s, supervisor alert %s', (applicationDate, deadline, alert) => {
    expect(meansTestDecisionDeadline(applicationDate)).toBe(deadline);
    expect(decisionDeadlineAlertDate(applicationDate)).toBe(alert);
  });

  it('combines the timers; no reminder before a status exists', () => {
    expect(meansTestCycleSchedule({ applicationDate: '2026-03-15', validTo: '2026-05-31' })).toEqual({
      decisionDeadline: '2026-04-15',
      decisionAlertDate: '2026-04-10',
      reminderDate: '2026-05-17',
    });
    expect(meansTestCycleSchedule({ applicationDate: '2026-03-15', validTo: null }).reminderDate).toBeNull();
  });
});
