/**
 * The pseudonymised analytical store on the real stack (issue 23): the export writes one Parquet file per table and
 * ATVK to its own MinIO bucket; a scan of every column of every file finds no name, personal code, note or other
 * free text (every value matches its column's kind in the data dictionary); running the export again writes
 * nothing; a run killed mid-way (files missing) is completed by running it again, with the same files; a new
 * generation rotates the pseudonyms; queries read local copies synced from MinIO.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANALYTICS_TABLES, KIND_PATTERN } from '../../domain/analytics/dictionary.js';
import {
  Case,
  CaseHouseholdMember,
  Person,
  Placement,
  SocialService,
  Specialist,
} from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import {
  analyticsStore,
  commitExport,
  exportTable,
  planExport,
  type TableExport,
} from '../../services/analytics/export.js';
import { readParquet } from '../../services/analytics/parquet.js';
import { queryLocal, syncLocalCopy } from '../../services/analytics/query.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import {
  analyticsExportScheduleId,
  ensureAnalyticsExportSchedule,
} from '../../services/analytics-schedule.js';
import type { AnalyticsExportSummary } from '../../workflows/analytics-export/contract.js';

let stack: TestStack;
let localRoot: string;
const RUN_DATE = '2026-11-28';
const FREE_TEXT = 'Klients lūdza palīdzību pēc ugunsgrēka Brīvības ielā 15';

async function runExport(runDate: string, only?: string[]): Promise<TableExport[]> {
  const { generation, tables } = planExport(runDate);
  const deps = {
    em: stack.orm.em.fork(),
    store: analyticsStore(stack.config),
    masterKey: stack.config.pseudonymKey,
  };
  const results: TableExport[] = [];
  for (const t of tables.filter((x) => !only || only.includes(x)))
    results.push(await exportTable(deps, generation, t));
  if (!only) await commitExport(deps.store, generation, results);
  return results;
}

async function storedShas(generation: string): Promise<Map<string, string>> {
  const store = analyticsStore(stack.config);
  const out = new Map<string, string>();
  for await (const item of store.client.listObjectsV2(store.bucket, `generation=${generation}/`, true)) {
    const name = (item as { name: string }).name;
    if (!name.endsWith('.parquet')) continue;
    const stat = await store.client.statObject(store.bucket, name);
    out.set(name, (stat.metaData as Record<string, string>).sha256!);
  }
  return out;
}

beforeAll(async () => {
  stack = await startTestStack();
  localRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'digisoc-analytics-local-'));
  // Facts with free text beside the demo data: a service's notes, a household member's reason, a placement's
  // institution name and end reason.
  const em = stack.orm.em.fork();
  const now = new Date();
  const person = em.create(Person, {
    id: newId(),
    personalCode: '010190-10008',
    firstName: 'Zigfrīds',
    lastName: 'Analītiķis',
    searchName: 'zigfrīds analītiķis',
    birthDate: '1990-01-01',
    deathDate: null,
    createdAt: now,
  });
  const member = em.create(Person, {
    id: newId(),
    personalCode: '020292-10002',
    firstName: 'Ilze',
    lastName: 'Pseidonīma',
    searchName: 'ilze pseidonīma',
    birthDate: '1992-02-02',
    deathDate: null,
    createdAt: now,
  });
  const caseId = newId();
  em.create(Case, {
    id: caseId,
    number: 'AN-2026-000001',
    municipalityCode: '0005000',
    personId: person.id,
    status: 'open',
    openKey: `${person.id}:0005000`,
    openedAt: now,
    openedBy: 'test',
    closedAt: null,
  });
  em.create(CaseHouseholdMember, {
    id: newId(),
    caseId,
    personId: member.id,
    source: 'added',
    reason: FREE_TEXT,
    registryRequestId: null,
    addedBy: 'test',
    addedAt: now,
  });
  em.create(SocialService, {
    id: newId(),
    caseId,
    municipalityCode: '0005000',
    serviceTypeCode: 'home-care',
    serviceTypeVersion: 1,
    workflowId: `an-test-${newId()}`,
    state: 'delivering',
    active: true,
    requestedAt: '2026-10-01',
    decisionDeadline: '2026-11-01',
    decision: 'grant',
    providerName: 'Aprūpes birojs "Rūpe"',
    startDate: '2026-10-10',
    notes: FREE_TEXT,
    startedBy: 'test',
    createdAt: now,
    updatedAt: now,
  });
  em.create(Placement, {
    id: newId(),
    childPersonId: member.id,
    childBirthDate: '2024-03-03',
    institutionCode: 'INST-1',
    institutionName: 'Bērnu nams "Saulīte"',
    orphanCourtAtvk: '0005000',
    caseMunicipalityCode: '0005000',
    caseId,
    startDate: '2026-01-01',
    status: 'ended',
    lastReportDate: null,
    nextReportDue: '2026-04-01',
    endDate: '2026-06-01',
    endReason: FREE_TEXT,
    source: 'manual',
    npaisDecisionId: null,
    npaisDecisionDate: null,
    workflowId: `an-test-${newId()}`,
    createdAt: now,
    createdBy: 'test',
  });
  await em.flush();
});

afterAll(async () => {
  await fs.rm(localRoot, { recursive: true, force: true });
  await stack?.close();
});

describe('analytical store', () => {
  let first: TableExport[];

  it('exports every table of the dictionary to its own bucket; queries read local copies', async () => {
    first = await runExport(RUN_DATE);
    expect(first.map((t) => t.table)).toEqual(ANALYTICS_TABLES.map((t) => t.name));
    expect(first.every((t) => t.unchanged === 0)).toBe(true);
    expect(analyticsStore(stack.config).bucket).not.toBe(stack.store.bucket);
    const { dir, downloaded } = await syncLocalCopy(analyticsStore(stack.config), localRoot, '2026-11');
    expect(downloaded).toBe(first.reduce((a, t) => a + t.files.length, 0));
    const counted = await queryLocal(dir, 'SELECT count(*)::INTEGER AS n FROM services');
    expect(counted[0]!.n).toBe(await stack.orm.em.fork().count(SocialService, {}));
    // A second sync downloads nothing.
    expect((await syncLocalCopy(analyticsStore(stack.config), localRoot, '2026-11')).downloaded).toBe(0);
  });

  it('scan: every column of every file holds only values of its kind — no names, codes or free text', async () => {
    const em = stack.orm.em.fork();
    const forbidden = new Set<string>([FREE_TEXT, 'Rūpe', 'Saulīte', 'AN-2026-000001', 'INST-1']);
    // Names and personal codes, with and without the hyphen.
    const people = [...(await em.find(Person, {})), ...(await em.find(Specialist, {}))];
    for (const p of people) {
      [p.firstName, p.lastName, p.personalCode, p.personalCode.replace('-', '')].forEach((s) =>
        forbidden.add(s),
      );
    }
    for (const c of await em.find(Case, {})) forbidden.add(c.number);
    const dir = path.join(localRoot, 'generation=2026-11');
    let values = 0;
    for (const table of ANALYTICS_TABLES) {
      const files = (await fs.readdir(path.join(dir, table.name)).catch(() => [] as string[])).filter((f) =>
        f.endsWith('.parquet'),
      );
      for (const file of files) {
        const rows = await readParquet(path.join(dir, table.name, file));
        for (const row of rows) {
          expect(Object.keys(row)).toEqual(table.columns.map((c) => c.name));
          for (const col of table.columns) {
            const v = row[col.name];
            values += 1;
            if (v === null) {
              expect([table.name, col.name, col.nullable]).toEqual([table.name, col.name, true]);
              continue;
            }
            const pattern = KIND_PATTERN[col.kind];
            if (pattern) {
              expect([col.name, typeof v === 'string' && pattern.test(v)]).toEqual([col.name, true]);
              for (const f of forbidden) if (f.length >= 3) expect((v as string).includes(f)).toBe(false);
              // (A pseudonym may hold 11 digits in a row, so the bare 11-digit forms are checked as known codes above.)
              expect(/\d{6}-\d{5}/.test(v as string)).toBe(false);
            } else if (col.kind === 'year') {
              expect(Number.isInteger(v) && (v as number) >= 1900 && (v as number) <= 2100).toBe(true);
            } else if (col.kind === 'boolean') {
              expect(typeof v).toBe('boolean');
            } else {
              expect(typeof v).toBe('number');
            }
          }
        }
      }
    }
    expect(values).toBeGreaterThan(100);
  });

  it('running the export again writes nothing', async () => {
    const again = await runExport(RUN_DATE);
    expect(again.reduce((a, t) => a + t.written, 0)).toBe(0);
  });

  it('a run killed mid-way (files missing) completes to the same files when run again', async () => {
    const before = await storedShas('2026-11');
    const store = analyticsStore(stack.config);
    // The killed run had rewritten nothing of persons and only part of the municipality partitions.
    const lost = [...before.keys()].filter((k, i) => k.includes('/persons/') || i % 2 === 0);
    for (const key of lost) await store.client.removeObject(store.bucket, key);
    const resumed = await runExport(RUN_DATE);
    expect(resumed.reduce((a, t) => a + t.written, 0)).toBe(lost.length);
    expect(await storedShas('2026-11')).toEqual(before);
  });

  it('a new generation rotates the pseudonyms', async () => {
    await runExport('2026-12-01', ['persons']);
    const read = async (generation: string) => {
      const store = analyticsStore(stack.config);
      const tmp = path.join(localRoot, `persons-${generation}.parquet`);
      const chunks: Buffer[] = [];
      const body = await store.client.getObject(
        store.bucket,
        `generation=${generation}/persons/atvk=all.parquet`,
      );
      for await (const chunk of body) chunks.push(chunk as Buffer);
      await fs.writeFile(tmp, Buffer.concat(chunks));
      return new Set((await readParquet(tmp)).map((r) => r.person_key as string));
    };
    const [nov, dec] = [await read('2026-11'), await read('2026-12')];
    expect(nov.size).toBe(dec.size);
    expect([...nov].filter((k) => dec.has(k))).toEqual([]);
  });

  it('the analyticsExport workflow runs the export on the worker; the nightly Schedule is created once', async () => {
    const client = stack.deps.temporal.client;
    const summary = (await client.workflow.execute('analyticsExport', {
      taskQueue: stack.taskQueue,
      workflowId: `analytics-export-test-${stack.taskQueue}`,
      args: [{ runDate: '2026-10-15' }],
    })) as AnalyticsExportSummary;
    expect(summary.generation).toBe('2026-10');
    expect(summary.tables).toBe(ANALYTICS_TABLES.length);
    expect(summary.written).toBe(summary.files);
    const store = analyticsStore(stack.config);
    expect(
      (await store.client.statObject(store.bucket, 'generation=2026-10/manifest.json')).size,
    ).toBeGreaterThan(0);

    expect(await ensureAnalyticsExportSchedule(client, stack.config)).toBe(true);
    expect(await ensureAnalyticsExportSchedule(client, stack.config)).toBe(false);
    const handle = client.schedule.getHandle(analyticsExportScheduleId(stack.config));
    const described = await handle.describe();
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }] });
    expect(described.action.workflowType).toBe('analyticsExport');
    await handle.delete();
  });
});
