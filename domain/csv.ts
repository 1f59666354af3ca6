/**
 * CSV (RFC 4180) for exports opened in spreadsheets: every cell quoted when needed, and a cell that a spreadsheet
 * would read as a formula (starting with = + - @, or a tab or carriage return) gets a leading apostrophe so that it
 * stays text (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-escaped, then quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as a CSV document with CRLF line ends (the header is the first row). */
export function csvDocument(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
