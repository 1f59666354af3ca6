/**
 * CSV (RFC 4180) for exports opened in spreadsheets, written by `csv-stringify`: a cell is quoted when it holds a
 * separator (`,` or `;`, which Latvian spreadsheets also split on), a quote or a line break, and a text cell that a
 * spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return, or their full-width forms)
 * gets a leading apostrophe so that it stays text (OWASP "CSV injection"). Numbers stay numbers, negative ones too.
 */
import { stringify, type Options } from 'csv-stringify/sync';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvFormat {
  /** Line end: CRLF (RFC 4180, the default) or LF. */
  lineEnd?: '\r\n' | '\n';
  /** How a number in a column is written (e.g. amounts with two decimals); `String(n)` otherwise. */
  number?: (value: number, column: number) => string;
}

function options(format: CsvFormat): Options {
  return {
    escape_formulas: true,
    quoted_match: [/;/, /[\r\n]/],
    record_delimiter: format.lineEnd === '\n' ? 'unix' : 'windows',
    cast: {
      boolean: (value) => String(value),
      number: (value, context) =>
        format.number && typeof context.index === 'number'
          ? format.number(value, context.index)
          : String(value),
    },
  };
}

/** The rows as a CSV document (the header is the first row), every line ended. */
export function csvDocument(rows: readonly (readonly CsvValue[])[], format: CsvFormat = {}): string {
  return stringify(
    rows.map((r) => r.map((v) => v ?? null)),
    options(format),
  );
}

/** One cell as it appears in a document. */
export function csvCell(value: CsvValue): string {
  return stringify([[value ?? null]], { ...options({}), eof: false });
}
