/**
 * In Chromium (Latvian first): an HR user adds a specialist, sees a field error in place for a short training, records
 * a valid one and sees the status change; another organisation's record is a 404 page; BAC browses the register with
 * filters, the compliance screen (SVG chart + tables) and the demand forecast. Every page has no serious axe
 * violations.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { addDays, addMonthsClamped } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { AuditEntry } from '../../infra/db/entities/index.js';
import { DEMO_SPECIALIST_ORGANISATIONS } from '../../infra/db/specialists-demo.js';
import { launchChromium, seriousAxeViolations } from '../helpers/browser.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let browser: Browser;
const today = rigaToday();

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/login`);
  await page.fill('#username', username);
  await page.fill('#password', 'demo');
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('button[type=submit]'),
  ]);
}

/** bypassCSP lets the test inject axe-core; the app's own pages run under the strict policy. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'lv-LV', bypassCSP: true });
  return context.newPage();
}

const newCode = () => {
  const n = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  return `32${n.slice(0, 4)}-${n.slice(4)}`;
};

describe('specialists screens', () => {
  it('HR adds a specialist, sees the error in place, records a training; the code is masked', async () => {
    const page = await newPage();
    await signIn(page, 'hr.riga');
    await page.goto(`${stack.baseUrl}/specialists`);
    expect(await page.locator('h1').textContent()).toBe('Bērnu tiesību aizsardzības speciālisti');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.click('a[href="/specialists/new"]');
    expect(await seriousAxeViolations(page)).toEqual([]);
    const code = newCode();
    await page.fill('#personalCode', code);
    await page.fill('#firstName', 'Līga');
    await page.fill('#lastName', 'Pārlūka');
    await page.fill('#position', 'sociālā darbiniece');
    await page.selectOption('#positionKind', 'social-worker');
    await page.fill('#employedFrom', addMonthsClamped(today, -1));
    await Promise.all([
      page.waitForURL(/\/specialists\/[0-9a-f-]{36}$/),
      page.click('form[action="/specialists/new"] button[type=submit]'),
    ]);
    expect(await page.locator('#specialist-status').textContent()).toBe('jāapgūst sākotnējā apmācība');
    expect(await page.content()).not.toContain(code);
    expect(await page.content()).toContain(`${code.slice(0, 6)}-*****`);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.fill('#completedOn', addDays(today, -2));
    await page.fill('#hours', '20');
    await page.fill('#programme', 'Bērnu tiesību aizsardzība');
    await page.fill('#provider', 'Mācību centrs');
    await page.fill('#certificateNo', `B-${Date.now()}`);
    await page.click('form[action$="/trainings"] button[type=submit]');
    await page.waitForSelector('.error-summary');
    expect(await page.locator('#hours-error').textContent()).toContain('40');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.fill('#hours', '40');
    await Promise.all([
      page.waitForURL(/\/specialists\/[0-9a-f-]{36}$/),
      page.click('form[action$="/trainings"] button[type=submit]'),
    ]);
    expect(await page.locator('#specialist-status').textContent()).toBe('apmācīts');
    const url = page.url();
    await page.close();

    // A record of another organisation (after a move by BAC) is a 404 page for Rīga's HR.
    const bac = await stack.login('bac.uzraugs');
    const id = url.split('/').at(-1) ?? '';
    const moved = await stack.request('PATCH', `/api/v1/specialists/${id}`, {
      token: bac,
      json: { organisationId: DEMO_SPECIALIST_ORGANISATIONS[1].id },
    });
    expect(moved.status).toBe(200);
    const again = await newPage();
    await signIn(again, 'hr.riga');
    const res = await again.goto(url);
    expect(res?.status()).toBe(404);
    await again.close();
  });

  it('HR imports a file: the per-row error report is shown in place, a good file is imported', async () => {
    const page = await newPage();
    await signIn(page, 'hr.riga');
    await page.goto(`${stack.baseUrl}/specialists/import`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const header = 'Personas kods;Vārds;Uzvārds;Iestādes reģistrācijas numurs;Amats;Amata veids;Amatā no';
    const bad = `${header}\n123;Ivars;Slikts;DEMO-90000000001;darbinieks;social-worker;${today}\n`;
    await page.setInputFiles('#file', { name: 'slikts.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action^="/specialists/import"] button[type=submit]'),
    ]);
    await page.waitForSelector('#import-errors');
    expect(await page.locator('#import-errors tbody tr').count()).toBe(1);
    expect(await page.locator('#import-errors tbody tr th').textContent()).toBe('2');
    expect(await page.locator('#import-errors tbody tr td').first().textContent()).toBe('Personas kods');
    expect(await seriousAxeViolations(page)).toEqual([]);
    const good = `${header}\n${newCode()};Ieva;Laba;DEMO-90000000001;darbiniece;social-worker;${today}\n`;
    await page.setInputFiles('#file', { name: 'labs.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action^="/specialists/import"] button[type=submit]'),
    ]);
    await page.waitForSelector('#import-result');
    expect(await page.locator('#import-result').textContent()).toContain('jauni speciālisti 1');
    await page.close();
  });

  it('BAC browses the register with filters, compliance and the demand forecast (English too)', async () => {
    const page = await newPage();
    await signIn(page, 'bac.uzraugs');
    await page.goto(`${stack.baseUrl}/specialists?status=initial-due`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const statuses = await page.locator('tbody .status').allTextContents();
    expect(statuses.every((s) => s === 'jāapgūst sākotnējā apmācība')).toBe(true);
    await page.goto(`${stack.baseUrl}/specialists/compliance`);
    expect(await page.locator('svg.chart').count()).toBe(1);
    expect(await page.locator('#compliance-organisations tbody tr').count()).toBeGreaterThanOrEqual(3);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(`${stack.baseUrl}/specialists/demand`);
    expect(await page.locator('svg.chart').count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(`${stack.baseUrl}/specialists/compliance?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Compliance per organisation and municipality');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  });

  it('HR exports its filtered register as CSV from the link: codes masked, formulas escaped, audited', async () => {
    const hr = await stack.login('hr.riga');
    const bac = await stack.login('bac.uzraugs');
    const body = (organisationId: string, code: string) => ({
      personalCode: code,
      firstName: 'Eksports',
      lastName: 'Pārbaude',
      organisationId,
      position: '=HYPERLINK("http://x")',
      positionKind: 'social-worker',
      employedFrom: addMonthsClamped(today, -1),
    });
    const own = newCode();
    const other = newCode();
    expect(
      (
        await stack.request('POST', '/api/v1/specialists', {
          token: hr,
          json: body(DEMO_SPECIALIST_ORGANISATIONS[0].id, own),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await stack.request('POST', '/api/v1/specialists', {
          token: bac,
          json: body(DEMO_SPECIALIST_ORGANISATIONS[1].id, other),
        })
      ).status,
    ).toBe(201);
    const page = await newPage();
    await signIn(page, 'hr.riga');
    await page.goto(`${stack.baseUrl}/specialists?status=initial-due&q=Eksports`);
    const href = await page.locator('a[href^="/specialists/export.csv"]').getAttribute('href');
    expect(href).toBe('/specialists/export.csv?status=initial-due&q=Eksports');
    const res = await page.request.get(`${stack.baseUrl}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const csv = await res.text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]?.startsWith('"Vārds, uzvārds",Personas kods,Iestāde,Amats,')).toBe(true);
    const mine = lines.filter((l) => l.includes(`${own.slice(0, 6)}-*****`));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).not.toContain(own);
    expect(csv).not.toContain(`${other.slice(0, 6)}-*****`);
    expect(lines.slice(1).every((l) => l.includes('jāapgūst sākotnējā apmācība'))).toBe(true);
    await page.close();
    const audited = await stack.orm.em
      .fork()
      .count(AuditEntry, { actor: 'hr.riga', action: 'specialist.export' });
    expect(audited).toBeGreaterThanOrEqual(1);
  });
});
