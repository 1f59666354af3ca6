/**
 * `specialists-import`: a generated N-row CSV (BENCH_SPECIALISTS, default 10,000 — the figure) of specialists
 * with their initial training through the register's import (validation, idempotency look-ups, one transaction, the
 * audit entry) vs a raw bulk insert of the same rows (insertMany of the three tables). Reports rows/s and the peak
 * RSS of each side. SQLite in a temporary file; the workflow signalling after the import is not part of the figure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, addMonthsClamped } from '../domain/calendar.js';
import { rigaToday } from '../infra/clock.js';
import { Specialist, SpecialistEmployment, SpecialistTraining } from '../infra/db/entities/index.js';
import { createOrm, migrateUp, type Orm } from '../infra/db/orm.js';
import { DEMO_SPECIALIST_ORGANISATIONS, seedSpecialistOrganisations } from '../infra/db/specialists-demo.js';
import { newId } from '../infra/ids.js';
import { importSpreadsheet } from '../services/specialists/import.js';
import { IMPORT_COLUMNS } from '../services/specialists/import-sheet.js';
import { report } from './measure.js';

interface Row {
  personalCode: string;
  firstName: string;
  lastName: string;
  organisation: (typeof DEMO_SPECIALIST_ORGANISATIONS)[number];
  employedFrom: string;
  completedOn: string;
  certificateNo: string;
}

function generate(n: number, today: string): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    personalCode: '',
    firstName: ['Anna', 'Jānis', 'Līga', 'Andris'][i % 4]!,
    lastName: `Tests${i}`,
    organisation: DEMO_SPECIALIST_ORGANISATIONS[i % 3]!,
    employedFrom: addMonthsClamped(today, -(i % 60) - 1),
    completedOn: addDays(today, -(i % 1500) - 1),
    certificateNo: `BENCH-${i}`,
  }));
}

function uniqueCodes(rows: Row[]): Row[] {
  // 32XXXX-YYYYY: make every code unique from the row number.
  return rows.map((r, i) => ({
    ...r,
    personalCode: `32${String(Math.floor(i / 100000)).padStart(4, '0')}-${String(i % 100000).padStart(5, '0')}`,
  }));
}

function csvOf(rows: Row[]): string {
  const header = Object.values(IMPORT_COLUMNS).join(';');
  const lines = rows.map((r) =>
    [
      r.personalCode,
      r.firstName,
      r.lastName,
      r.organisation.registrationNo,
      'sociālais darbinieks',
      'social-worker',
      r.employedFrom,
      'initial',
      r.completedOn,
      '40',
      'Pamatprogramma',
      'Mācību centrs',
      r.certificateNo,
    ].join(';'),
  );
  return [header, ...lines].join('\n');
}

async function freshDb(dir: string, name: string): Promise<Orm> {
  const orm = await createOrm({ kind: 'sqlite', sqlitePath: path.join(dir, `${name}.sqlite`) });
  await migrateUp(orm);
  await seedSpecialistOrganisations(orm.em.fork());
  return orm;
}

/** Runs `body` while sampling the RSS; returns its seconds and the peak RSS growth in MiB. */
async function measured(body: () => Promise<void>): Promise<{ seconds: number; peakMiB: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  await body();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds, peakMiB: (peak - base) / 2 ** 20 };
}

async function specialistsImport(): Promise<void> {
  const n = Number(process.env.BENCH_SPECIALISTS ?? 10_000);
  const today = rigaToday();
  const rows = uniqueCodes(generate(n, today));
  const csv = new TextEncoder().encode(csvOf(rows));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-specialists-'));
  try {
    const projectOrm = await freshDb(dir, 'project');
    const actor = {
      username: 'bench',
      role: 'bac_inspector' as const,
      municipalityCode: null,
      organisationId: null,
    };
    let imported = 0;
    const project = await measured(async () => {
      const result = await importSpreadsheet({ em: projectOrm.em.fork(), today }, actor, {
        bytes: csv,
        name: 'bench.csv',
      });
      imported = result.specialistsCreated;
    });
    if (imported !== n) throw new Error(`imported ${imported} of ${n} rows`);
    await projectOrm.close(true);

    const baselineOrm = await freshDb(dir, 'baseline');
    const baseline = await measured(async () => {
      const em = baselineOrm.em.fork();
      const now = new Date();
      const people = rows.map((r) => ({ id: newId(), r }));
      await em.transactional(async (tx) => {
        for (let i = 0; i < people.length; i += 1000) {
          const part = people.slice(i, i + 1000);
          await tx.insertMany(
            Specialist,
            part.map(({ id, r }) => ({
              id,
              personalCode: r.personalCode,
              firstName: r.firstName,
              lastName: r.lastName,
              organisationId: r.organisation.id,
              position: 'sociālais darbinieks',
              positionKind: 'social-worker',
              createdAt: now,
              updatedAt: now,
            })),
          );
          await tx.insertMany(
            SpecialistEmployment,
            part.map(({ id, r }) => ({
              id: newId(),
              specialistId: id,
              organisationId: r.organisation.id,
              position: 'sociālais darbinieks',
              positionKind: 'social-worker',
              employedFrom: r.employedFrom,
              employedTo: null,
              createdAt: now,
            })),
          );
          await tx.insertMany(
            SpecialistTraining,
            part.map(({ id, r }) => ({
              id: newId(),
              specialistId: id,
              kind: 'initial',
              completedOn: r.completedOn,
              hours: 40,
              programme: 'Pamatprogramma',
              provider: 'Mācību centrs',
              certificateNo: r.certificateNo,
              source: 'import',
              recordedBy: 'bench',
              createdAt: now,
            })),
          );
        }
      });
    });
    await baselineOrm.close(true);
    report({
      scenario: 'specialists-import',
      unit: 'rows/s',
      project: n / project.seconds,
      baseline: n / baseline.seconds,
      higherIsBetter: true,
      details: {
        rows: n,
        csvBytes: csv.length,
        projectSeconds: Math.round(project.seconds * 100) / 100,
        baselineSeconds: Math.round(baseline.seconds * 100) / 100,
        projectPeakRssMiB: Math.round(project.peakMiB),
        baselinePeakRssMiB: Math.round(baseline.peakMiB),
      },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const SPECIALIST_SCENARIOS: Record<string, () => Promise<void>> = {
  'specialists-import': specialistsImport,
};
