/**
 * In Chromium, without signing in: the open-data list and a dataset page in Latvian and English, after a release is
 * published; the CSV link downloads the version. No axe violations of any impact.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { rigaToday } from '../../infra/clock.js';
import { publishOpenData } from '../../services/open-data/commands.js';
import { openDataStore } from '../../services/open-data/store.js';
import { launchChromium, type AxeViolation } from '../helpers/browser.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  browser = await launchChromium();
  await publishOpenData(
    { em: stack.orm.em.fork(), store: openDataStore(stack.config), today: rigaToday() },
    { username: 'test', role: 'admin' },
    { note: null },
  );
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, bypassCSP: true, acceptDownloads: true });
  return context.newPage();
}

/** Every axe violation, whatever its impact. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: path.resolve('node_modules/axe-core/axe.min.js') });
  return page.evaluate<AxeViolation[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })),
    )`);
}

describe('open data screens', () => {
  it('the list and a dataset page, Latvian then English, with no axe violations', async () => {
    const page = await newPage('lv-LV');
    await page.goto(`${stack.baseUrl}/atvertie-dati`);
    expect(await page.locator('h1').textContent()).toBe('Atvērtie dati');
    expect(await page.locator('#open-datasets tbody tr').count()).toBe(5);
    expect(await axeViolations(page)).toEqual([]);

    await page.click('a[href="/atvertie-dati/gmi-recipients"]');
    expect(await page.locator('h1').textContent()).toBe('GMI pabalsta saņēmēji (mājsaimniecības)');
    expect(await page.locator('#dataset-columns code').allTextContents()).toEqual([
      'atvk',
      'month',
      'households',
      'flag',
    ]);
    expect(await page.locator('#dataset-versions tbody tr').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="/v1.csv"]')]);
    expect(download.suggestedFilename()).toBe('gmi-recipients-v1.csv');

    await page.goto(`${stack.baseUrl}/atvertie-dati?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Open data');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${stack.baseUrl}/atvertie-dati/needy-low-income-persons`);
    expect(await page.locator('h1').textContent()).toBe('Persons with needy or low-income household status');
    expect(await axeViolations(page)).toEqual([]);
  });
});
