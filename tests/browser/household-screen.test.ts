/**
 * The case screen's household section in a real browser (issue 14): "Pievienot mājsaimniecības locekli" refuses a
 * missing reason with a readable, linked message, adds a person with a reason, lists them, and stays axe-clean.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, seriousAxeViolations } from '../helpers/browser.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { Case, CaseHouseholdMember, Person } from '../../infra/db/entities/index.js';
import { CESIS_NOVADS } from '../../infra/db/municipalities.js';

const T = 60_000;
/** Jānis Bērziņš, a client with a case in Rīga only (seed); soc.cesis adds him to the Ozols household. */
const FOREIGN_CODE = '140384-19729';

describe('household section of the case screen', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let caseUrl = '';
  let caseId = '';

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    browser = await launchChromium();
    const em = stack.orm.em.fork();
    const client = await em.findOneOrFail(Person, { personalCode: '300675-18179' });
    caseId = (
      await em.findOneOrFail(Case, { personId: client.id, municipalityCode: CESIS_NOVADS, status: 'open' })
    ).id;
    caseUrl = `${stack.baseUrl}/cases/${caseId}`;
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.close();
  }, 60_000);

  async function signedInPage(username: string): Promise<Page> {
    // bypassCSP lets the test inject axe-core; the app's own pages run under the strict policy.
    context = await browser.newContext({ locale: 'lv-LV', bypassCSP: true });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/login`);
    await page.fill('#username', username);
    await page.fill('#password', 'demo');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    return page;
  }

  it(
    'adds a household member with a reason; without one it says so next to the field; axe-clean',
    async () => {
      const page = await signedInPage('soc.cesis');
      await page.goto(caseUrl);
      await expect(page.locator('#household-heading').textContent()).resolves.toBe('Mājsaimniecība');
      await expect(page.locator('#household').textContent()).resolves.toContain(
        'Mājsaimniecības locekļi vēl nav zināmi',
      );
      expect((await seriousAxeViolations(page)).map((v) => v.id)).toEqual([]);

      await page.click('summary:has-text("Pievienot mājsaimniecības locekli")');
      await page.fill('#household-personalCode', FOREIGN_CODE);
      await page.fill('#household-firstName', 'Jānis');
      await page.fill('#household-lastName', 'Bērziņš');
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/household-members')),
        page.click('#household button[type=submit]'),
      ]);
      expect(refused.status()).toBe(422);
      await page.waitForLoadState('load');
      await expect(page.locator('#household-reason-error').textContent()).resolves.toBe(
        'Norādiet pamatojumu.',
      );
      expect(await page.getAttribute('#household-reason', 'aria-invalid')).toBe('true');
      expect(await page.getAttribute('.error-summary a[href="#household-reason"]', 'href')).toBe(
        '#household-reason',
      );
      expect(await page.inputValue('#household-personalCode')).toBe(FOREIGN_CODE);
      expect((await seriousAxeViolations(page)).map((v) => v.id)).toEqual([]);
      expect(await stack.orm.em.fork().count(CaseHouseholdMember, { caseId })).toBe(0);

      await page.fill('#household-reason', 'Dzīvo kopā ar klientu, dzīvesvieta nav deklarēta');
      await Promise.all([
        page.waitForURL(`${caseUrl}#household`),
        page.click('#household button[type=submit]'),
      ]);
      const row = page.locator('#household tbody tr');
      await expect(row.count()).resolves.toBe(1);
      const text = await row.textContent();
      expect(text).toContain('Pievienota: Dzīvo kopā ar klientu, dzīvesvieta nav deklarēta');
      expect(text).toContain('140384-*****');
      expect(text).not.toContain(FOREIGN_CODE);
      await expect(page.locator('#timeline').textContent()).resolves.toContain(
        'Mājsaimniecībai pievienota persona',
      );
      expect((await seriousAxeViolations(page)).map((v) => v.id)).toEqual([]);
    },
    T,
  );
});
