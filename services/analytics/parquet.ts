/**
 * Parquet through DuckDB (`@duckdb/node-api`): rows → one Parquet file (single-threaded, rows sorted, so the same
 * rows always give the same bytes), and SQL over local Parquet files. No `httpfs`: files are written locally and
 * uploaded, and queries read local copies synced from MinIO.
 */
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { duckType, type AnalyticsTable } from '../../domain/analytics/dictionary.js';
import type { AnalyticsRow, Cell } from './extract.js';

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const quoteLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

export async function withDuckDb<T>(body: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    return await body(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function append(appender: DuckDBAppender, kind: ReturnType<typeof duckType>, value: Cell): void {
  if (value === null) appender.appendNull();
  else if (kind === 'INTEGER') appender.appendInteger(Number(value));
  else if (kind === 'DOUBLE') appender.appendDouble(Number(value));
  else if (kind === 'BOOLEAN') appender.appendBoolean(Boolean(value));
  else appender.appendVarchar(String(value));
}

/** Writes `rows` (the table's columns, in the dictionary's order) to `file` as Parquet (zstd). */
export async function writeParquet(
  table: AnalyticsTable,
  rows: readonly AnalyticsRow[],
  file: string,
): Promise<void> {
  await withDuckDb(async (db) => {
    const columns = table.columns.map((col) => `${quoteIdent(col.name)} ${duckType(col.kind)}`).join(', ');
    await db.run(`CREATE TABLE t (${columns})`);
    const appender = await db.createAppender('t');
    for (const row of rows) {
      for (const col of table.columns) append(appender, duckType(col.kind), row[col.name] ?? null);
      appender.endRow();
    }
    appender.closeSync();
    await db.run(
      `COPY (SELECT * FROM t ORDER BY ALL) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  });
}

/** Every row of a Parquet file as plain objects (for tests and checks). */
export async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  return withDuckDb(async (db) => {
    const reader = await db.runAndReadAll(
      `SELECT * FROM read_parquet(${quoteLiteral(file)}, hive_partitioning = false)`,
    );
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  });
}
