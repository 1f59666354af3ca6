/**
 * Querying the analytical store: the latest generation's files are synced from MinIO to a local folder (only files
 * whose SHA-256 differs are downloaded; files no longer listed are removed), then DuckDB reads them with one view
 * per table of the dictionary (an empty view when a table has no file).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ANALYTICS_TABLES, duckType } from '../../domain/analytics/dictionary.js';
import type { ObjectStore } from '../../infra/object-store.js';
import { manifestKey, type Manifest } from './export.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteLiteral } from './parquet.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function sha256Of(file: string): Promise<string | null> {
  try {
    return createHash('sha256')
      .update(await fs.readFile(file))
      .digest('hex');
  } catch {
    return null;
  }
}

/** Brings the local copy of `generation` up to date; returns the folder and how many files were downloaded. */
export async function syncLocalCopy(
  store: ObjectStore,
  localRoot: string,
  generation: string,
): Promise<{ dir: string; manifest: Manifest; downloaded: number }> {
  const manifest = JSON.parse(
    (await readAll(await store.client.getObject(store.bucket, manifestKey(generation)))).toString('utf8'),
  ) as Manifest;
  const dir = path.join(localRoot, `generation=${generation}`);
  const wanted = new Set<string>();
  let downloaded = 0;
  for (const files of Object.values(manifest.tables)) {
    for (const f of files) {
      const local = path.join(localRoot, f.key);
      wanted.add(path.resolve(local));
      if ((await sha256Of(local)) === f.sha256) continue;
      await fs.mkdir(path.dirname(local), { recursive: true });
      const bytes = await readAll(await store.client.getObject(store.bucket, f.key));
      if (createHash('sha256').update(bytes).digest('hex') !== f.sha256)
        throw new Error(`${f.key} does not match the manifest`);
      await fs.writeFile(`${local}.part`, bytes);
      await fs.rename(`${local}.part`, local);
      downloaded += 1;
    }
  }
  for (const table of await fs.readdir(dir).catch(() => [] as string[])) {
    const tableDir = path.join(dir, table);
    if (!(await fs.stat(tableDir)).isDirectory()) continue;
    for (const file of await fs.readdir(tableDir)) {
      if (!wanted.has(path.resolve(tableDir, file))) await fs.rm(path.join(tableDir, file), { force: true });
    }
  }
  return { dir, manifest, downloaded };
}

export interface AnalyticsSession {
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

/**
 * Opens the local copy in `dir` once: one DuckDB instance with one view per table of the dictionary (an empty view
 * when a table has no file), kept open so that repeated queries reuse DuckDB's Parquet metadata and caches. Open a new
 * session after a sync that changed files.
 */
export async function openAnalytics(dir: string): Promise<AnalyticsSession> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  for (const t of ANALYTICS_TABLES) {
    const files = await fs.readdir(path.join(dir, t.name)).catch(() => [] as string[]);
    if (files.some((f) => f.endsWith('.parquet'))) {
      const glob = path.join(dir, t.name, '*.parquet');
      await db.run(
        `CREATE VIEW ${t.name} AS SELECT * FROM read_parquet(${quoteLiteral(glob)}, hive_partitioning = false)`,
      );
    } else {
      const cols = t.columns.map((c) => `CAST(NULL AS ${duckType(c.kind)}) AS ${c.name}`).join(', ');
      await db.run(`CREATE VIEW ${t.name} AS SELECT ${cols} WHERE false`);
    }
  }
  return {
    async query(sql) {
      return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    },
    close() {
      db.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs one query over the local copy in `dir` (a session opened and closed around it). */
export async function queryLocal(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const session = await openAnalytics(dir);
  try {
    return await session.query(sql);
  } finally {
    session.close();
  }
}
