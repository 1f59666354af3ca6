/**
 * In Chromium (Latvian first, English switchable): the statistical report screens (issue 20). A supervisor reads the
 * monthly and annual reports of their municipality, sees a wrong period in place (422), downloads CSV, submits the
 * annual report and sees the version; the Ministry's analyst chooses another municipality; a social worker gets the
 * 403 page. Every page has no axe-core violations at all (any impact).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { addIsoMonths, isoMonthOf } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import {
  Case,
  Person,
  ServiceDelivery,
  ServiceSettlement,
  SocialService,
} from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import { launchChromium } from '../helpers/browser.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let browser: Browser;
const today = rigaToday();
const lastMonth = addIsoMonths(isoMonthOf(today), -1);
const lastYear = String(Number(today.slice(0, 4)) - 1);

async function axeViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  await page.addScriptTag({ path: path.resolve('node_modules/axe-core/axe.min.js') });
  return page.evaluate<{ id: string; nodes: string[] }[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) })),
    )`);
}

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  browser = await launchChromium();
  // A year of home care for a Rīga client, so the annual report has a row.
  const em = stack.orm.em.fork();
  const person = await em.findOneOrFail(Person, { personalCode: '140384-19729' });
  const caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
  const serviceId = newId();
  const now = new Date();
  em.create(SocialService, {
    id: serviceId,
    caseId,
    municipalityCode: '0001000',
    serviceTypeCode: 'home-care',
    serviceTypeVersion: 1,
    workflowId: `social-service-screens-${serviceId}`,
    state: 'ended',
    active: false,
    requestedAt: `${lastYear}-02-01`,
    decisionDeadline: `${lastYear}-03-01`,
    nextDeadline: null,
    nextDeadlineKind: null,
    decision: 'grant',
    providerCode: null,
    providerName: null,
    volume: 8,
    startDate: `${lastYear}-03-01`,
    endDate: `${lastYear}-05-31`,
    nextReviewDate: null,
    decisionDocumentId: null,
    notes: null,
    startedBy: 'soc.riga',
    createdAt: new Date(`${lastYear}-02-01T08:00:00Z`),
    updatedAt: now,
  });
  for (const month of ['03', '04', '05'].map((m) => `${lastYear}-${m}`)) {
    em.create(ServiceDelivery, {
      id: newId(),
      serviceId,
      caseId,
      month,
      units: 8,
      note: null,
      revision: 1,
      recordedBy: 'soc.riga',
      recordedAt: now,
    });
    em.create(ServiceSettlement, {
      id: newId(),
      serviceId,
      caseId,
      municipalityCode: '0001000',
      serviceTypeCode: 'home-care',
      month,
      units: 8,
      unit: 'hour',
      tariffEur: 10,
      costEur: 80,
      clientPaysEur: 0,
      clientCapEur: null,
      clientIncomeEur: null,
      incomeEvidenceDocumentId: null,
      funderPaysEur: 80,
      funder: 'municipality',
      legalBasis: null,
      revision: 1,
      settledAt: now,
    });
  }
  await em.flush();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'lv-LV', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${stack.baseUrl}/login`);
  await page.fill('#username', username);
  await page.fill('#password', 'demo');
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('button[type=submit]'),
  ]);
  return page;
}

describe('statistical report screens', () => {
  it('the supervisor reads the monthly report, sees a wrong period in place, switches to English', async () => {
    const page = await signIn('vad.riga');
    await page.click('a[href="/reports"]');
    await page.waitForURL(/\/reports\/social-assistance-monthly$/);
    expect(await page.locator('h1').textContent()).toBe('Sociālā palīdzība (MK 324, 1. pielikums, mēneša)');
    expect(await page.inputValue('#period')).toBe(lastMonth);
    expect(await page.locator('#table-statuses tbody tr').count()).toBe(3);
    expect(await page.locator('#checks-result').textContent()).toBe('Visas pārbaudes izpildītas.');
    expect(await page.content()).not.toMatch(/reports\.(row|measure|table|check|state)\./);
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#period', '2025-13');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('period=2025-13')),
      page.click('form.filters button[type=submit]'),
    ]);
    expect(res.status()).toBe(422);
    await page.waitForSelector('.error-summary');
    expect(await page.locator('#period-error').textContent()).toContain('periodu');
    expect(await page.getAttribute('#period', 'aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${stack.baseUrl}/reports/social-assistance-monthly?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Social assistance (MK 324 annex 1, monthly)');
    expect(await page.locator('#caption-statuses').textContent()).toBe(
      'Households and persons with needy or low-income status',
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('the supervisor downloads the annual report as CSV and submits it; the version is listed', async () => {
    const page = await signIn('vad.riga');
    await page.goto(
      `${stack.baseUrl}/reports/social-services-annual?municipality=0001000&period=${lastYear}`,
    );
    const home = page.locator('#table-services tbody tr').filter({ hasText: 'Aprūpe mājās' });
    expect(await home.locator('td').first().textContent()).toBe('1');
    expect(await axeViolations(page)).toEqual([]);
    const csvHref = (await page.getAttribute('a:text("CSV")', 'href')) ?? '';
    const csv = await page.request.get(`${stack.baseUrl}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(
      `social-services-annual,0001000,${lastYear},services,home-care,amountEur,240`,
    );

    await Promise.all([
      page.waitForURL(/submitted=1$/),
      page.click('form[action="/reports/social-services-annual/submit"] button[type=submit]'),
    ]);
    expect(await page.locator('#report-submitted').textContent()).toBe('Pārskats iesniegts (versija 1).');
    expect(await page.locator('#submissions tbody tr').count()).toBe(1);
    expect(await page.locator('form[action$="/submit"] button').textContent()).toBe(
      'Iesniegt labotu versiju',
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("the Ministry's analyst chooses another municipality and cannot submit; a social worker gets 403", async () => {
    const page = await signIn('lm.analitikis');
    await page.goto(`${stack.baseUrl}/reports/social-assistance-monthly`);
    expect(await page.locator('#municipality option').count()).toBeGreaterThan(2);
    await page.selectOption('#municipality', '0026000');
    await Promise.all([
      page.waitForURL(/municipality=0026000/),
      page.click('form.filters button[type=submit]'),
    ]);
    expect(await page.locator('h2').first().textContent()).toContain('Cēsu novads');
    expect(await page.locator('form[action$="/submit"]').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // Annex 4 renders its four tables with every label translated.
    await page.click('a[href="/reports/victim-rehabilitation-annual"]');
    await page.waitForURL(/victim-rehabilitation-annual$/);
    expect(await page.locator('table.data-table caption').allTextContents()).toEqual(
      expect.arrayContaining(['Rehabilitācijas kursa iznākums', 'Personas pēc kaitējuma veida']),
    );
    expect(await page.content()).not.toMatch(/reports\.(row|measure|table|check|state|form)\./);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();

    const worker = await signIn('soc.riga');
    const res = await worker.goto(`${stack.baseUrl}/reports/social-assistance-monthly`);
    expect(res?.status()).toBe(403);
    await worker.context().close();
  });
});
