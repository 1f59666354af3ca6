/**
 * Social-service screens (issue 6) in the browser: a worker uploads the documents home care requires, requests the
 * service from the case screen, fills the needs assessment rendered from the type's form, grants the service, finds
 * the decision letter in the case file and records a month of delivery. The administrator edits a service type with
 * a live preview of its assessment form; other roles are refused. Both screens pass axe-core.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, seriousAxeViolations } from '../helpers/browser.js';
import { pdfBytes } from '../helpers/files.js';
import {
  addDays,
  addIsoMonths,
  firstDayOfIsoMonth,
  isoMonthOf,
  lastDayOfIsoMonth,
} from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { Case, Person, SocialService } from '../../infra/db/entities/index.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.close();
});

async function newPage(): Promise<Page> {
  // bypassCSP lets the test inject axe-core; the app's own pages run under the strict policy.
  const context = await browser.newContext({ locale: 'lv-LV', bypassCSP: true });
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/login`);
  await page.fill('#username', username);
  await page.fill('#password', 'demo');
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('button[type=submit]'),
  ]);
}

async function reloadUntilState(page: Page, states: string[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  let last: string | null = null;
  while (Date.now() < deadline) {
    await page.goto(page.url().replace(/[?#].*$/, ''), { waitUntil: 'load' });
    last = await page.locator('#service').getAttribute('data-service-state');
    if (last && states.includes(last)) return;
    await page.waitForTimeout(500);
  }
  const row = await stack.orm.em.fork().findOne(SocialService, {}, { orderBy: { createdAt: 'desc' } });
  throw new Error(
    `the service never reached ${states.join('/')}: screen ${last}, row ${row?.state ?? 'none'}: ${(await page.locator('#service').textContent())?.slice(0, 400)}`,
  );
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

describe('social-service screens', () => {
  it('requests home care, assesses, grants, shows the letter and records a month', async () => {
    const em = stack.orm.em.fork();
    const person = await em.findOneOrFail(Person, { personalCode: '140384-19729' });
    const caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
    const caseUrl = `${stack.baseUrl}/cases/${caseId}`;
    const page = await newPage();
    await signIn(page, 'soc.riga');
    await page.goto(caseUrl);
    await expect(page.locator('#services h2').textContent()).resolves.toBe('Sociālie pakalpojumi');

    // Home care requires an application and a medical opinion.
    for (const [title, type] of [
      ['Iesniegums par aprūpi mājās', 'application'],
      ['Ģimenes ārsta atzinums', 'medical-opinion'],
    ] as const) {
      await page.fill('#upload-title', title);
      await page.selectOption('#upload-type', type);
      await page.setInputFiles('#upload-file', {
        name: `${type}.pdf`,
        mimeType: 'application/pdf',
        buffer: pdfBytes(title),
      });
      await Promise.all([page.waitForURL(/#documents$/), page.click('#upload button[type=submit]')]);
    }

    // Requested on the first of last month, so that last month can be recorded, ended and settled.
    const today = rigaToday();
    const lastMonth = addIsoMonths(isoMonthOf(today), -1);
    const requested = firstDayOfIsoMonth(lastMonth);
    await page.selectOption('#svc-type', 'home-care');
    await page.fill('#svc-requested', requested);
    await page.fill('#svc-notes', 'Klients pēc insulta, dzīvo viens.');
    await Promise.all([
      page.waitForURL(/\/services\/[0-9a-f-]+\?done=requested/),
      page.click('.service-request-form button'),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Pakalpojums: Aprūpe mājās');
    await expect(page.locator('.service-steps li').count()).resolves.toBe(8);
    await expect(page.locator('.service-notice').textContent()).resolves.toContain('reģistrēts');

    await reloadUntilState(page, ['assessment']);
    await expect(page.locator('.service-steps li[aria-current="step"]').textContent()).resolves.toContain(
      'Vajadzību izvērtēšana',
    );
    await expect(page.locator('.service-deadline').first().textContent()).resolves.not.toBe('');
    await expectAccessible(page);

    // A value out of range comes back at its field (the workflow's validation).
    const form = page.locator('.service-assessment-form');
    await form.locator('[data-field-key=selfCareLevel] select').selectOption('3');
    await form.locator('[data-field-key=mobility] select').selectOption('aid');
    await form.locator('[data-field-key=livesAlone] input').check();
    await form.locator('[data-field-key=hoursPerWeekNeeded] input').fill('99');
    const rejected = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/assessment')),
      form.locator('button[type=submit]').click(),
    ]);
    expect(rejected[0].status()).toBe(422);
    await expect(
      page.locator('[data-field-key=hoursPerWeekNeeded] .field-error').textContent(),
    ).resolves.toContain('at most 40');
    await expect(page.locator('.error-summary a').first().getAttribute('href')).resolves.toMatch(
      /^#sa-hoursPerWeekNeeded/,
    );
    await expect(form.locator('[data-field-key=selfCareLevel] select').inputValue()).resolves.toBe('3');

    await form.locator('[data-field-key=hoursPerWeekNeeded] input').fill('12');
    await Promise.all([page.waitForURL(/done=assessment/), form.locator('button[type=submit]').click()]);
    await reloadUntilState(page, ['awaiting-decision']);
    await expect(page.locator('.service-answers').textContent()).resolves.toContain('3. līmenis');

    await page.fill('#dec-volume', '48');
    // The provider is chosen from the register: the demo provider is active and offers home care in Rīga.
    const offered = await page.locator('#dec-provider option').allTextContents();
    expect(offered.some((o) => o.includes('RSD-APRUPE'))).toBe(true);
    await page.selectOption('#dec-provider', { label: offered.find((o) => o.includes('RSD-APRUPE')) ?? '' });
    await page.fill('#dec-start', requested);
    await page.fill('#dec-review', addDays(today, 90));
    await Promise.all([
      page.waitForURL(/done=decision/),
      page.click('.service-grant-form button[type=submit]'),
    ]);
    await reloadUntilState(page, ['active']);
    await expect(page.locator('.service-provider').textContent()).resolves.toContain('RSD-APRUPE');

    // The decision letter is in the case file and opens.
    const letter = page.locator('.service-letters a[data-letter=decision-grant]');
    const href = (await letter.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^/api/v1/cases/${caseId}/documents/`));
    const res = await page.request.get(`${stack.baseUrl}${href}`);
    expect(res.status()).toBe(200);
    await page.goto(caseUrl);
    const documentId = href.split('/')[6] ?? '';
    await expect(page.locator(`#document-${documentId}`).count()).resolves.toBe(1);
    await expect(page.locator('#services tr.service-row').getAttribute('data-service-state')).resolves.toBe(
      'active',
    );
    await Promise.all([page.waitForURL(/\/services\//), page.click('#services tr.service-row a')]);

    // A month of delivery (last month).
    await page.fill('#del-month', lastMonth);
    await page.fill('#del-units', '20.5');
    await page.fill('#del-note', 'Pirmais mēnesis');
    await Promise.all([
      page.waitForURL(/done=delivery/),
      page.click('.service-delivery-form button[type=submit]'),
    ]);
    const row = page.locator(`.service-deliveries tr[data-month="${lastMonth}"]`);
    await expect(row.textContent()).resolves.toContain('20.5');
    await expectAccessible(page);

    // The provider's user sees the service and its deliveries, not the assessment.
    const serviceUrl = page.url().replace(/[?#].*$/, '');
    const providerPage = await newPage();
    await signIn(providerPage, 'aprupe.riga');
    // The provider's home lists the services granted to it.
    expect(new URL(providerPage.url()).pathname).toBe('/provider/services');
    const listed = providerPage.locator(`a[href="${new URL(serviceUrl).pathname}"]`);
    await expect(listed.count()).resolves.toBe(1);
    await expectAccessible(providerPage);
    const providerRes = await providerPage.goto(serviceUrl);
    expect(providerRes?.status()).toBe(200);
    await expect(providerPage.locator('.service-delivery-form').count()).resolves.toBe(1);
    await expect(providerPage.locator('#service-assessment').count()).resolves.toBe(0);
    await expect(providerPage.locator('.service-letters').count()).resolves.toBe(0);

    // Ending the service with last month settles that month for good: 20.5 hours × 9.50 EUR.
    await page.fill('#term-end', lastDayOfIsoMonth(lastMonth));
    await page.fill('#term-reason', 'Klients pārceļas pie radiniekiem');
    await Promise.all([
      page.waitForURL(/done=termination/),
      page.click('.service-termination-form button[type=submit]'),
    ]);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await page.locator('.service-settlements').count()) === 0) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await expect(page.locator('.service-settlements tbody').textContent()).resolves.toContain('194.75');
    await reloadUntilState(page, ['closed']);
    await expect(page.locator('.service-letters a[data-letter=closing]').count()).resolves.toBe(1);
  });

  it('lets the administrator edit a service type with a live preview of the form', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto(`${stack.baseUrl}/admin/service-types`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Pakalpojumu veidi');
    await expect(page.locator('.site-nav a[href="/admin/service-types"]').count()).resolves.toBe(1);
    await expectAccessible(page);
    await Promise.all([
      page.waitForURL(/\/admin\/service-types\/home-care$/),
      page.click('tr[data-code=home-care] a'),
    ]);
    const preview = page.locator('#preview-fields');
    await expect(preview.locator('[data-field-key=hoursPerWeekNeeded]').count()).resolves.toBe(1);
    await expectAccessible(page);

    // Typing in the JSON re-renders the preview.
    const source = await page.locator('#definition').inputValue();
    const definition = JSON.parse(source) as {
      assessmentForm: { fields: { key: string; label: { lv: string; en: string } }[] };
    };
    definition.assessmentForm.fields.push({
      key: 'petsAtHome',
      label: { lv: 'Mājdzīvnieki mājās', en: 'Pets at home' },
      type: 'boolean',
      required: false,
    } as never);
    await page.fill('#definition', JSON.stringify(definition, null, 2));
    await page.waitForSelector('#preview-fields [data-field-key=petsAtHome]');
    await expect(preview.locator('label:has-text("Mājdzīvnieki mājās")').count()).resolves.toBe(1);
    await page.fill('#definition', '{ "broken": ');
    await page.waitForSelector('#preview-status:not([hidden])');

    // The server-side preview and a save with issues listed by path.
    await page.fill('#definition', JSON.stringify({ ...definition, tariffEur: -1 }, null, 2));
    const saved = await Promise.all([
      page.waitForResponse(
        (r) => r.url().endsWith('/admin/service-types/home-care') && r.request().method() === 'POST',
      ),
      page.click('button[value=save]'),
    ]);
    expect(saved[0].status()).toBe(422);
    await expect(page.locator('.service-type-issues').textContent()).resolves.toContain('tariffEur');
    await page.fill('#definition', JSON.stringify(definition, null, 2));
    await Promise.all([page.waitForURL(/done=saved/), page.click('button[value=save]')]);
    await expect(page.locator('#preview-fields [data-field-key=petsAtHome]').count()).resolves.toBe(1);
  });

  it('refuses the service-type screens to other roles', async () => {
    const page = await newPage();
    await signIn(page, 'soc.riga');
    const res = await page.goto(`${stack.baseUrl}/admin/service-types`);
    expect([403, 404]).toContain(res?.status());
    await expect(page.locator('.site-nav a[href="/admin/service-types"]').count()).resolves.toBe(0);
    const edit = await page.goto(`${stack.baseUrl}/admin/service-types/home-care`);
    expect([403, 404]).toContain(edit?.status());
  });
});
