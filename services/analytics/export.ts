/**
 * The nightly export to the pseudonymised analytical store (issue 23), in steps a workflow runs as activities:
 * `planExport` names the generation and the tables; `exportTable` writes one table's partitions (one Parquet file per
 * ATVK, or one for an unpartitioned table) to the analytics bucket; `commitExport` writes the generation's manifest
 * and removes files of partitions that no longer have rows.
 *
 * Incremental and idempotent: each object carries the SHA-256 of its pseudonymised rows (`source-sha256` metadata);
 * a partition whose rows have not changed is not written again. Resumable: a run killed mid-way left whole objects
 * only (an upload is atomic), so running the step again writes exactly the missing or changed partitions, and the
 * same rows give the same bytes — the store ends up with the same files as an uninterrupted run.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ANALYTICS_TABLES, generationOf, tableNamed } from '../../domain/analytics/dictionary.js';
import type { Config } from '../../infra/config.js';
import type { Em } from '../../infra/db/orm.js';
import { ObjectStore } from '../../infra/object-store.js';
import { extractTable, generationKey, pseudonymiser, type AnalyticsRow } from './extract.js';
import { writeParquet } from './parquet.js';

export const NO_ATVK = 'none';
const SOURCE_META = 'source-sha256';

export interface ExportedFile {
  table: string;
  partition: string;
  key: string;
  sha256: string;
  rows: number;
}

export interface TableExport {
  table: string;
  files: ExportedFile[];
  written: number;
  unchanged: number;
}

export interface Manifest {
  generation: string;
  tables: Record<string, ExportedFile[]>;
}

export function analyticsStore(config: Config): ObjectStore {
  return new ObjectStore({ ...config.minio, bucket: config.minio.analyticsBucket });
}

export function objectKey(generation: string, table: string, partition: string): string {
  return `generation=${generation}/${table}/atvk=${partition}.parquet`;
}
export const manifestKey = (generation: string): string => `generation=${generation}/manifest.json`;

export function planExport(runDate: string): { generation: string; tables: string[] } {
  return { generation: generationOf(runDate), tables: ANALYTICS_TABLES.map((t) => t.name) };
}

function canonical(rows: readonly AnalyticsRow[], columns: readonly string[]): string[] {
  return rows.map((r) => JSON.stringify(columns.map((c) => r[c] ?? null))).sort();
}

async function storedSourceHash(
  store: ObjectStore,
  key: string,
): Promise<{ source: string; sha256: string } | null> {
  try {
    const stat = await store.client.statObject(store.bucket, key);
    const meta = stat.metaData as Record<string, string>;
    const source = meta[SOURCE_META] ?? meta[`x-amz-meta-${SOURCE_META}`];
    const sha256 = meta['sha256'] ?? meta['x-amz-meta-sha256'];
    return source && sha256 ? { source, sha256 } : null;
  } catch (err) {
    if ((err as { code?: string }).code === 'NotFound' || (err as { code?: string }).code === 'NoSuchKey')
      return null;
    throw err;
  }
}

export async function exportTable(
  deps: { em: Em; store: ObjectStore; masterKey: string },
  generation: string,
  tableName: string,
): Promise<TableExport> {
  const table = tableNamed(tableName);
  await deps.store.ensureBucket();
  const rows = await extractTable(
    deps.em,
    table.name,
    pseudonymiser(generationKey(deps.masterKey, generation)),
  );
  const partitions = new Map<string, AnalyticsRow[]>();
  for (const row of rows) {
    const partition = table.byAtvk ? ((row.atvk as string | null) ?? NO_ATVK) : 'all';
    const list = partitions.get(partition);
    if (list) list.push(row);
    else partitions.set(partition, [row]);
  }
  const columns = table.columns.map((c) => c.name);
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'digisoc-analytics-'));
  const files: ExportedFile[] = [];
  let written = 0;
  let unchanged = 0;
  try {
    for (const partition of [...partitions.keys()].sort()) {
      const partRows = partitions.get(partition)!;
      const key = objectKey(generation, table.name, partition);
      const source = createHash('sha256').update(canonical(partRows, columns).join('\n')).digest('hex');
      const stored = await storedSourceHash(deps.store, key);
      if (stored?.source === source) {
        files.push({ table: table.name, partition, key, sha256: stored.sha256, rows: partRows.length });
        unchanged += 1;
        continue;
      }
      const file = path.join(scratch, `${table.name}-${partition}.parquet`);
      await writeParquet(table, partRows, file);
      const bytes = await fs.readFile(file);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await deps.store.client.putObject(deps.store.bucket, key, bytes, bytes.length, {
        'Content-Type': 'application/vnd.apache.parquet',
        [`X-Amz-Meta-${SOURCE_META}`]: source,
        'X-Amz-Meta-Sha256': sha256,
      });
      files.push({ table: table.name, partition, key, sha256, rows: partRows.length });
      written += 1;
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
  return { table: table.name, files, written, unchanged };
}

/** Writes the generation's manifest (deterministic JSON) and removes objects no table lists any more. */
export async function commitExport(
  store: ObjectStore,
  generation: string,
  tables: readonly TableExport[],
): Promise<Manifest> {
  const manifest: Manifest = {
    generation,
    tables: Object.fromEntries(
      [...tables].sort((a, b) => a.table.localeCompare(b.table)).map((t) => [t.table, t.files]),
    ),
  };
  const listed = new Set(tables.flatMap((t) => t.files.map((f) => f.key)));
  const prefix = `generation=${generation}/`;
  const stale: string[] = [];
  for await (const item of store.client.listObjectsV2(store.bucket, prefix, true)) {
    const name = (item as { name?: string }).name;
    if (name && name.endsWith('.parquet') && !listed.has(name)) stale.push(name);
  }
  for (const key of stale) await store.client.removeObject(store.bucket, key);
  await store.putBuffer(
    manifestKey(generation),
    Buffer.from(JSON.stringify(manifest, null, 2)),
    'application/json',
  );
  return manifest;
}
