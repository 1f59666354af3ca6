import { describe, expect, it } from '@jest/globals';
import {
  assess,
  closeForNewEmployment,
  currentDeadline,
  employmentSpells,
  latestOrganisation,
  organisationOn,
  type CompletedTraining,
  type EmploymentPeriod,
} from '../../../../domain/specialists/index.js';

const at = (organisationId: string, from: string, to: string | null = null): EmploymentPeriod => ({
  organisationId,
  from,
  to,
});
const initial = (completedOn: string): CompletedTraining => ({ kind: 'initial', completedOn, hours: 40 });
const refresher = (completedOn: string): CompletedTraining => ({ kind: 'refresher', completedOn, hours: 24 });

interface Case {
  name: string;
  periods: EmploymentPeriod[];
  trainings: CompletedTraining[];
  date: string;
  status: string;
  initialDueBy: string | null;
  refresherDueBy: string | null;
}

const cases: Case[] = [
  // employed 2026-03-15, no training: initial due by 2027-03-14 (brief example)
  {
    name: 'new, day one',
    periods: [at('A', '2026-03-15')],
    trainings: [],
    date: '2026-03-15',
    status: 'initial-due',
    initialDueBy: '2027-03-14',
    refresherDueBy: null,
  },
  {
    name: 'new, last day',
    periods: [at('A', '2026-03-15')],
    trainings: [],
    date: '2027-03-14',
    status: 'initial-due',
    initialDueBy: '2027-03-14',
    refresherDueBy: null,
  },
  {
    name: 'new, day after',
    periods: [at('A', '2026-03-15')],
    trainings: [],
    date: '2027-03-15',
    status: 'initial-overdue',
    initialDueBy: '2027-03-14',
    refresherDueBy: null,
  },
  {
    name: 'leap day start',
    periods: [at('A', '2024-02-29')],
    trainings: [],
    date: '2025-02-28',
    status: 'initial-overdue',
    initialDueBy: '2025-02-27',
    refresherDueBy: null,
  },
  {
    name: 'before employment',
    periods: [at('A', '2026-03-15')],
    trainings: [],
    date: '2026-03-14',
    status: 'inactive',
    initialDueBy: null,
    refresherDueBy: null,
  },
  // trained 2021-06-10 → refresher due by 2026-06-09 (brief example); refresher-due from 2026-03-11 (90 days before)
  {
    name: 'compliant',
    periods: [at('A', '2020-01-01')],
    trainings: [initial('2021-06-10')],
    date: '2026-03-10',
    status: 'compliant',
    initialDueBy: null,
    refresherDueBy: '2026-06-09',
  },
  {
    name: 'refresher due, 90 days before',
    periods: [at('A', '2020-01-01')],
    trainings: [initial('2021-06-10')],
    date: '2026-03-11',
    status: 'refresher-due',
    initialDueBy: null,
    refresherDueBy: '2026-06-09',
  },
  {
    name: 'refresher due, last day',
    periods: [at('A', '2020-01-01')],
    trainings: [initial('2021-06-10')],
    date: '2026-06-09',
    status: 'refresher-due',
    initialDueBy: null,
    refresherDueBy: '2026-06-09',
  },
  {
    name: 'refresher overdue',
    periods: [at('A', '2020-01-01')],
    trainings: [initial('2021-06-10')],
    date: '2026-06-10',
    status: 'refresher-overdue',
    initialDueBy: null,
    refresherDueBy: '2026-06-09',
  },
  {
    name: 'a refresher moves the clock',
    periods: [at('A', '2020-01-01')],
    trainings: [initial('2021-06-10'), refresher('2026-05-02')],
    date: '2026-06-10',
    status: 'compliant',
    initialDueBy: null,
    refresherDueBy: '2031-05-01',
  },
  {
    name: 'a refresher counts only from its date',
    periods: [at('A', '2020-01-01')],
    trainings: [initial('2021-06-10'), refresher('2026-07-01')],
    date: '2026-06-10',
    status: 'refresher-overdue',
    initialDueBy: null,
    refresherDueBy: '2026-06-09',
  },
  {
    name: 'an initial training late still counts',
    periods: [at('A', '2020-01-01')],
    trainings: [initial('2022-02-01')],
    date: '2022-03-01',
    status: 'compliant',
    initialDueBy: null,
    refresherDueBy: '2027-01-31',
  },
  {
    name: 'initial overdue until the training date',
    periods: [at('A', '2020-01-01')],
    trainings: [initial('2022-02-01')],
    date: '2022-01-31',
    status: 'initial-overdue',
    initialDueBy: '2020-12-31',
    refresherDueBy: null,
  },
  // trainings completed before the employment count (the knowledge is the person's)
  {
    name: 'trained before employment',
    periods: [at('A', '2025-09-01')],
    trainings: [initial('2024-05-20')],
    date: '2025-09-01',
    status: 'compliant',
    initialDueBy: null,
    refresherDueBy: '2029-05-19',
  },
  {
    name: 'trained long before employment',
    periods: [at('A', '2025-09-01')],
    trainings: [initial('2019-05-20')],
    date: '2025-09-01',
    status: 'refresher-overdue',
    initialDueBy: null,
    refresherDueBy: '2024-05-19',
  },
  // moves keep every date: A until 2026-06-30, B from 2026-07-01
  {
    name: 'move keeps the initial due date',
    periods: [at('A', '2026-03-15', '2026-06-30'), at('B', '2026-07-01')],
    trainings: [],
    date: '2027-03-14',
    status: 'initial-due',
    initialDueBy: '2027-03-14',
    refresherDueBy: null,
  },
  {
    name: 'move: overdue at the new organisation',
    periods: [at('A', '2026-03-15', '2026-06-30'), at('B', '2026-07-01')],
    trainings: [],
    date: '2027-03-15',
    status: 'initial-overdue',
    initialDueBy: '2027-03-14',
    refresherDueBy: null,
  },
  {
    name: 'two moves',
    periods: [
      at('A', '2026-03-15', '2026-04-30'),
      at('B', '2026-05-01', '2026-08-31'),
      at('C', '2026-09-01'),
    ],
    trainings: [],
    date: '2027-01-01',
    status: 'initial-due',
    initialDueBy: '2027-03-14',
    refresherDueBy: null,
  },
  // leaving ends the obligation; a gap of one day or more is a return, not a move
  {
    name: 'left: inactive',
    periods: [at('A', '2026-03-15', '2026-09-30')],
    trainings: [],
    date: '2026-10-01',
    status: 'inactive',
    initialDueBy: '2027-03-14',
    refresherDueBy: null,
  },
  {
    name: 'left: last day still due',
    periods: [at('A', '2026-03-15', '2026-09-30')],
    trainings: [],
    date: '2026-09-30',
    status: 'initial-due',
    initialDueBy: '2027-03-14',
    refresherDueBy: null,
  },
  {
    name: 'returned untrained: 12 months again',
    periods: [at('A', '2026-03-15', '2026-09-30'), at('B', '2026-10-02')],
    trainings: [],
    date: '2027-06-01',
    status: 'initial-due',
    initialDueBy: '2027-10-01',
    refresherDueBy: null,
  },
  {
    name: 'returned untrained, later overdue',
    periods: [at('A', '2026-03-15', '2026-09-30'), at('A', '2026-10-02')],
    trainings: [],
    date: '2027-10-02',
    status: 'initial-overdue',
    initialDueBy: '2027-10-01',
    refresherDueBy: null,
  },
  {
    name: 'returned trained: refresher clock continues',
    periods: [at('A', '2018-01-01', '2020-12-31'), at('B', '2024-01-01')],
    trainings: [initial('2018-06-01')],
    date: '2024-01-01',
    status: 'refresher-overdue',
    initialDueBy: null,
    refresherDueBy: '2023-05-31',
  },
  {
    name: 'returned trained, within the clock',
    periods: [at('A', '2018-01-01', '2020-12-31'), at('B', '2022-01-01')],
    trainings: [initial('2018-06-01')],
    date: '2022-01-01',
    status: 'compliant',
    initialDueBy: null,
    refresherDueBy: '2023-05-31',
  },
  {
    name: 'left while overdue: inactive',
    periods: [at('A', '2020-01-01', '2026-07-31')],
    trainings: [initial('2021-06-10')],
    date: '2026-08-01',
    status: 'inactive',
    initialDueBy: null,
    refresherDueBy: '2026-06-09',
  },
  {
    name: 'never employed',
    periods: [],
    trainings: [initial('2021-06-10')],
    date: '2026-08-01',
    status: 'inactive',
    initialDueBy: null,
    refresherDueBy: '2026-06-09',
  },
];

describe('status on a date (BRIEF §4.8)', () => {
  it.each(cases)('$name → $status', (c) => {
    expect(assess(c.periods, c.trainings, c.date)).toEqual({
      status: c.status,
      initialDueBy: c.initialDueBy,
      refresherDueBy: c.refresherDueBy,
    });
  });
});

describe('currentDeadline', () => {
  it.each([
    [[at('A', '2026-03-15')], [], '2026-04-01', { kind: 'initial', dueBy: '2027-03-14' }],
    [
      [at('A', '2020-01-01')],
      [initial('2021-06-10')],
      '2026-04-01',
      { kind: 'refresher', dueBy: '2026-06-09' },
    ],
    [[at('A', '2020-01-01', '2021-01-01')], [], '2026-04-01', undefined],
  ] as const)('%j %j on %s → %j', (periods, trainings, date, expected) => {
    expect(currentDeadline(periods, trainings, date)).toEqual(expected);
  });
});

describe('employment spells', () => {
  it('joins periods that start the day after the previous ended (a move) and splits on a gap', () => {
    const spells = employmentSpells([
      at('B', '2026-07-01', '2026-12-31'),
      at('A', '2026-03-15', '2026-06-30'),
      at('C', '2027-01-02'),
    ]);
    expect(spells.map((s) => [s.from, s.to, s.periods.map((p) => p.organisationId)])).toEqual([
      ['2026-03-15', '2026-12-31', ['A', 'B']],
      ['2027-01-02', null, ['C']],
    ]);
  });

  it('names the organisation on a date and the latest one', () => {
    const periods = [at('A', '2026-03-15', '2026-06-30'), at('B', '2026-07-01')];
    expect(organisationOn(periods, '2026-06-30')).toBe('A');
    expect(organisationOn(periods, '2026-07-01')).toBe('B');
    expect(organisationOn(periods, '2026-01-01')).toBeUndefined();
    expect(latestOrganisation(periods)).toBe('B');
  });

  it('closes earlier open periods the day before a new employment, never before their own start', () => {
    const periods = [
      at('A', '2020-01-01', '2021-01-01'),
      at('B', '2024-01-01'),
      at('C', '2026-05-01', '2027-01-01'),
    ];
    expect(closeForNewEmployment(periods, '2026-07-01')).toEqual([
      { index: 1, to: '2026-06-30' },
      { index: 2, to: '2026-06-30' },
    ]);
    expect(closeForNewEmployment([at('B', '2026-08-01')], '2026-07-01')).toEqual([
      { index: 0, to: '2026-08-01' },
    ]);
  });
});
