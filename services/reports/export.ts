/** The downloads of a report (issue 20): CSV (one line per figure) and XLSX (one sheet per table, and the checks). */
import ExcelJS from 'exceljs';
import { csvDocument } from '../../infra/csv.js';
import { longRows, wideTable } from '../../domain/reports/index.js';
import type { ReportView } from './queries.js';

const head = (v: ReportView): (string | number)[][] => [
  ['form', v.form],
  ['annex', v.annex],
  ['municipality', v.municipality.atvk],
  ['period', v.period],
  ['asOf', v.asOf ?? ''],
];

export function reportCsv(v: ReportView): string {
  return csvDocument([
    ['form', 'municipality', 'period', 'table', 'row', 'measure', 'value'],
    ...longRows(v.tables).map((r) => [v.form, v.municipality.atvk, v.period, ...r]),
  ]);
}

export async function reportXlsx(v: ReportView): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'DigiSoc';
  const about = book.addWorksheet('report');
  about.addRows(head(v));
  for (const t of v.tables) {
    const sheet = book.addWorksheet(t.key.slice(0, 31));
    const wide = wideTable(t);
    sheet.addRow(wide.header);
    sheet.addRows(wide.rows.map((r) => r.map((cell, i) => (i === 0 ? (v.labels[cell]?.lv ?? cell) : cell))));
    sheet.getRow(1).font = { bold: true };
  }
  const checks = book.addWorksheet('checks');
  checks.addRow(['check', 'table', 'row', 'message']);
  for (const f of v.checks.failures) checks.addRow([f.check, f.table, f.row, f.message]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
