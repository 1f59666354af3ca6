/**
 * A worker runs a means test for a demo household (Olga Kalniņa, Rīga) from the case screen to an approved status;
 * the supervisor sees the status on the expiring page.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { Case, MeansTestCycle, Person } from '../../infra/db/entities/index.js';
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

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/login`);
  await page.fill('#username', username);
  await page.fill('#password', 'demo');
  await Promise.all([page.waitForURL(/\/cases/), page.click('button[type=submit]')]);
}

async function reloadUntilState(page: Page, state: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await page.goto(page.url().replace(/#.*$/, ''), { waitUntil: 'load' });
    if ((await page.locator('#means-test').getAttribute('data-means-test-state')) === state) return;
    await page.waitForTimeout(500);
  }
  const row = await stack.orm.em
    .fork()
    .findOne(MeansTestCycle, { active: { $in: [true, false] } }, { orderBy: { createdAt: 'desc' } });
  const described = row
    ? await stack.deps.temporal.client.workflow.getHandle(row.workflowId).describe()
    : null;
  throw new Error(
    `the means test never reached ${state}: ${row?.state ?? 'no cycle'} ${described?.status.name ?? ''} ${(await page.locator('#means-test').textContent())?.slice(0, 300)}`,
  );
}

describe('means test from the case screen', () => {
  it('starts, shows the declaration and the calculation, takes a correction and approves the status', async () => {
    const em = stack.orm.em.fork();
    const person = await em.findOneOrFail(Person, { personalCode: '051290-19726' });
    const caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
    const page = await browser.newPage();
    await signIn(page, 'soc.riga');
    await page.goto(`${stack.baseUrl}/cases/${caseId}`);
    await expect(page.locator('#means-test h2').textContent()).resolves.toBe('Materiālā situācija');
    await expect(page.locator('#means-test').textContent()).resolves.toContain('vēl nav veikta');

    await Promise.all([page.waitForURL(/#means-test$/), page.click('#means-test button:has-text("Sākt")')]);
    await reloadUntilState(page, 'awaiting-decision');
    const section = page.locator('#means-test');
    await expect(
      section.locator('.means-test-members tr.means-test-average').count(),
    ).resolves.toBeGreaterThan(0);
    await expect(section.locator('.means-test-result').textContent()).resolves.toContain('GMI slieksnis');

    await page.selectOption('#mt-field', 'savingsEur');
    await page.fill('#mt-value', '0');
    await page.fill('#mt-reason', 'Konts slēgts, izziņa pievienota');
    await Promise.all([
      page.waitForURL(/#means-test$/),
      page.click('.means-test-correction button[type=submit]'),
    ]);
    await expect(section.textContent()).resolves.toContain('Konts slēgts, izziņa pievienota');

    const approve = section.locator('button[value=approve]');
    expect(await approve.count()).toBe(1);
    await Promise.all([page.waitForURL(/#means-test$/), approve.click()]);
    await reloadUntilState(page, 'active');
    await expect(section.locator('.means-test-state').textContent()).resolves.toBe('Statuss spēkā');
    await expect(section.locator('.means-test-validity').textContent()).resolves.toMatch(
      /atlikušas \d+ dienas/,
    );
    const letter = (await section.locator('a:has-text("Atvērt")').last().getAttribute('href')) ?? '';
    const res = await page.request.get(`${stack.baseUrl}${letter}`);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('LĒMUMS');
    await page.close();

    const supervisor = await browser.newPage();
    await signIn(supervisor, 'vad.riga');
    await supervisor.goto(`${stack.baseUrl}/means-tests/expiring`);
    await expect(supervisor.locator('h1').textContent()).resolves.toContain('Beidzas statusi');
    await supervisor.close();
  });
});
