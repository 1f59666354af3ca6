import { describe, expect, it } from '@jest/globals';
import {
  complaintDeadlineSettingsOn,
  complaintDueDate,
  deadlineSchedule,
  isLateAnswer,
  latestExtendedDueDate,
  validateExtension,
} from '../../../../domain/complaints/deadline.js';
import { DomainValidationError } from '../../../../domain/validation.js';

describe('complaint due date: receipt + 1 month, day clamped, never moved', () => {
  it.each([
    ['2026-01-31', '2026-02-28'],
    ['2028-01-31', '2028-02-29'],
    ['2026-01-15', '2026-02-15'],
    ['2026-03-31', '2026-04-30'],
    ['2026-12-31', '2027-01-31'],
    ['2026-10-18', '2026-11-18'], // due on a holiday stays on it
    ['2026-02-28', '2026-03-28'], // due on a Saturday stays on it
  ])('received %s → due %s', (received, due) => {
    expect(complaintDueDate(received)).toBe(due);
  });

  it('refuses a receipt before the first settings entry', () => {
    expect(() => complaintDeadlineSettingsOn('2023-12-31')).toThrow(DomainValidationError);
  });
});

describe('reminder 5 and alert 2 working days before the due date', () => {
  const settings = complaintDeadlineSettingsOn('2026-01-01');
  it.each([
    // due, remind official, alert supervisor
    ['2026-02-28', '2026-02-23', '2026-02-26'], // due Saturday: Mon 23 … Fri 27
    ['2026-03-02', '2026-02-23', '2026-02-26'], // due Monday: the weekend is skipped
    ['2026-03-13', '2026-03-06', '2026-03-11'], // plain week
    ['2026-04-08', '2026-03-30', '2026-04-02'], // Easter 2026: Fri 04-03 and Mon 04-06 are holidays
    ['2026-05-06', '2026-04-27', '2026-04-30'], // 1 May Fri and 4 May Mon are holidays
    ['2025-05-07', '2025-04-28', '2025-05-02'], // 4 May 2025 is a Sunday → Mon 5 May is a holiday
    ['2026-06-26', '2026-06-17', '2026-06-22'], // Līgo and Jāņi Tue/Wed
    ['2026-11-20', '2026-11-12', '2026-11-17'], // 18 Nov 2026 Wednesday
    ['2028-11-22', '2028-11-14', '2028-11-17'], // 18 Nov 2028 Saturday → Mon 20 Nov is a holiday
    ['2027-01-04', '2026-12-22', '2026-12-29'], // 24–26 and 31 Dec, 1 Jan
    ['2027-03-31', '2027-03-22', '2027-03-25'], // Easter 2027: Fri 03-26, Mon 03-29
  ])('due %s → remind %s, alert %s', (due, remind, alert) => {
    expect(deadlineSchedule(due, settings)).toEqual({ dueOn: due, remindOn: remind, alertOn: alert });
  });
});

describe('extension: once, after the current due date, at most receipt + 4 months, with a reason', () => {
  const base = {
    receivedOn: '2026-01-31',
    currentDueOn: '2026-02-28',
    alreadyExtended: false,
    today: '2026-02-20',
  };

  it('latest extended due date is clamped too', () => {
    expect(latestExtendedDueDate('2026-01-31')).toBe('2026-05-31');
    expect(latestExtendedDueDate('2025-10-31')).toBe('2026-02-28');
  });

  it('accepts the latest allowed date and trims the reason', () => {
    expect(validateExtension({ ...base, newDueOn: '2026-05-31', reason: '  Gaidām VID atbildi ' })).toEqual({
      newDueOn: '2026-05-31',
      reason: 'Gaidām VID atbildi',
    });
  });

  it.each([
    [{ newDueOn: '2026-06-01', reason: 'x' }, 'newDueOn', 'must not be after 2026-05-31'],
    [{ newDueOn: '2026-02-28', reason: 'x' }, 'newDueOn', 'must be after the current due date'],
    [{ newDueOn: '2026-02-30', reason: 'x' }, 'newDueOn', 'must be a date'],
    [{ newDueOn: '2026-04-01', reason: '   ' }, 'reason', 'a reason for the citizen is required'],
    [{ newDueOn: '2026-04-01', reason: 'a\u0000b' }, 'reason', 'NUL'],
    [{ newDueOn: '2026-04-01', reason: 'x', alreadyExtended: true }, 'newDueOn', 'already been extended'],
    [{ newDueOn: '2026-04-01', reason: 'x', today: '2026-03-01' }, 'newDueOn', 'already passed'],
  ])('refuses %j on %s', (change, path, message) => {
    let error: unknown;
    try {
      validateExtension({ ...base, ...change });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainValidationError);
    const issues = (error as DomainValidationError).issues;
    expect(issues.some((i) => i.path === path && i.message.includes(message))).toBe(true);
  });
});

describe('late answer', () => {
  it.each([
    ['2026-02-27', '2026-02-28', false],
    ['2026-02-28', '2026-02-28', false],
    ['2026-03-01', '2026-02-28', true],
  ])('answered %s, due %s → late %s', (answered, due, late) => {
    expect(isLateAnswer(answered, due)).toBe(late);
  });
});
