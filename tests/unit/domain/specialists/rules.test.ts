import { describe, expect, it } from '@jest/globals';
import {
  initialDueBy,
  QUALIFICATION_RULES,
  qualificationRulesOn,
  refresherDueBy,
  reminderPlan,
  validateTraining,
  type EffectiveQualificationRules,
} from '../../../../domain/specialists/index.js';

describe('qualification rules table (BRIEF §4.8)', () => {
  it('has the MK 729 row from 2005-10-01', () => {
    expect(qualificationRulesOn('2026-01-01')).toEqual({
      effectiveFrom: '2005-10-01',
      initialMinHours: 40,
      initialWithinMonths: 12,
      refresherMinHours: 24,
      refresherEveryYears: 5,
      refresherDueSoonDays: 90,
    });
  });

  it('judges a date before the first row by the first row', () => {
    expect(qualificationRulesOn('2003-05-01').effectiveFrom).toBe('2005-10-01');
  });

  it('picks a later row from its effective date', () => {
    const table: EffectiveQualificationRules[] = [
      ...QUALIFICATION_RULES,
      {
        ...QUALIFICATION_RULES[0]!,
        effectiveFrom: '2027-01-01',
        initialMinHours: 60,
        initialWithinMonths: 6,
      },
    ];
    expect(qualificationRulesOn('2026-12-31', table).initialMinHours).toBe(40);
    expect(qualificationRulesOn('2027-01-01', table).initialMinHours).toBe(60);
    expect(initialDueBy('2027-03-15', qualificationRulesOn('2027-03-15', table))).toBe('2027-09-14');
  });
});

describe('initialDueBy: employedFrom + 12 months (day clamped) − 1 day', () => {
  it.each([
    ['2026-03-15', '2027-03-14'],
    ['2024-02-29', '2025-02-27'],
    ['2026-01-01', '2026-12-31'],
    ['2026-01-31', '2027-01-30'],
    ['2027-02-28', '2028-02-27'],
    ['2023-03-01', '2024-02-29'],
  ])('employed %s → due by %s', (from, due) => {
    expect(initialDueBy(from)).toBe(due);
  });
});

describe('refresherDueBy: latest training + 5 years (day clamped) − 1 day', () => {
  it.each([
    ['2021-06-10', '2026-06-09'],
    ['2024-02-29', '2029-02-27'],
    ['2020-01-01', '2024-12-31'],
    ['2023-03-01', '2028-02-29'],
  ])('trained %s → due by %s', (on, due) => {
    expect(refresherDueBy(on)).toBe(due);
  });
});

describe('validateTraining', () => {
  const today = '2026-11-28';
  it.each([
    ['initial', '2026-11-01', 40, []],
    ['initial', '2026-11-01', 39.5, ['hours']],
    ['refresher', '2026-11-01', 24, []],
    ['refresher', '2026-11-01', 23, ['hours']],
    ['initial', '2026-11-28', 40, []],
    ['initial', '2026-11-29', 40, ['completedOn']],
    ['refresher', '2027-01-01', 8, ['completedOn', 'hours']],
    ['initial', '2026-02-30', 40, ['completedOn']],
    ['initial', '2026-01-10', 0, ['hours']],
    ['initial', '2001-01-10', 40, []],
  ] as const)('%s on %s with %d h → issues at %j', (kind, completedOn, hours, paths) => {
    expect(validateTraining({ kind, completedOn, hours }, today).map((i) => i.path)).toEqual(paths);
  });
});

describe('reminderPlan', () => {
  it('reminds 90 and 30 days before and alerts the day after', () => {
    expect(reminderPlan('2027-03-14', [30, 90])).toEqual({
      reminders: [
        { daysBefore: 90, on: '2026-12-14' },
        { daysBefore: 30, on: '2027-02-12' },
      ],
      overdueOn: '2027-03-15',
    });
  });
  it('takes other (configured) offsets, ignoring duplicates and non-positive ones', () => {
    expect(reminderPlan('2026-06-09', [14, 14, 0, -3]).reminders).toEqual([
      { daysBefore: 14, on: '2026-05-26' },
    ]);
  });
});

describe('planning regions', () => {
  it('place every one of the 43 municipalities in exactly one region', async () => {
    const { MUNICIPALITIES } = await import('../../../../infra/db/municipalities.js');
    const { PLANNING_REGIONS, municipalitiesOf, planningRegionOf } =
      await import('../../../../domain/specialists/index.js');
    const all = PLANNING_REGIONS.flatMap((r) => [...municipalitiesOf(r)]);
    expect(new Set(all).size).toBe(43);
    expect([...all].sort()).toEqual(MUNICIPALITIES.map((m) => m.atvk).sort());
    expect(planningRegionOf('0026000')).toBe('vidzeme');
    expect(planningRegionOf('0001000')).toBe('riga');
    expect(planningRegionOf(null)).toBe('national');
  });
});
