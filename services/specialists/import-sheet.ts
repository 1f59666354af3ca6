/**
 * Reading a register spreadsheet (issue 19): XLSX (exceljs) or CSV (csv-parse, UTF-8, `;` or `,`), Latvian headers.
 * Returns the data rows as header → text maps with their spreadsheet row numbers (the header is row 1).
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** The template's columns: field name → Latvian header. */
export const IMPORT_COLUMNS = {
  personalCode: 'Personas kods',
  firstName: 'Vārds',
  lastName: 'Uzvārds',
  organisationRegistrationNo: 'Iestādes reģistrācijas numurs',
  position: 'Amats',
  positionKind: 'Amata veids',
  employedFrom: 'Amatā no',
  trainingKind: 'Apmācības veids',
  completedOn: 'Apmācība pabeigta',
  hours: 'Akadēmiskās stundas',
  programme: 'Programma',
  provider: 'Mācību iestāde',
  certificateNo: 'Apliecības numurs',
} as const;
export type ImportField = keyof typeof IMPORT_COLUMNS;

export interface SheetRow {
  row: number;
  values: Partial<Record<ImportField, string>>;
}

export class UnreadableSheetError extends Error {}

const BY_HEADER = new Map<string, ImportField>(
  Object.entries(IMPORT_COLUMNS).map(([field, header]) => [
    header.toLocaleLowerCase('lv'),
    field as ImportField,
  ]),
);

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    return '';
  }
  return String(value);
}

function toRows(table: string[][]): SheetRow[] {
  const [header, ...data] = table;
  if (!header) throw new UnreadableSheetError('the file is empty');
  const fields = header.map((h) => BY_HEADER.get(h.trim().toLocaleLowerCase('lv')));
  if (!fields.includes('personalCode')) {
    throw new UnreadableSheetError(`the header row must contain the column "${IMPORT_COLUMNS.personalCode}"`);
  }
  const rows: SheetRow[] = [];
  data.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const values: SheetRow['values'] = {};
    fields.forEach((f, j) => {
      if (f) values[f] = (cells[j] ?? '').trim();
    });
    rows.push({ row: i + 2, values });
  });
  return rows;
}

export async function readSheet(bytes: Uint8Array, fileName: string): Promise<SheetRow[]> {
  const isXlsx = bytes[0] === 0x50 && bytes[1] === 0x4b; // a ZIP container
  if (isXlsx) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      throw new UnreadableSheetError(`${fileName} is not a readable XLSX workbook`);
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new UnreadableSheetError('the workbook has no sheet');
    const table: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellText(row.getCell(c).value));
      table[n - 1] = cells;
    });
    return toRows(Array.from(table, (r) => r ?? []));
  }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let table: string[][];
  try {
    table = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (err) {
    throw new UnreadableSheetError(
      `${fileName} is not readable CSV: ${err instanceof Error ? err.message : ''}`,
    );
  }
  return toRows(table);
}

/** The import template: the header row and one example row. */
export async function templateWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Speciālisti');
  sheet.addRow(Object.values(IMPORT_COLUMNS));
  sheet.addRow([
    '320000-00000',
    'Anna',
    'Paraugs',
    'DEMO-90000000001',
    'sociālā darbiniece',
    'social-worker',
    '2026-01-15',
    'initial',
    '2026-05-20',
    '40',
    'Bērnu tiesību aizsardzības pamatprogramma',
    'Mācību centrs',
    'A-000001',
  ]);
  sheet.getRow(1).font = { bold: true };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
