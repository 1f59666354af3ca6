/** A worker refreshes registry data on a demo client from the case screen and sees the snapshots arrive. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { Case, Person } from '../../infra/db/entities/index.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('refresh registry data from the case screen', () => {
  it('starts a registry check and shows each registry with its evidence and age, and the timeline entries', async () => {
    const em = stack.orm.em.fork();
    const person = await em.findOneOrFail(Person, { personalCode: '051290-19726' });
    const caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
    const page = await browser.newPage();
    await page.goto(`${stack.baseUrl}/login`);
    await page.fill('#username', 'soc.riga');
    await page.fill('#password', 'demo');
    await Promise.all([page.waitForURL(/\/cases/), page.click('button[type=submit]')]);
    await page.goto(`${stack.baseUrl}/cases/${caseId}`);
    await expect(page.locator('#registries').textContent()).resolves.toContain('vēl nav pieprasīti');

    await Promise.all([
      page.waitForURL(/#registries$/),
      page.click('#registries button:has-text("Atjaunot reģistru datus")'),
    ]);
    await expect(page.locator('[role=status], .flash').first().textContent()).resolves.toContain(
      'Reģistru dati pieprasīti',
    );

    // Answers arrive asynchronously: reload until every registry of the check has answered.
    const deadline = Date.now() + 60_000;
    let rows = 0;
    while (Date.now() < deadline) {
      await page.reload();
      rows = await page.locator('#registries tr[data-registry] a').count();
      if (rows >= 8) break;
      await page.waitForTimeout(500);
    }
    expect(rows).toBeGreaterThanOrEqual(8);
    const vsaa = page.locator('#registries tr[data-registry="vsaa"]');
    await expect(vsaa.textContent()).resolves.toContain('Saņemts');
    await expect(vsaa.textContent()).resolves.toContain('šodien');
    const timeline = (await page.locator('#timeline').textContent()) ?? '';
    expect(timeline).toContain('Pieprasīti reģistru dati');
    expect(timeline).toMatch(/Dati saņemti no VSAA/);

    // The evidence link downloads the stored JSON snapshot.
    const href = (await vsaa.locator('a').getAttribute('href')) ?? '';
    const res = await page.request.get(`${stack.baseUrl}${href}`);
    expect(res.status()).toBe(200);
    expect(((await res.json()) as { registry: string }).registry).toBe('vsaa');
    await page.close();
  });
});
