import { checkReport, type CountedReport, type CountedTable } from '../../../../domain/reports/index.js';

// A correct annex-2-like table by sex (a partition) and one by service type (not a partition), then one error each.
const bySex: CountedTable = {
  key: 'by-sex',
  population: 'served',
  partition: true,
  rows: [
    { key: 'female', persons: ['a', 'b'], sums: { amountCents: 300 } },
    { key: 'male', persons: ['c'], sums: { amountCents: 200 } },
  ],
  total: { key: 'total', persons: ['a', 'b', 'c'], sums: { amountCents: 500 } },
};
const byType: CountedTable = {
  key: 'services',
  population: 'served',
  partition: false,
  rows: [
    {
      key: 'home-care',
      persons: ['a', 'c'],
      breakdowns: { sex: { female: ['a'], male: ['c'] } },
      sums: { amountCents: 100 },
    },
    { key: 'day-care', persons: ['a', 'b'], breakdowns: { sex: { female: ['a', 'b'], male: [] } } },
  ],
  total: { key: 'total', persons: ['a', 'b', 'c'], sums: { amountCents: 100 } },
};
const report = (tables: CountedTable[]): CountedReport => ({
  form: 'test',
  populations: { served: ['a', 'b', 'c'] },
  tables,
});

type Mutation = (t: { bySex: CountedTable; byType: CountedTable }) => CountedTable[];

describe('consistency checks: each catches its error and names the table and row', () => {
  it('a correct report passes every check', () => {
    expect(checkReport(report([bySex, byType]))).toEqual([]);
  });

  it.each<[string, Mutation, { check: string; table: string; row: string }]>([
    [
      'total misses a person of the period',
      (t) => [{ ...t.byType, total: { ...t.byType.total, persons: ['a', 'b'] } }],
      { check: 'total-equals-distinct', table: 'services', row: 'total' },
    ],
    [
      'total counts a person twice',
      (t) => [{ ...t.byType, total: { ...t.byType.total, persons: ['a', 'b', 'c', 'c'] } }],
      { check: 'counted-twice', table: 'services', row: 'total' },
    ],
    [
      'total counts a person not of the period',
      (t) => [{ ...t.byType, total: { ...t.byType.total, persons: ['a', 'b', 'z'] } }],
      { check: 'total-equals-distinct', table: 'services', row: 'total' },
    ],
    [
      'a row counts a person twice',
      (t) => [{ ...t.byType, rows: [{ ...t.byType.rows[0]!, persons: ['a', 'c', 'a'] }, t.byType.rows[1]!] }],
      { check: 'counted-twice', table: 'services', row: 'home-care' },
    ],
    [
      'a person in two rows of a partition table',
      (t) => [{ ...t.bySex, rows: [t.bySex.rows[0]!, { ...t.bySex.rows[1]!, persons: ['c', 'a'] }] }],
      { check: 'counted-twice', table: 'by-sex', row: 'female, male' },
    ],
    [
      'a person in two categories of a breakdown',
      (t) => [
        {
          ...t.byType,
          rows: [
            { ...t.byType.rows[0]!, breakdowns: { sex: { female: ['a', 'c'], male: ['c'] } } },
            t.byType.rows[1]!,
          ],
        },
      ],
      { check: 'counted-twice', table: 'services', row: 'home-care' },
    ],
    [
      'breakdown categories do not add up to the row',
      (t) => [
        {
          ...t.byType,
          rows: [
            t.byType.rows[0]!,
            { ...t.byType.rows[1]!, breakdowns: { sex: { female: ['a'], male: [] } } },
          ],
        },
      ],
      { check: 'sum-matches-subtotals', table: 'services', row: 'day-care' },
    ],
    [
      'partition rows do not add up to the total',
      (t) => [{ ...t.bySex, rows: [t.bySex.rows[0]!] }],
      { check: 'sum-matches-subtotals', table: 'by-sex', row: 'total' },
    ],
    [
      'amounts of the rows do not add up to the total',
      (t) => [{ ...t.bySex, total: { ...t.bySex.total, sums: { amountCents: 501 } } }],
      { check: 'sum-matches-subtotals', table: 'by-sex', row: 'total' },
    ],
  ])('%s', (_name, mutate, expected) => {
    const failures = checkReport(report(mutate({ bySex, byType })));
    expect(failures).toEqual(expect.arrayContaining([expect.objectContaining(expected)]));
    expect(failures.every((f) => f.table === expected.table && f.message.length > 10)).toBe(true);
  });
});
