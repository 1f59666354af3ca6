/**
 * Publishing open data (issue 23): one release = every dataset computed from the platform's data and protected
 * together (BRIEF §4.14). A release whose CSVs all equal the latest versions publishes nothing (idempotent);
 * otherwise every dataset gets a new immutable version (one release id), stored in the open-data bucket with its
 * SHA-256, and a row in `open_data_versions`. A correction is such a new version, with a note.
 */
import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { buildRelease, type ReleasePeriods } from '../../domain/open-data/datasets.js';
import { OpenDataVersion, type IOpenDataVersion } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import type { ObjectStore } from '../../infra/object-store.js';
import { appendAudit } from '../audit-log.js';
import { DomainError } from '../errors.js';
import { datasetCsv } from './csv.js';
import { loadOpenDataFacts } from './facts.js';
import { latestVersions } from './queries.js';

export interface OpenDataActor {
  username: string;
  role: string;
}

export interface OpenDataDeps {
  em: Em;
  store: ObjectStore;
  /** Today in Riga (YYYY-MM-DD): the release covers the previous and the current year up to this month. */
  today: string;
}

export interface PublishResult {
  releaseId: string;
  /** False when the data had not changed since the latest release (nothing new was written). */
  published: boolean;
  datasets: { dataset: string; version: number; sha256: string; withheldCells: number; rowCount: number }[];
}

export function releasePeriods(today: string): ReleasePeriods {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const months: string[] = [];
  for (let y = year - 1; y <= year; y++) {
    for (let m = 1; m <= (y === year ? month : 12); m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return { years: [String(year - 1), String(year)], months };
}

export async function publishOpenData(
  deps: OpenDataDeps,
  actor: OpenDataActor,
  input: { note: string | null },
): Promise<PublishResult> {
  const { em, store } = deps;
  const built = buildRelease(await loadOpenDataFacts(em), releasePeriods(deps.today));
  const files = built.map((d) => {
    const csv = Buffer.from(datasetCsv(d.definition, d.rows), 'utf8');
    return { built: d, csv, sha256: createHash('sha256').update(csv).digest('hex') };
  });
  const latest = await latestVersions(em);
  const unchanged = files.every((f) => latest.get(f.built.definition.code)?.sha256 === f.sha256);
  if (unchanged && files.length > 0) {
    const first = latest.get(files[0]!.built.definition.code)!;
    return {
      releaseId: first.releaseId,
      published: false,
      datasets: files.map((f) => {
        const v = latest.get(f.built.definition.code)!;
        return {
          dataset: v.dataset,
          version: v.version,
          sha256: v.sha256,
          withheldCells: v.withheldCells,
          rowCount: v.rowCount,
        };
      }),
    };
  }

  await store.ensureBucket();
  const releaseId = newId();
  const now = new Date();
  const rows: IOpenDataVersion[] = [];
  for (const f of files) {
    const code = f.built.definition.code;
    const version = (latest.get(code)?.version ?? 0) + 1;
    // A fresh key per release: an object once written is never overwritten.
    const key = `datasets/${code}/v${version}-${releaseId}.csv`;
    const stored = await store.putBuffer(key, f.csv, 'text/csv; charset=utf-8');
    if (stored.sha256 !== f.sha256) throw new Error(`stored ${key} does not match its digest`);
    rows.push({
      id: newId(),
      dataset: code,
      version,
      releaseId,
      objectKey: key,
      sha256: f.sha256,
      sizeBytes: f.csv.length,
      rowCount: f.built.rows.length,
      withheldCells: f.built.withheld,
      periodFrom: f.built.periodFrom,
      periodTo: f.built.periodTo,
      note: input.note,
      publishedAt: now,
      publishedBy: actor.username,
    });
  }
  try {
    await em.transactional(async (tx) => {
      for (const r of rows) tx.create(OpenDataVersion, r);
      await tx.flush();
      await appendAudit(tx, {
        actor: actor.username,
        role: actor.role,
        municipalityCode: null,
        action: 'open-data.publish',
        resourceType: 'open-data-release',
        resourceId: releaseId,
        caseId: null,
        outcome: 'success',
        details: {
          datasets: rows.map((r) => ({ dataset: r.dataset, version: r.version, sha256: r.sha256 })),
        },
      });
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      throw new DomainError('conflict', 'another release was published at the same time; try again');
    }
    throw err;
  }
  return {
    releaseId,
    published: true,
    datasets: rows.map((r) => ({
      dataset: r.dataset,
      version: r.version,
      sha256: r.sha256,
      withheldCells: r.withheldCells,
      rowCount: r.rowCount,
    })),
  };
}
