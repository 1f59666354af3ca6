/** The statistical report forms (MK 324 annexes) the platform counts, with the kind of period each answers for. */
import type { PeriodKind } from './period.js';
import type { FigureRow, FigureTable } from './tables.js';

export const REPORT_FORMS = {
  'social-assistance-monthly': { annex: 1, period: 'month' },
  'social-services-annual': { annex: 2, period: 'year' },
  'victim-rehabilitation-annual': { annex: 4, period: 'year' },
} as const satisfies Record<string, { annex: number; period: PeriodKind }>;

export type ReportForm = keyof typeof REPORT_FORMS;
export const REPORT_FORM_CODES = Object.keys(REPORT_FORMS) as ReportForm[];

export function isReportForm(value: string): value is ReportForm {
  return Object.hasOwn(REPORT_FORMS, value);
}

/** The measures of a row in a fixed order: persons, households, each breakdown category, each sum. */
export function measuresOf(row: FigureRow): [string, number][] {
  const out: [string, number][] = [['persons', row.persons]];
  if (row.households !== undefined) out.push(['households', row.households]);
  for (const [dim, cats] of Object.entries(row.breakdowns ?? {})) {
    for (const [cat, n] of Object.entries(cats)) out.push([`${dim}.${cat}`, n]);
  }
  for (const [k, v] of Object.entries(row.sums ?? {})) out.push([k, v]);
  return out;
}

/** A table as a header and rows (its rows, then the total line) for spreadsheets and screens. */
export function wideTable(table: FigureTable): { header: string[]; rows: (string | number)[][] } {
  const all = [...table.rows, table.total];
  const header = ['row'];
  for (const r of all) for (const [m] of measuresOf(r)) if (!header.includes(m)) header.push(m);
  return {
    header,
    rows: all.map((r) => {
      const values = new Map(measuresOf(r));
      return [r.key, ...header.slice(1).map((m) => values.get(m) ?? '')];
    }),
  };
}

/** Every figure as one line (table, row, measure, value): the CSV download. */
export function longRows(tables: readonly FigureTable[]): (string | number)[][] {
  return tables.flatMap((t) =>
    [...t.rows, t.total].flatMap((r) => measuresOf(r).map(([m, v]) => [t.key, r.key, m, v])),
  );
}
