/**
 * "Kas skatījās manus datus": the signed-in person sees every access to their data — a worker's case read, the
 * registry requests of a registry check, a supervisor's view of their access log — with institution, role, purpose
 * and time, never the official's name or user name; nothing about anyone else; a period filter; a CSV download.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { signInCitizen, type CitizenBrowser } from '../helpers/citizen.js';
import { AuditEntry, Case, Person } from '../../infra/db/entities/index.js';

const JANIS = '140384-19729';
const OLGA = '051290-19726';

describe('who read my data', () => {
  let stack: TestStack;
  let janis: CitizenBrowser;
  let janisCase: string;
  let olgaCase: string;
  let janisId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    const em = stack.orm.em.fork();
    janisId = (await em.findOneOrFail(Person, { personalCode: JANIS })).id;
    const olgaId = (await em.findOneOrFail(Person, { personalCode: OLGA })).id;
    janisCase = (await em.findOneOrFail(Case, { personId: janisId })).id;
    olgaCase = (await em.findOneOrFail(Case, { personId: olgaId })).id;

    const worker = await stack.login('soc.riga');
    const supervisor = await stack.login('vad.riga');
    const cesis = await stack.login('soc.cesis');
    expect((await stack.request('GET', `/api/v1/cases/${janisCase}`, { token: worker })).status).toBe(200);
    // Another person's case, and a refused attempt from another municipality: neither is Jānis's history.
    expect((await stack.request('GET', `/api/v1/cases/${olgaCase}`, { token: worker })).status).toBe(200);
    expect((await stack.request('GET', `/api/v1/cases/${janisCase}`, { token: cesis })).status).toBe(404);
    const check = await stack.request('POST', `/api/v1/cases/${janisCase}/registry-checks`, {
      token: worker,
      json: {},
    });
    expect(check.status).toBe(202);
    const deadline = Date.now() + 90_000;
    while (
      (await em.fork().count(AuditEntry, { subjectPersonId: janisId, action: 'registry.request' })) < 3
    ) {
      if (Date.now() > deadline) throw new Error('no registry requests audited');
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(
      (await stack.request('GET', `/api/v1/audit?personId=${janisId}`, { token: supervisor })).status,
    ).toBe(200);
    janis = await signInCitizen(stack.baseUrl, JANIS);
  });
  afterAll(async () => {
    await stack?.close();
  });

  function rowsOf(html: string): string[][] {
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
    return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()),
    );
  }

  it('is linked from the portal home', async () => {
    const home = await (await janis.fetch('/e-pakalpojumi')).text();
    expect(home).toContain('href="/e-pakalpojumi/piekluves-vesture"');
  });

  it('lists the worker’s case read, the registry check and the supervisor’s view, by institution and role', async () => {
    const res = await janis.fetch('/e-pakalpojumi/piekluves-vesture');
    expect(res.status).toBe(200);
    const html = await res.text();
    const rows = rowsOf(html);
    const line = rows.map((r) => r.slice(1).join(' | '));
    expect(line).toContain(
      'Rīgas sociālais dienests | sociālā darba speciālists | Sociālās palīdzības lietas kārtošana',
    );
    expect(
      line.some(
        (l) =>
          l.startsWith('Rīgas sociālais dienests | sociālā darba speciālists | ') &&
          /VID|VSAA|PMLP|reģistr/i.test(l),
      ),
    ).toBe(true);
    expect(line).toContain(
      'Rīgas sociālais dienests | sociālā dienesta vadītājs | Piekļuves kontrole (audits)',
    );
    // The seed's demo read is there too.
    expect(rows.length).toBeGreaterThanOrEqual(4);
    // Never a name or user name of an official, never another person.
    for (const secret of ['soc.riga', 'vad.riga', 'soc.cesis', 'Kalniņa', OLGA, 'cēsu', 'Cēsu'])
      expect(html).not.toContain(secret);
  });

  it('shows nothing about anyone else (Olga sees her own read only)', async () => {
    const olga = await signInCitizen(stack.baseUrl, OLGA);
    const rows = rowsOf(await (await olga.fetch('/e-pakalpojumi/piekluves-vesture')).text());
    const entries = await stack.orm.em.fork().find(AuditEntry, {
      $or: [
        { caseId: olgaCase },
        { subjectPersonId: (await stack.orm.em.fork().findOneOrFail(Case, { id: olgaCase })).personId },
      ],
      outcome: 'success',
      role: { $ne: 'citizen' },
    });
    expect(rows).toHaveLength(entries.length);
    expect(rows.some((r) => r[3]!.includes('reģistr'))).toBe(false);
  });

  it('filters by period (Riga dates) and refuses a wrong date with a field error', async () => {
    const future = await (await janis.fetch('/e-pakalpojumi/piekluves-vesture?from=2099-01-01')).text();
    expect(rowsOf(future)).toHaveLength(0);
    expect(future).toContain('Šajā periodā neviena iestāde nav skatījusi Jūsu datus.');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga' }).format(new Date());
    const todays = await (
      await janis.fetch(`/e-pakalpojumi/piekluves-vesture?from=${today}&to=${today}`)
    ).text();
    expect(rowsOf(todays).length).toBeGreaterThanOrEqual(4);
    const wrong = await janis.fetch('/e-pakalpojumi/piekluves-vesture?from=2026-02-30');
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('href="#from"');
  });

  it('downloads the same rows as CSV, in English too', async () => {
    const page = rowsOf(await (await janis.fetch('/e-pakalpojumi/piekluves-vesture')).text());
    const res = await janis.fetch('/e-pakalpojumi/piekluves-vesture.csv?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const records = parse((await res.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    expect(records.length).toBeGreaterThanOrEqual(page.length);
    expect(Object.keys(records[0]!)).toEqual(['Time', 'Institution', 'Role', 'Purpose']);
    expect(records.some((r) => r.Institution === 'Rīgas sociālais dienests (social service)')).toBe(true);
    expect(JSON.stringify(records)).not.toContain('soc.riga');
  });

  it('audits each look as the citizen, and is only for a signed-in citizen', async () => {
    const own = await stack.orm.em.fork().count(AuditEntry, {
      action: 'citizen.access-history.read',
      subjectPersonId: janisId,
      role: 'citizen',
    });
    expect(own).toBeGreaterThanOrEqual(1);
    const anonymous = await fetch(`${stack.baseUrl}/e-pakalpojumi/piekluves-vesture`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/e-pakalpojumi');
  });
});
