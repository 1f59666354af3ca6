/** A dataset's rows as CSV (RFC 4180, UTF-8, CRLF, a header of the documented column names) with csv-stringify. */
import { stringify } from 'csv-stringify/sync';
import { columnsOf, type DatasetDefinition, type Row } from '../../domain/open-data/datasets.js';

export function datasetCsv(definition: DatasetDefinition, rows: readonly Row[]): string {
  return stringify(rows as Row[], {
    header: true,
    columns: columnsOf(definition).map((c) => c.name),
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}
