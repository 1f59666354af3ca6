import { describe, expect, it } from '@jest/globals';
import {
  auditDisclosure,
  DisclosureInputError,
  feasibleRanges,
  primarySuppression,
  protect,
  type CellKey,
  type DisclosureProblem,
} from '../../../../domain/open-data/disclosure.js';
import { cellKey, mergeProblems, tableProblem, TOTAL } from '../../../../domain/open-data/table.js';
import { attack } from '../../../helpers/disclosure-attacker.js';

/** A table from a grid of numbers: rows r1.., columns c1.., sum totals both ways. */
function grid(id: string, cells: number[][], totals: 'sum' | 'distinct' = 'sum'): DisclosureProblem {
  const rows = cells.map((_, i) => `r${i + 1}`);
  const columns = cells[0]!.map((_, j) => `c${j + 1}`);
  return tableProblem({
    id,
    rows,
    columns,
    value: (r, c) => cells[rows.indexOf(r)]![columns.indexOf(c)]!,
    rowTotals: totals,
    columnTotals: 'sum',
  });
}

/** Every safety property of a protected release at once. */
function expectSafe(problem: DisclosureProblem, withheld: ReadonlySet<CellKey>): void {
  expect(auditDisclosure(problem, withheld)).toEqual([]);
  const { recovered, narrowed } = attack(problem, withheld);
  expect([...recovered.keys()]).toEqual([]);
  expect([...narrowed.keys()]).toEqual([]);
  for (const [k, v] of problem.values)
    if (!withheld.has(k)) expect([k, v === 1 || v === 2]).toEqual([k, false]);
}

describe('primary suppression', () => {
  it.each([
    [0, false],
    [1, true],
    [2, true],
    [3, false],
    [40, false],
  ])('count %i withheld: %s', (value, withheld) => {
    expect(primarySuppression(new Map([['x', value]])).has('x')).toBe(withheld);
  });
});

describe('a naive primary-only suppression leaks by subtraction; the protected release does not', () => {
  const table = grid('t', [
    [1, 7, 9],
    [5, 6, 8],
    [4, 10, 12],
  ]);
  const target = cellKey('t', 'r1', 'c1');

  it('primary only: the attacker recovers the 1 from its row total', () => {
    const naive = primarySuppression(table.values);
    expect([...naive]).toEqual([target]);
    expect(attack(table, naive).recovered.get(target)).toBe(1);
    expect(auditDisclosure(table, naive)).toEqual([{ cell: target, min: 1, max: 1 }]);
  });

  it('protected: every withheld cell spans at least 3 integers, and neither attack recovers anything', () => {
    const { withheld, primary, secondary } = protect(table);
    expect(primary).toEqual(new Set([target]));
    expect(secondary.size).toBeGreaterThanOrEqual(3); // one more in its row, its column, and the corner closing both
    expectSafe(table, withheld);
    for (const range of feasibleRanges(table, withheld).values())
      expect(range.max - range.min).toBeGreaterThanOrEqual(2);
  });
});

describe('two withheld cells in every row and column are not enough: bounds still leak', () => {
  // a+b = 42, c+d = 1, a+c = 3, b+d = 40 → a ∈ [2, 3]: no single subtraction works, the bounds do.
  const table = grid('b', [
    [2, 40, 5],
    [1, 0, 7],
    [9, 8, 6],
  ]);
  const rectangle = new Set(['r1|c1', 'r1|c2', 'r2|c1', 'r2|c2'].map((k) => `b|${k}`));

  it('the rectangle pattern: subtraction fails, bounds narrow the 2 to [2, 3]', () => {
    const result = attack(table, rectangle);
    expect(result.recovered.size).toBe(0);
    expect(result.narrowed.get('b|r1|c1')).toEqual({ lo: 2, hi: 3 });
    expect(auditDisclosure(table, rectangle).map((e) => e.cell)).toContain('b|r1|c1');
  });

  it('protect() withholds more until the audit is clean', () => {
    const { withheld } = protect(table);
    expect(withheld.has('b|r1|c1') && withheld.has('b|r2|c1')).toBe(true);
    expectSafe(table, withheld);
  });
});

describe('across datasets of one release', () => {
  // A: recipients by service type (x municipal, y and z state-funded); B: state-funded recipients by type — the same
  // figures for y and z, shared by key.
  const shared = (row: string, column: string): CellKey | undefined =>
    column === 'y' || column === 'z' ? `shared|${row}|${column}` : undefined;
  const a = tableProblem({
    id: 'a',
    rows: ['r1', 'r2'],
    columns: ['x', 'y', 'z'],
    value: (r, c) => ({ r1: { x: 1, y: 4, z: 6 }, r2: { x: 8, y: 7, z: 5 } })[r as 'r1'][c as 'x'],
    rowTotals: 'sum',
    sharedKey: shared,
  });
  const b = tableProblem({
    id: 'b',
    rows: ['r1', 'r2'],
    columns: ['y', 'z'],
    value: (r, c) => ({ r1: { y: 4, z: 6 }, r2: { y: 7, z: 5 } })[r as 'r1'][c as 'y'],
    rowTotals: 'sum',
    sharedKey: shared,
  });
  const release = mergeProblems([a, b]);

  it('protected one by one, B publishes the figure A withheld, and A leaks by subtraction', () => {
    const separately = new Set([...protect(a).withheld, ...protect(b).withheld]);
    expect(auditDisclosure(a, protect(a).withheld)).toEqual([]);
    expect(attack(release, separately).recovered.get('a|r1|x')).toBe(1);
  });

  it('protected as one release, nothing leaks', () => {
    expectSafe(release, protect(release).withheld);
  });

  it('a shared figure must hold one value', () => {
    const other = tableProblem({ id: 'c', rows: ['r1'], columns: ['y'], value: () => 5, sharedKey: shared });
    expect(() => mergeProblems([a, other])).toThrow(DisclosureInputError);
  });
});

describe('distinct-person totals (a person in several columns)', () => {
  // Row total = distinct persons: each cell ≤ total ≤ Σ cells.
  const table = tableProblem({
    id: 'd',
    rows: ['r1', 'r2'],
    columns: ['home-care', 'day-centre'],
    value: (r, c) =>
      ({ r1: { 'home-care': 2, 'day-centre': 9 }, r2: { 'home-care': 6, 'day-centre': 4 } })[r as 'r1'][
        c as 'home-care'
      ],
    rowTotals: 'distinct',
    rowTotalValue: (r) => (r === 'r1' ? 10 : 8),
  });

  it('the total bounds the withheld cell from above and below', () => {
    const naive = primarySuppression(table.values);
    // 10 ≤ 2 + 9? yes; lower bound of home-care = total − day-centre = 1, upper = total = 10 → range [1, 10].
    expect(feasibleRanges(table, naive).get('d|r1|home-care')).toEqual({ min: 1, max: 10 });
    expectSafe(table, protect(table).withheld);
  });

  it('rejects totals that contradict the relation', () => {
    const bad = { ...table, values: new Map([...table.values, ['d|r1|total', 20]]) };
    expect(() => protect(bad)).toThrow(DisclosureInputError);
  });
});

describe('zeros', () => {
  it('a 0 is published unless secondary suppression needs it', () => {
    const table = grid('z', [
      [0, 5, 9],
      [4, 0, 7],
    ]);
    const { withheld } = protect(table);
    expect(withheld.size).toBe(0);
  });
});

describe('random tables (seeded): every protected release passes the audit and both attacks', () => {
  let seed = 20261128;
  const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  const tables = Array.from({ length: 12 }, (_, n) => {
    const rows = 3 + (n % 3);
    const cols = 3 + ((n + 1) % 3);
    return grid(
      `rnd${n}`,
      Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.floor(next() ** 2 * 14))),
      n % 2 === 0 ? 'sum' : 'distinct',
    );
  });

  it.each(tables.map((t, i) => [i, t] as const))('table %i', (_, table) => {
    const { withheld, primary } = protect(table);
    for (const k of primary) expect(withheld.has(k)).toBe(true);
    expectSafe(table, withheld);
  });

  it('is deterministic', () => {
    expect([...protect(tables[3]!).withheld].sort()).toEqual([...protect(tables[3]!).withheld].sort());
  });
});

it('a table with nothing withheld has nothing to audit', () => {
  expect(auditDisclosure(grid('e', [[3, 4]]), new Set())).toEqual([]);
  expect(TOTAL).toBe('total');
});
