/**
 * The citizen portal in a real browser: Jānis signs in through the identity-provider simulator (its person picker,
 * real redirects and tokens), applies for the means test with an attachment (draft saved first), sees the
 * application in "my applications"; the Rīga worker has the task and the cycle; a second submission starts nothing.
 * Every portal screen is axe-clean (no violations at all); the application is operated from the keyboard only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { pdfBytes } from '../helpers/files.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { CitizenApplication, Document, MeansTestCycle } from '../../infra/db/entities/index.js';

const JANIS = '140384-19729';

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: path.resolve('node_modules/axe-core/axe.min.js') });
  return page.evaluate<string[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
}

/** Moves the focus with Tab until `selector` has it (keyboard only), then presses `key`. */
async function tabTo(page: Page, selector: string, key: 'Enter' | 'Space' | null = 'Enter'): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (
      await page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)
    ) {
      if (key) await page.keyboard.press(key);
      return;
    }
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('citizen portal in the browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'lv-LV', bypassCSP: true });
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.close();
  }, 60_000);

  it('signs in through the identity provider’s person picker, keyboard only', async () => {
    await page.goto(`${stack.baseUrl}/e-pakalpojumi`);
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([page.waitForURL(/\/interaction\//), tabTo(page, 'a[href="/e-pakalpojumi/login"]')]);
    expect(new URL(page.url()).origin).toBe(new URL(process.env.DIGISOC_IDP_URL!).origin);
    // A radio group takes one Tab stop; the arrow keys move (and select) within it.
    await tabTo(page, 'input[name=personalCode]', null);
    for (let i = 0; i < 30 && (await page.evaluate<string>('document.activeElement.value')) !== JANIS; i++)
      await page.keyboard.press('ArrowDown');
    expect(await page.isChecked(`input[value="${JANIS}"]`)).toBe(true);
    await Promise.all([
      page.waitForURL(`${stack.baseUrl}/e-pakalpojumi`),
      tabTo(page, 'button[type=submit]'),
    ]);
    expect(await page.textContent('.user-name')).toBe('Jānis Bērziņš');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('applies for the means test with an attachment, keyboard only, after saving a draft', async () => {
    await Promise.all([
      page.waitForURL(/materiala-situacija$/),
      tabTo(page, 'a[href="/e-pakalpojumi/materiala-situacija"]'),
    ]);
    expect(await page.textContent('fieldset#household')).toContain('Brīvības iela 101-12');
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, '#cashSavingsEur', null);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('35,50');
    await tabTo(page, 'button[value=save]', null);
    await Promise.all([page.waitForURL(/saglabats=1/), page.keyboard.press('Enter')]);
    expect(await page.textContent('[role=status]')).toContain('Melnraksts saglabāts');
    expect(await page.inputValue('#cashSavingsEur')).toBe('35.5');

    await page.setInputFiles('#file', {
      name: 'izzina.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('Izziņa'),
    });
    await tabTo(page, '#title', null);
    await page.keyboard.type('Izziņa par uzturlīdzekļiem');
    await Promise.all([page.waitForURL(/pievienots=1/), tabTo(page, '#attach')]);
    expect(await page.textContent('main')).toContain('Izziņa par uzturlīdzekļiem');
    expect(await axeViolations(page)).toEqual([]);

    // Submitting without the confirmation is refused next to the field.
    await Promise.all([page.waitForLoadState('load'), tabTo(page, 'button[value=submit]')]);
    expect(await page.textContent('#confirm-error')).toContain('apliecinājumam');
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, '#confirm', 'Space');
    await tabTo(page, 'button[value=submit]');
    await page.waitForSelector('text=Jūsu pieteikums iesniegts');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the application in my applications; the Rīga worker has the task and the cycle', async () => {
    await page.goto(`${stack.baseUrl}/e-pakalpojumi/pieteikumi`);
    expect(await page.textContent('main')).toContain('Materiālās situācijas izvērtēšana');
    expect(await page.textContent('main')).toContain('Rīgas sociālais dienests');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${stack.baseUrl}/e-pakalpojumi/piekluves-vesture`);
    expect(await axeViolations(page)).toEqual([]);
    expect(page.url()).not.toContain(JANIS);

    const em = stack.orm.em.fork();
    const application = await em.findOneOrFail(CitizenApplication, {
      personalCode: JANIS,
      state: 'submitted',
    });
    expect(application.municipalityCode).toBe('0001000');
    const worker = await stack.login('soc.riga');
    const tasks = (await (await stack.request('GET', '/api/v1/tasks', { token: worker })).json()) as {
      items: { kind: string; caseId: string | null }[];
    };
    expect(tasks.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'citizen-application', caseId: application.caseId }),
      ]),
    );
    const cycle = await stack.request('GET', `/api/v1/means-tests/${application.cycleId}`, { token: worker });
    expect(cycle.status).toBe(200);
    const documents = await em.find(Document, { caseId: application.caseId! });
    expect(documents.map((d) => d.title)).toEqual(
      expect.arrayContaining([
        'Izziņa par uzturlīdzekļiem',
        expect.stringContaining('Iesniegums materiālās'),
      ]),
    );
  });

  it('does not start a second cycle when the form is submitted again', async () => {
    await page.goto(`${stack.baseUrl}/e-pakalpojumi/materiala-situacija`);
    const cookies = await context.cookies(`${stack.baseUrl}/e-pakalpojumi`);
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const home = await (await fetch(`${stack.baseUrl}/e-pakalpojumi`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home)![1]!;
    const again = await fetch(`${stack.baseUrl}/e-pakalpojumi/materiala-situacija`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrf,
        action: 'submit',
        confirm: 'yes',
        cashSavingsEur: '0',
        maintenanceEur: '0',
        otherIncomeEur: '0',
      }).toString(),
    });
    // Nothing left to submit: back to the page that says it was submitted.
    expect(again.status).toBe(303);
    const em = stack.orm.em.fork();
    const application = await em.findOneOrFail(CitizenApplication, {
      personalCode: JANIS,
      state: 'submitted',
    });
    expect(await em.count(MeansTestCycle, { caseId: application.caseId! })).toBe(1);
  });
});
