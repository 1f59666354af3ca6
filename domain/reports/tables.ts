/**
 * The counted form of a report, before its figures are published: each row holds the ids it counts (persons,
 * households), its breakdowns (dimensions whose categories partition the row's persons: sex, age group, new or
 * continuing, funding) and its sums (integer cents and hundredths of units). Counting from ids, not from numbers,
 * is what lets the consistency checks (BRIEF §4.9) name the table and row that is wrong.
 */
export interface CountedRow {
  readonly key: string;
  /** The persons counted in the row; a correct count lists each person once. */
  readonly persons: readonly string[];
  readonly households?: readonly string[];
  /** dimension → category → persons; each dimension's categories partition `persons`. */
  readonly breakdowns?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** Summed figures as integers (e.g. `amountCents`, `unitsHundredths`). */
  readonly sums?: Readonly<Record<string, number>>;
}

export interface CountedTable {
  readonly key: string;
  /** The population (a key of the report's `populations`) whose distinct persons the total line must equal. */
  readonly population: string;
  /** True when the rows partition the persons (each person in exactly one row): counts must add up to the total. */
  readonly partition: boolean;
  readonly rows: readonly CountedRow[];
  readonly total: CountedRow;
}

export interface CountedReport {
  readonly form: string;
  /** The distinct persons of the period, per population (e.g. everyone served, everyone with a GMI benefit). */
  readonly populations: Readonly<Record<string, readonly string[]>>;
  readonly tables: readonly CountedTable[];
}

export type CheckKind = 'total-equals-distinct' | 'counted-twice' | 'sum-matches-subtotals';

export interface CheckFailure {
  readonly check: CheckKind;
  readonly table: string;
  readonly row: string;
  readonly message: string;
}

const duplicatesOf = (ids: readonly string[]): string[] => {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
};

function rowChecks(table: string, row: CountedRow): CheckFailure[] {
  const out: CheckFailure[] = [];
  const dupes = duplicatesOf(row.persons);
  if (dupes.length > 0) {
    out.push({
      check: 'counted-twice',
      table,
      row: row.key,
      message: `${dupes.length} person(s) counted more than once in the row`,
    });
  }
  const householdDupes = duplicatesOf(row.households ?? []);
  if (householdDupes.length > 0) {
    out.push({
      check: 'counted-twice',
      table,
      row: row.key,
      message: `${householdDupes.length} household(s) counted more than once in the row`,
    });
  }
  const rowPersons = new Set(row.persons);
  for (const [dimension, categories] of Object.entries(row.breakdowns ?? {})) {
    const all = Object.values(categories).flat();
    const twice = duplicatesOf(all);
    if (twice.length > 0) {
      out.push({
        check: 'counted-twice',
        table,
        row: row.key,
        message: `${twice.length} person(s) in more than one ${dimension} category`,
      });
    }
    const inRow = new Set(all);
    if (inRow.size !== rowPersons.size || [...inRow].some((p) => !rowPersons.has(p))) {
      out.push({
        check: 'sum-matches-subtotals',
        table,
        row: row.key,
        message: `the ${dimension} categories add up to ${all.length} persons, the row counts ${row.persons.length}`,
      });
    }
  }
  return out;
}

/** Every check of one table: the total line, each row, and the sums against the total. */
export function checkTable(table: CountedTable, population: readonly string[]): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const row of [...table.rows, table.total]) out.push(...rowChecks(table.key, row));
  const distinct = new Set(population);
  const total = new Set(table.total.persons);
  if (
    table.total.persons.length !== distinct.size ||
    total.size !== distinct.size ||
    [...total].some((p) => !distinct.has(p))
  ) {
    out.push({
      check: 'total-equals-distinct',
      table: table.key,
      row: table.total.key,
      message: `the total counts ${table.total.persons.length} persons, the period has ${distinct.size} distinct persons`,
    });
  }
  if (table.partition) {
    const all = table.rows.flatMap((r) => r.persons);
    const twice = duplicatesOf(all);
    if (twice.length > 0) {
      const rows = table.rows.filter((r) => r.persons.some((p) => twice.includes(p))).map((r) => r.key);
      out.push({
        check: 'counted-twice',
        table: table.key,
        row: rows.join(', '),
        message: `${twice.length} person(s) counted in more than one row`,
      });
    }
    if (all.length !== table.total.persons.length) {
      out.push({
        check: 'sum-matches-subtotals',
        table: table.key,
        row: table.total.key,
        message: `the rows add up to ${all.length} persons, the total counts ${table.total.persons.length}`,
      });
    }
  }
  for (const [column, totalValue] of Object.entries(table.total.sums ?? {})) {
    const sum = table.rows.reduce((s, r) => s + (r.sums?.[column] ?? 0), 0);
    if (sum !== totalValue) {
      out.push({
        check: 'sum-matches-subtotals',
        table: table.key,
        row: table.total.key,
        message: `${column}: the rows add up to ${sum}, the total says ${totalValue}`,
      });
    }
  }
  return out;
}

/** The consistency checks of a whole report; an empty list means it may be submitted. */
export function checkReport(report: CountedReport): CheckFailure[] {
  return report.tables.flatMap((t) => checkTable(t, report.populations[t.population] ?? []));
}

/** A published row: counts and sums only, never an id. Cents become euros (2 decimals), hundredths units. */
export interface FigureRow {
  readonly key: string;
  readonly persons: number;
  readonly households?: number;
  readonly breakdowns?: Record<string, Record<string, number>>;
  readonly sums?: Record<string, number>;
}

export interface FigureTable {
  readonly key: string;
  readonly rows: FigureRow[];
  readonly total: FigureRow;
}

const SUM_OUTPUT: Record<string, { name: string; divisor: number }> = {
  amountCents: { name: 'amountEur', divisor: 100 },
  unitsHundredths: { name: 'units', divisor: 100 },
};

function figureRow(row: CountedRow): FigureRow {
  return {
    key: row.key,
    persons: row.persons.length,
    ...(row.households ? { households: row.households.length } : {}),
    ...(row.breakdowns
      ? {
          breakdowns: Object.fromEntries(
            Object.entries(row.breakdowns).map(([d, cats]) => [
              d,
              Object.fromEntries(Object.entries(cats).map(([k, ids]) => [k, ids.length])),
            ]),
          ),
        }
      : {}),
    ...(row.sums
      ? {
          sums: Object.fromEntries(
            Object.entries(row.sums).map(([k, v]) => {
              const out = SUM_OUTPUT[k] ?? { name: k, divisor: 1 };
              return [out.name, v / out.divisor];
            }),
          ),
        }
      : {}),
  };
}

export function figuresOf(report: CountedReport): FigureTable[] {
  return report.tables.map((t) => ({ key: t.key, rows: t.rows.map(figureRow), total: figureRow(t.total) }));
}
