import {
  checkReport,
  countSocialAssistanceMonthly,
  figuresOf,
  parseReportPeriod,
  type StatusDecisionRecord,
} from '../../../../domain/reports/index.js';

let seq = 0;
function decision(
  over: Partial<StatusDecisionRecord> & Pick<StatusDecisionRecord, 'householdId'>,
): StatusDecisionRecord {
  seq += 1;
  return {
    evaluationKey: `${over.householdId}:${seq}`,
    personIds: [`${over.householdId}-p1`],
    decision: 'approve',
    decidedOn: '2026-01-10',
    status: 'needy',
    validFrom: '2026-01-01',
    validTo: '2026-03-31',
    endedOn: null,
    gmi: [],
    ...over,
  };
}

const month = (m: string) => parseReportPeriod(m, 'month');
const figures = (records: StatusDecisionRecord[], m: string, until?: string) => {
  const counted = countSocialAssistanceMonthly(records, month(m), until);
  expect(checkReport(counted)).toEqual([]);
  return Object.fromEntries(figuresOf(counted).map((t) => [t.key, t]));
};

// A household needy from January; a change of situation reported on 10 March ends it, and the new evaluation
// (3 members instead of 2: the household changed size) grants low-income status from 1 March.
const changed = [
  decision({
    householdId: 'h1',
    evaluationKey: 'h1:1',
    personIds: ['a', 'b'],
    endedOn: '2026-03-10',
    gmi: ['2026-01', '2026-02', '2026-03'].map((m) => ({ month: m, amountCents: 10_050 })),
  }),
  decision({
    householdId: 'h1',
    evaluationKey: 'h1:2',
    personIds: ['a', 'b', 'c'],
    status: 'low-income',
    decidedOn: '2026-03-20',
    validFrom: '2026-03-01',
    validTo: '2026-05-31',
  }),
];

describe('social-assistance-monthly counting rules (annex 1)', () => {
  it.each([
    // month, needy (households, persons), low-income, total
    ['2026-02', [1, 2], [0, 0], [1, 2]],
    ['2026-03', [1, 2], [1, 3], [1, 3]],
    ['2026-04', [0, 0], [1, 3], [1, 3]],
    ['2026-06', [0, 0], [0, 0], [0, 0]],
  ])('a household with two statuses and a change of size, %s', (m, needy, low, total) => {
    const f = figures(changed, m);
    const rows = f['statuses']!.rows;
    expect([rows[0]!.households, rows[0]!.persons]).toEqual(needy);
    expect([rows[1]!.households, rows[1]!.persons]).toEqual(low);
    expect([f['statuses']!.total.households, f['statuses']!.total.persons]).toEqual(total);
  });

  it('the status ended on a change is not in force after that day (the GMI of later months does not count)', () => {
    const records = [
      decision({
        householdId: 'h2',
        endedOn: '2026-01-31',
        gmi: ['2026-01', '2026-02', '2026-03'].map((m) => ({ month: m, amountCents: 5_000 })),
      }),
    ];
    expect(figures(records, '2026-01')['gmi']!.total).toMatchObject({
      households: 1,
      persons: 1,
      sums: { amountEur: 50 },
    });
    expect(figures(records, '2026-02')['gmi']!.total).toMatchObject({
      households: 0,
      persons: 0,
      sums: { amountEur: 0 },
    });
  });

  it('GMI: households, persons and the amount to the cent; a later decision for the same month replaces the earlier', () => {
    const records = [
      decision({
        householdId: 'h3',
        evaluationKey: 'h3:1',
        personIds: ['x', 'y'],
        endedOn: '2026-02-15',
        gmi: [{ month: '2026-02', amountCents: 12_345 }],
      }),
      decision({
        householdId: 'h3',
        evaluationKey: 'h3:2',
        personIds: ['x', 'y'],
        decidedOn: '2026-02-20',
        validFrom: '2026-02-01',
        validTo: '2026-04-30',
        gmi: [{ month: '2026-02', amountCents: 9_901 }],
      }),
      decision({ householdId: 'h4', personIds: ['z'], gmi: [{ month: '2026-02', amountCents: 1 }] }),
    ];
    const gmi = figures(records, '2026-02')['gmi']!;
    expect(gmi.rows[0]).toEqual({
      key: 'gmi-benefit',
      households: 2,
      persons: 3,
      sums: { amountEur: 99.02 },
    });
    expect(gmi.total.sums).toEqual({ amountEur: 99.02 });
  });

  it.each([
    ['approved needy', 'granted-needy', decision({ householdId: 'd1', decidedOn: '2026-03-05' })],
    [
      'approved low-income',
      'granted-low-income',
      decision({ householdId: 'd2', decidedOn: '2026-03-31', status: 'low-income' }),
    ],
    ['refused', 'refused', decision({ householdId: 'd3', decidedOn: '2026-03-01', decision: 'refuse' })],
    [
      'not eligible',
      'refused',
      decision({ householdId: 'd4', decidedOn: '2026-03-15', status: 'not-eligible' }),
    ],
  ])('decisions of the month: %s counts in %s', (_name, row, record) => {
    const decisions = figures([record], '2026-03')['decisions']!;
    expect(decisions.rows.find((r) => r.key === row)).toMatchObject({ households: 1, persons: 1 });
    expect(decisions.rows.filter((r) => r.key !== row).every((r) => r.households === 0)).toBe(true);
    expect(figures([record], '2026-04')['decisions']!.total.households).toBe(0);
  });

  it('a month in progress counts up to the given day only', () => {
    const records = [
      decision({
        householdId: 'p1',
        decidedOn: '2026-05-20',
        validFrom: '2026-05-20',
        validTo: '2026-07-31',
      }),
    ];
    expect(figures(records, '2026-05', '2026-05-19')['statuses']!.total.households).toBe(0);
    expect(figures(records, '2026-05', '2026-05-20')['statuses']!.total.households).toBe(1);
  });

  it('generated data: the counts pass every consistency check and the total equals the distinct persons', () => {
    let state = 7;
    const rnd = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % n;
    };
    const records: StatusDecisionRecord[] = [];
    for (let h = 0; h < 300; h++) {
      const m = 1 + rnd(6);
      const members = Array.from({ length: 1 + rnd(4) }, (_, i) => `g${h}-${i}`);
      records.push(
        decision({
          householdId: `g${h}`,
          personIds: members,
          status: rnd(3) === 0 ? 'low-income' : 'needy',
          decision: rnd(10) === 0 ? 'refuse' : 'approve',
          decidedOn: `2026-0${m}-0${1 + rnd(9)}`,
          validFrom: `2026-0${m}-01`,
          validTo: `2026-0${Math.min(9, m + 2)}-28`,
          endedOn: rnd(5) === 0 ? `2026-0${m}-15` : null,
          gmi: [{ month: `2026-0${m}`, amountCents: rnd(20_000) }],
        }),
      );
    }
    const counted = countSocialAssistanceMonthly(records, month('2026-03'));
    expect(checkReport(counted)).toEqual([]);
    const expected = new Set(
      records
        .filter(
          (r) =>
            r.decision === 'approve' &&
            r.validFrom! <= '2026-03-31' &&
            (r.endedOn ?? r.validTo!) >= '2026-03-01',
        )
        .flatMap((r) => r.personIds),
    );
    expect(figuresOf(counted)[0]!.total.persons).toBe(expected.size);
  });
});
