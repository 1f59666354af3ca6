/**
 * `analytics`: a country-sized analytical store (43 municipalities, BENCH_ANALYTICS_CLIENTS clients, default 100,000;
 * BENCH_ANALYTICS_DELIVERIES deliveries, default 1,000,000; services and cases to match) generated as the export
 * writes it (one Parquet file per table and ATVK, through services/analytics/parquet.ts), then a dashboard query —
 * services by municipality and type with clients, units and months delivered in a year — through the project's
 * query path (`openAnalytics`: one view per dictionary table, rows converted to plain objects) vs the same SQL run
 * directly in one open DuckDB connection over the same files. Reports p95 milliseconds of each side.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tableNamed } from '../domain/analytics/dictionary.js';
import { MUNICIPALITIES } from '../infra/db/municipalities.js';
import type { AnalyticsRow } from '../services/analytics/extract.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteLiteral, writeParquet } from '../services/analytics/parquet.js';
import { openAnalytics } from '../services/analytics/query.js';
import { latencies, percentile, report } from './measure.js';

const TYPES = ['home-care', 'day-care-centre', 'specialised-workshop', 'support-group', 'group-apartment'];
const hex = (n: number, salt: string): string => `${salt}${n.toString(16)}`.padStart(32, '0').slice(-32);

const QUERY = `
  SELECT s.atvk, s.service_type, count(DISTINCT c.person_key) AS clients,
         sum(d.units) AS units, count(DISTINCT d.month) AS months
  FROM deliveries d
  JOIN services s ON s.service_key = d.service_key
  JOIN cases c ON c.case_key = s.case_key
  WHERE d.month BETWEEN '2026-01' AND '2026-12'
  GROUP BY ALL ORDER BY ALL`;

async function generate(dir: string, clients: number, deliveries: number): Promise<void> {
  const atvks = MUNICIPALITIES.map((m) => m.atvk);
  const services = Math.max(1, Math.floor(clients * 1.2));
  const byAtvk = <T extends AnalyticsRow>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.atvk as string);
      if (list) list.push(r);
      else m.set(r.atvk as string, [r]);
    }
    return m;
  };
  const caseRows = Array.from({ length: clients }, (_, i) => ({
    case_key: hex(i, 'c'),
    person_key: hex(i, 'a'),
    atvk: atvks[i % atvks.length]!,
    status: 'open',
    opened_on: '2025-01-01',
    closed_on: null,
  }));
  const serviceRows = Array.from({ length: services }, (_, i) => ({
    service_key: hex(i, 'b'),
    case_key: hex(i % clients, 'c'),
    atvk: atvks[(i % clients) % atvks.length]!,
    service_type: TYPES[i % TYPES.length]!,
    state: 'delivering',
    decision: 'grant',
    requested_on: '2025-12-01',
    decision_deadline: '2026-01-01',
    start_date: '2026-01-01',
    end_date: null,
    volume: 10,
  }));
  const deliveryRows = Array.from({ length: deliveries }, (_, i) => {
    const s = i % services;
    return {
      service_key: hex(s, 'b'),
      atvk: atvks[(s % clients) % atvks.length]!,
      month: `2026-${String((Math.floor(i / services) % 12) + 1).padStart(2, '0')}`,
      units: (i % 7) + 1,
      revision: 1,
    };
  });
  for (const [table, rows] of [
    ['cases', caseRows],
    ['services', serviceRows],
    ['deliveries', deliveryRows],
  ] as const) {
    await fs.mkdir(path.join(dir, table), { recursive: true });
    for (const [atvk, part] of byAtvk(rows as AnalyticsRow[])) {
      await writeParquet(tableNamed(table), part, path.join(dir, table, `atvk=${atvk}.parquet`));
    }
  }
}

async function analytics(): Promise<void> {
  const clients = Number(process.env.BENCH_ANALYTICS_CLIENTS ?? 100_000);
  const deliveries = Number(process.env.BENCH_ANALYTICS_DELIVERIES ?? 1_000_000);
  const runs = Number(process.env.BENCH_ANALYTICS_RUNS ?? 30);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'digisoc-bench-analytics-'));
  try {
    const t0 = performance.now();
    await generate(dir, clients, deliveries);
    const generateSeconds = (performance.now() - t0) / 1000;
    let rows = 0;
    const session = await openAnalytics(dir);
    const project = await latencies(
      async () => {
        rows = (await session.query(QUERY)).length;
      },
      runs,
      3,
    );
    session.close();
    // The same engine settings as the project's session (DuckDB's defaults), views over the same files.
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    for (const t of ['cases', 'services', 'deliveries']) {
      const glob = quoteLiteral(path.join(dir, t, '*.parquet'));
      await db.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet(${glob}, hive_partitioning = false)`);
    }
    const baseline = await latencies(
      async () => {
        await db.runAndReadAll(QUERY);
      },
      runs,
      3,
    );
    db.closeSync();
    instance.closeSync();
    report({
      scenario: 'analytics',
      unit: 'ms p95',
      project: percentile(project, 95),
      baseline: percentile(baseline, 95),
      higherIsBetter: false,
      details: {
        municipalities: MUNICIPALITIES.length,
        clients,
        deliveries,
        resultRows: rows,
        projectP50: percentile(project, 50),
        baselineP50: percentile(baseline, 50),
        generateSeconds: Math.round(generateSeconds),
      },
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export const ANALYTICS_SCENARIOS: Record<string, () => Promise<void>> = { analytics };
