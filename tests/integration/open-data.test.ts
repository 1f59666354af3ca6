/**
 * Open data on the real stack (issue 23): an administrator publishes a release; the catalogue and every CSV are
 * public; each published CSV is parsed and checked — 7-digit ATVK codes, no bare 1 or 2 in any column, and the
 * disclosure audit (rebuilt from the published rows alone) holds against the LP audit and an independent attacker.
 * Versions are immutable: a correction is a new version with a note, the old CSV still answers with its digest.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { auditDisclosure } from '../../domain/open-data/disclosure.js';
import { columnsOf, DATASETS, publishedProblem, WITHHELD_FLAG } from '../../domain/open-data/datasets.js';
import { rigaToday } from '../../infra/clock.js';
import {
  Case,
  MeansTestCycle,
  MeansTestEntitlement,
  Person,
  SocialService,
} from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import { attack } from '../helpers/disclosure-attacker.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let admin: string;
const today = rigaToday();
const year = today.slice(0, 4);
const month = today.slice(0, 7);
const LIEPAJA = '0005000';
const VENTSPILS = '0007000';

interface Catalog {
  license: string;
  dataset: {
    identifier: string;
    license: string;
    versionNotes?: string;
    distribution: { downloadURL: string; mediaType: string; checksum: { checksumValue: string } }[];
  }[];
}
interface Release {
  releaseId: string;
  published: boolean;
  datasets: { dataset: string; version: number; sha256: string; withheldCells: number }[];
}

let seq = 0;
/** A client with a case in `atvk` and, optionally, a started service, a status and a GMI month. */
async function client(
  atvk: string,
  options: { service?: string; status?: 'needy' | 'low-income'; gmi?: boolean },
): Promise<void> {
  const em = stack.orm.em.fork();
  seq += 1;
  const now = new Date();
  const personId = newId();
  const code = `3${String(Date.now() % 100000).padStart(5, '0')}-${String(10000 + seq).slice(-5)}`;
  em.create(Person, {
    id: personId,
    personalCode: code,
    firstName: 'Atvērto',
    lastName: `Datu${seq}`,
    searchName: `atvērto datu${seq}`,
    birthDate: '1960-05-05',
    deathDate: null,
    createdAt: now,
  });
  const caseId = newId();
  em.create(Case, {
    id: caseId,
    number: `OD-${Date.now()}-${seq}`,
    municipalityCode: atvk,
    personId,
    status: 'open',
    openKey: `${personId}:${atvk}`,
    openedAt: now,
    openedBy: 'test',
    closedAt: null,
  });
  if (options.service) {
    em.create(SocialService, {
      id: newId(),
      caseId,
      municipalityCode: atvk,
      serviceTypeCode: options.service,
      serviceTypeVersion: 1,
      workflowId: `od-test-${newId()}`,
      state: 'delivering',
      active: true,
      requestedAt: `${year}-01-02`,
      decisionDeadline: `${year}-02-02`,
      decision: 'grant',
      startDate: `${year}-01-05`,
      endDate: null,
      startedBy: 'test',
      createdAt: now,
      updatedAt: now,
    });
  }
  if (options.status) {
    const cycleId = newId();
    em.create(MeansTestCycle, {
      id: cycleId,
      caseId,
      municipalityCode: atvk,
      workflowId: `od-test-${cycleId}`,
      state: 'granted',
      active: true,
      evaluationNo: 1,
      applicationDate: `${month}-01`,
      decisionDeadline: `${month}-28`,
      status: options.status,
      validFrom: `${month}-01`,
      validTo: `${month}-28`,
      gmiBenefitEur: options.gmi ? 50 : null,
      startedBy: 'test',
      createdAt: now,
      updatedAt: now,
    });
    if (options.gmi) {
      em.create(MeansTestEntitlement, {
        id: newId(),
        cycleId,
        caseId,
        evaluationNo: 1,
        month,
        amountEur: 50,
        createdAt: now,
      });
    }
  }
  await em.flush();
}

async function publish(token: string, note: string | null): Promise<Release> {
  const res = await stack.request('POST', '/api/v1/open-data/releases', { token, json: { note } });
  expect(res.status).toBe(200);
  return (await res.json()) as Release;
}

async function getCsv(
  url: string,
): Promise<{ text: string; rows: Record<string, string>[]; header: string[] }> {
  const res = await stack.request('GET', new URL(url).pathname);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  const text = await res.text();
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  const header = (parse(text.split('\r\n')[0]!) as string[][])[0]!;
  return { text, rows, header };
}

beforeAll(async () => {
  stack = await startTestStack();
  admin = await stack.login('admin');
  // Liepāja: 7 in home care, 1 in a day-care centre, 5 in support groups (one also in home care: distinct totals);
  // Ventspils: 2 in home care, 4 in support groups. Statuses and GMI with small counts in Ventspils.
  for (let i = 0; i < 7; i++) await client(LIEPAJA, { service: 'home-care', status: 'needy', gmi: i < 4 });
  await client(LIEPAJA, { service: 'day-care-centre' });
  for (let i = 0; i < 5; i++) await client(LIEPAJA, { service: 'support-group' });
  for (let i = 0; i < 2; i++) await client(VENTSPILS, { service: 'home-care', status: 'needy', gmi: true });
  for (let i = 0; i < 4; i++) await client(VENTSPILS, { service: 'support-group', status: 'low-income' });
});

afterAll(async () => {
  await stack?.close();
});

describe('open data', () => {
  let release: Release;
  let catalog: Catalog;

  it('only an administrator publishes; without a token 401', async () => {
    const social = await stack.login('soc.riga');
    expect(
      (await stack.request('POST', '/api/v1/open-data/releases', { token: social, json: {} })).status,
    ).toBe(403);
    expect((await stack.request('POST', '/api/v1/open-data/releases', { json: {} })).status).toBe(401);
  });

  it('a release publishes every dataset; publishing unchanged data again writes nothing', async () => {
    release = await publish(admin, null);
    expect(release.published).toBe(true);
    expect(release.datasets.map((d) => d.dataset).sort()).toEqual(DATASETS.map((d) => d.code).sort());
    expect(release.datasets.reduce((a, d) => a + d.withheldCells, 0)).toBeGreaterThan(0);
    const again = await publish(admin, null);
    expect(again.published).toBe(false);
    expect(again.datasets.map((d) => d.sha256)).toEqual(release.datasets.map((d) => d.sha256));
  });

  it('the catalogue is public DCAT-AP JSON-LD: absolute downloadURL strings, CC BY 4.0', async () => {
    const res = await stack.request('GET', '/atvertie-dati/catalog.jsonld');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    catalog = (await res.json()) as Catalog;
    expect(catalog.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(catalog.dataset).toHaveLength(DATASETS.length);
    for (const d of catalog.dataset) {
      expect(d.license).toBe('https://creativecommons.org/licenses/by/4.0/');
      expect(d.distribution).toHaveLength(1);
      expect(typeof d.distribution[0]!.downloadURL).toBe('string');
      expect(d.distribution[0]!.downloadURL.startsWith(stack.config.api.publicUrl)).toBe(true);
      expect(d.distribution[0]!.mediaType).toBe('text/csv');
    }
  });

  it('every published CSV: documented columns, 7-digit ATVK, no 1 or 2 anywhere, and the audit holds', async () => {
    const published = [];
    for (const d of catalog.dataset) {
      const code = d.identifier.split('/')[0]!;
      const { text, rows, header } = await getCsv(d.distribution[0]!.downloadURL);
      expect(createHash('sha256').update(text, 'utf8').digest('hex')).toBe(
        d.distribution[0]!.checksum.checksumValue,
      );
      expect(header).toEqual(columnsOf(DATASETS.find((x) => x.code === code)!).map((c) => c.name));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.atvk).toMatch(/^\d{7}$/);
        for (const value of Object.values(row)) expect(['1', '2']).not.toContain(value);
      }
      published.push({ code, rows });
    }
    const { problem, withheld } = publishedProblem(published);
    expect(withheld.size).toBeGreaterThan(0);
    expect(auditDisclosure(problem, withheld)).toEqual([]);
    const result = attack(problem, withheld);
    expect(result.recovered.size).toBe(0);
    expect(result.narrowed.size).toBe(0);

    // The cells seeded above: Liepāja's single day-care client and Ventspils's two home-care clients are withheld.
    const services = published.find((p) => p.code === 'social-service-recipients')!.rows;
    const cell = (atvk: string, type: string) =>
      services.find((r) => r.atvk === atvk && r.year === year && r.service_type === type)!;
    expect(cell(LIEPAJA, 'day-care-centre')).toMatchObject({ persons: '', flag: WITHHELD_FLAG });
    expect(cell(VENTSPILS, 'home-care')).toMatchObject({ persons: '', flag: WITHHELD_FLAG });
    expect(cell(LIEPAJA, 'home-care').persons).toBe('7');
  });

  it('a correction is a new version with a note; the old version stays as it was', async () => {
    const before = catalog.dataset.find((d) => d.identifier.startsWith('social-service-recipients/'))!;
    const oldUrl = before.distribution[0]!.downloadURL;
    const oldText = (await getCsv(oldUrl)).text;
    await client(LIEPAJA, { service: 'specialised-workshop' });
    const correction = await publish(admin, 'Labojums: pievienots darbnīcas klients');
    expect(correction.published).toBe(true);
    for (const d of correction.datasets) {
      expect(d.version).toBe(release.datasets.find((r) => r.dataset === d.dataset)!.version + 1);
    }
    expect((await getCsv(oldUrl)).text).toBe(oldText);
    const res = await stack.request('GET', '/atvertie-dati/social-service-recipients/dcat.jsonld');
    const meta = (await res.json()) as { versionInfo: string; versionNotes: string };
    expect(meta).toMatchObject({ versionInfo: '2', versionNotes: 'Labojums: pievienots darbnīcas klients' });
  });

  it('the screens are public, in Latvian and English; unknown datasets and versions are 404', async () => {
    const lv = await stack.request('GET', '/atvertie-dati');
    expect(lv.status).toBe(200);
    expect(await lv.text()).toContain('Atvērtie dati');
    const en = await stack.request('GET', '/atvertie-dati/gmi-recipients?lang=en');
    expect(en.status).toBe(200);
    expect(await en.text()).toContain('Guaranteed minimum income recipients');
    expect((await stack.request('GET', '/atvertie-dati/no-such-dataset')).status).toBe(404);
    expect((await stack.request('GET', '/atvertie-dati/gmi-recipients/v99.csv')).status).toBe(404);
  });
});
