import { describe, expect, it } from '@jest/globals';
import {
  certificateOn,
  certificateValidTo,
  isActiveOn,
  PROVIDER_RULES,
  providerRulesOn,
  registeredUntil,
  renewalPlan,
  type RegistrationFacts,
} from '../../../../domain/providers/index.js';

describe('certificate validity (BRIEF §4.12): decision date + 5 years, day clamped, minus one day', () => {
  it.each([
    ['2024-02-29', '2029-02-27'],
    ['2026-03-15', '2031-03-14'],
    ['2026-01-01', '2030-12-31'],
    ['2025-12-31', '2030-12-30'],
    ['2028-02-29', '2033-02-27'],
    ['2027-03-01', '2032-02-29'],
  ])('decided %s → valid to %s', (decidedOn, validTo) => {
    expect(certificateValidTo(decidedOn)).toBe(validTo);
  });

  it('a later row of the table applies from its effective date', () => {
    const table = [
      ...PROVIDER_RULES,
      { ...PROVIDER_RULES[0]!, effectiveFrom: '2030-01-01', certificateYears: 3 },
    ];
    expect(certificateValidTo('2029-12-31', table)).toBe('2034-12-30');
    expect(certificateValidTo('2030-01-01', table)).toBe('2032-12-31');
    expect(providerRulesOn('2000-01-01').effectiveFrom).toBe('2009-01-01');
  });
});

const first = { certificateNo: 'SPR-1', validFrom: '2024-02-29', validTo: '2029-02-27' };
const renewal = { certificateNo: 'SPR-2', validFrom: '2029-01-10', validTo: '2034-01-09' };

describe('active on a date: certificates, renewals, lapses, withdrawal', () => {
  const cases: [string, RegistrationFacts, string, boolean, string | null][] = [
    ['the day of the decision', { certificates: [first], withdrawnOn: null }, '2024-02-29', true, 'SPR-1'],
    ['the day before the decision', { certificates: [first], withdrawnOn: null }, '2024-02-28', false, null],
    ['the last day', { certificates: [first], withdrawnOn: null }, '2029-02-27', true, 'SPR-1'],
    [
      'the day after the end: lapsed',
      { certificates: [first], withdrawnOn: null },
      '2029-02-28',
      false,
      null,
    ],
    [
      'renewed before the end: the new certificate',
      { certificates: [first, renewal], withdrawnOn: null },
      '2029-02-28',
      true,
      'SPR-2',
    ],
    [
      'renewed: the overlap counts the newer',
      { certificates: [first, renewal], withdrawnOn: null },
      '2029-01-10',
      true,
      'SPR-2',
    ],
    [
      'renewed: still the old one before the renewal',
      { certificates: [first, renewal], withdrawnOn: null },
      '2029-01-09',
      true,
      'SPR-1',
    ],
    ['renewal ends too', { certificates: [first, renewal], withdrawnOn: null }, '2034-01-10', false, null],
    [
      'withdrawn: not active from the withdrawal date',
      { certificates: [first], withdrawnOn: '2026-05-01' },
      '2026-05-01',
      false,
      null,
    ],
    [
      'withdrawn: active the day before',
      { certificates: [first], withdrawnOn: '2026-05-01' },
      '2026-04-30',
      true,
      'SPR-1',
    ],
    ['no certificate (a legacy entry)', { certificates: [], withdrawnOn: null }, '2026-05-01', false, null],
  ];
  it.each(cases)('%s', (_name, facts, date, active, certificateNo) => {
    expect(isActiveOn(facts, date)).toBe(active);
    expect(certificateOn(facts, date)?.certificateNo ?? null).toBe(certificateNo);
  });

  it('the registration lasts to the latest end', () => {
    expect(registeredUntil({ certificates: [first, renewal], withdrawnOn: null })).toBe('2034-01-09');
    expect(registeredUntil({ certificates: [], withdrawnOn: null })).toBeNull();
  });
});

describe('renewal plan: reminders 6 and 1 months before the end, lapse the day after', () => {
  it.each([
    ['2029-02-27', '2028-08-27', '2029-01-27', '2029-02-28'],
    ['2031-03-14', '2030-09-14', '2031-02-14', '2031-03-15'],
    ['2030-08-31', '2030-02-28', '2030-07-31', '2030-09-01'],
  ])('valid to %s', (validTo, six, one, lapse) => {
    expect(renewalPlan(validTo)).toEqual({
      reminders: [
        { monthsBefore: 6, on: six },
        { monthsBefore: 1, on: one },
      ],
      lapseOn: lapse,
    });
  });
});
