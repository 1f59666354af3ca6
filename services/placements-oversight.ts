/**
 * BAC oversight of orphan courts (BRIEF §4.6, the "BARIS browser"): per orphan court the open BARIS cases (through
 * the registry layer, personal codes never in URLs), active placements, overdue reports and the oldest overdue age.
 * Read-only; callers audit every view with purpose "oversight".
 */
import { csvDocument } from '../infra/csv.js';
import { randomUUID } from 'node:crypto';
import { queryOrphanCourtCases } from '../activities/registries/npais.js';
import type { BarisCases } from '../activities/registries/schemas.js';
import { diffInDays, type IsoDate } from '../domain/calendar.js';
import { rigaToday } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import { Municipality, Placement } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { placementSummary, type PlacementSummaryView } from './placements.js';

export type BarisCase = BarisCases['cases'][number];

export interface OrphanCourtOverview {
  atvk: string;
  name: string;
  /** null when BARIS did not answer. */
  openCases: number | null;
  activePlacements: number;
  reportsOverdue: number;
  /** Days since the oldest overdue report was due (null: none overdue). */
  oldestOverdueDays: number | null;
}

export class BarisUnavailableError extends Error {}

/** Open/closed BARIS cases of one orphan court; null when BARIS is unavailable. */
export async function barisCasesOf(config: Config, atvk: string): Promise<BarisCase[] | null> {
  try {
    const answer = await queryOrphanCourtCases(
      { baseUrl: config.simulators.registryUrl, timeoutMs: 5_000 },
      { orphanCourtAtvk: atvk },
      randomUUID(),
    );
    return answer.kind === 'ok' ? answer.data.cases : [];
  } catch {
    return null;
  }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}

export async function orphanCourtOverview(
  em: Em,
  config: Config,
  today: IsoDate = rigaToday(),
): Promise<OrphanCourtOverview[]> {
  const municipalities = await em.find(Municipality, {}, { orderBy: { atvk: 'asc' } });
  const placements = await em.find(Placement, { status: 'active' });
  const byCourt = new Map<string, PlacementSummaryView[]>();
  for (const p of placements) {
    const list = byCourt.get(p.orphanCourtAtvk) ?? [];
    list.push(placementSummary(p, today));
    byCourt.set(p.orphanCourtAtvk, list);
  }
  const names = new Map(municipalities.map((m) => [m.atvk, m.name]));
  const courts = [...new Set([...names.keys(), ...byCourt.keys()])].sort();
  const cases = await mapLimited(courts, 8, (atvk) => barisCasesOf(config, atvk));
  return courts.map((atvk, i) => {
    const mine = byCourt.get(atvk) ?? [];
    const overdue = mine.filter((p) => p.status === 'overdue');
    const oldest = overdue.reduce<number | null>((acc, p) => {
      const days = diffInDays(today, p.nextReportDue);
      return acc === null || days > acc ? days : acc;
    }, null);
    const found = cases[i];
    return {
      atvk,
      name: names.get(atvk) ?? atvk,
      openCases: found == null ? null : found.filter((c) => c.status === 'open').length,
      activePlacements: mine.length,
      reportsOverdue: overdue.length,
      oldestOverdueDays: oldest,
    };
  });
}

export async function orphanCourtCases(
  em: Em,
  config: Config,
  atvk: string,
): Promise<{ atvk: string; name: string; cases: BarisCase[]; placements: PlacementSummaryView[] }> {
  const cases = await barisCasesOf(config, atvk);
  if (cases === null) throw new BarisUnavailableError('BARIS is not available');
  const name = (await em.findOne(Municipality, { atvk }))?.name ?? cases[0]?.orphanCourtName ?? atvk;
  const placements = (
    await em.find(Placement, { orphanCourtAtvk: atvk }, { orderBy: { nextReportDue: 'asc' } })
  ).map((p) => placementSummary(p));
  return { atvk, name, cases, placements };
}

export async function orphanCourtCase(
  config: Config,
  atvk: string,
  caseNumber: string,
): Promise<BarisCase | null> {
  const cases = await barisCasesOf(config, atvk);
  if (cases === null) throw new BarisUnavailableError('BARIS is not available');
  return cases.find((c) => c.caseNumber === caseNumber) ?? null;
}

export function overviewCsv(rows: readonly OrphanCourtOverview[]): string {
  const header = [
    'atvk',
    'bariņtiesa',
    'atvērtās lietas',
    'aktīvās ievietošanas',
    'nokavētie ziņojumi',
    'vecākais nokavējums (dienas)',
  ];
  return csvDocument([
    header,
    ...rows.map((r) => [
      r.atvk,
      r.name,
      r.openCases,
      r.activePlacements,
      r.reportsOverdue,
      r.oldestOverdueDays,
    ]),
  ]);
}
