/**
 * Two-way tables (rows × columns, optional row totals, column totals and a grand total) as disclosure problems, and
 * the union of several tables' problems into one release (cells with the same key are the same figure).
 */
import { DisclosureInputError, type CellKey, type DisclosureProblem, type Relation } from './disclosure.js';

/** The key of the total row or column. */
export const TOTAL = 'total';

export interface TableSpec {
  readonly id: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly value: (row: string, column: string) => number;
  /** How a row's total relates to its cells: `sum` (columns partition the row) or `distinct` (persons can sit in
   * several columns). Omitted: no row totals. */
  readonly rowTotals?: Relation['kind'];
  /** Likewise for the columns' totals (over the rows). */
  readonly columnTotals?: Relation['kind'];
  /** The key of a figure another table of the release publishes too (a cell or a total, `TOTAL` naming the total
   * row or column), so that both share it; undefined: the cell is this table's own. */
  readonly sharedKey?: (row: string, column: string) => CellKey | undefined;
  /** Given values of the totals (distinct counts cannot be summed from cells): row → value. */
  readonly rowTotalValue?: (row: string) => number;
  readonly columnTotalValue?: (column: string) => number;
  readonly grandTotalValue?: () => number;
}

export function cellKey(tableId: string, row: string, column: string): CellKey {
  return `${tableId}|${row}|${column}`;
}

/** The table's cells and the relations its totals imply. Sum totals are computed when no value is given. */
export function tableProblem(spec: TableSpec): DisclosureProblem {
  const values = new Map<CellKey, number>();
  const relations: Relation[] = [];
  const key = (row: string, column: string): CellKey =>
    spec.sharedKey?.(row, column) ?? cellKey(spec.id, row, column);
  for (const r of spec.rows) for (const c of spec.columns) values.set(key(r, c), spec.value(r, c));
  const sum = (keys: readonly CellKey[]): number => keys.reduce((a, k) => a + (values.get(k) ?? 0), 0);
  if (spec.rowTotals) {
    for (const r of spec.rows) {
      const parts = spec.columns.map((c) => key(r, c));
      values.set(key(r, TOTAL), spec.rowTotalValue?.(r) ?? sum(parts));
      relations.push({ kind: spec.rowTotals, total: key(r, TOTAL), parts });
    }
  }
  if (spec.columnTotals) {
    for (const c of spec.columns) {
      const parts = spec.rows.map((r) => key(r, c));
      values.set(key(TOTAL, c), spec.columnTotalValue?.(c) ?? sum(parts));
      relations.push({ kind: spec.columnTotals, total: key(TOTAL, c), parts });
    }
  }
  if (spec.rowTotals && spec.columnTotals) {
    const grand = key(TOTAL, TOTAL);
    const rowTotals = spec.rows.map((r) => key(r, TOTAL));
    const columnTotals = spec.columns.map((c) => key(TOTAL, c));
    values.set(grand, spec.grandTotalValue?.() ?? sum(rowTotals));
    relations.push({ kind: spec.columnTotals, total: grand, parts: rowTotals });
    relations.push({ kind: spec.rowTotals, total: grand, parts: columnTotals });
  }
  return { values, relations };
}

/** One release of several problems; a key present in two problems must hold the same value in both. */
export function mergeProblems(problems: readonly DisclosureProblem[]): DisclosureProblem {
  const values = new Map<CellKey, number>();
  const relations: Relation[] = [];
  for (const p of problems) {
    for (const [k, v] of p.values) {
      const existing = values.get(k);
      if (existing !== undefined && existing !== v) {
        throw new DisclosureInputError(`shared cell ${k} holds ${existing} in one table and ${v} in another`);
      }
      values.set(k, v);
    }
    relations.push(...p.relations);
  }
  return { values, relations };
}
