/**
 * In Chromium, as the demo auditor: signing in lands on the audit log; it is searched by person (a part of the name,
 * never shown with a personal code), case number, user, action and date range, paginated; the chain is verified with
 * its result shown; the filtered extract downloads as CSV and the export is itself audited. Keyboard only for the
 * search and the verification; axe-core finds no violations of any impact. Other roles get the 403 page.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuditEntry } from '../../infra/db/entities/index.js';
import { launchChromium, type AxeViolation } from '../helpers/browser.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const T = 90_000;
const PERSONAL_CODE = '321111-22299';
const READS = 55;

let stack: TestStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let caseNumber = '';
let personId = '';

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: path.resolve('node_modules/axe-core/axe.min.js') });
  return page.evaluate<AxeViolation[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })),
    )`);
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'lv-LV', bypassCSP: true, acceptDownloads: true });
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/login`);
  await page.fill('#username', username);
  await page.fill('#password', 'demo');
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
}

/** Moves the focus with Tab until `selector` has it (keyboard only), then presses `key`. */
async function tabTo(page: Page, selector: string, key: 'Enter' | null = 'Enter'): Promise<void> {
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

const cells = (page: Page, column: number) =>
  page.locator(`#audit-entries tbody tr td:nth-child(${column})`).allTextContents();

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  browser = await launchChromium();
  const worker = await stack.login('soc.riga');
  const person = (await (
    await stack.request('POST', '/api/v1/persons', {
      token: worker,
      json: {
        personalCode: PERSONAL_CODE,
        firstName: 'Ķirmis',
        lastName: 'Revīzijs',
        birthDate: '1980-01-01',
      },
    })
  ).json()) as { id: string };
  personId = person.id;
  const kase = (await (
    await stack.request('POST', '/api/v1/cases', { token: worker, json: { personId } })
  ).json()) as { id: string; number: string };
  caseNumber = kase.number;
  for (let i = 0; i < READS; i++) {
    await (await stack.request('GET', `/api/v1/cases/${kase.id}`, { token: worker })).text();
  }
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.close();
}, 60_000);

describe('auditor home screen', () => {
  it(
    'lands on the audit log, searches by person, case, user, action and dates, pages through, no personal code',
    async () => {
      const page = await newPage();
      await signIn(page, 'auditors');
      expect(new URL(page.url()).pathname).toBe('/audit');
      expect(await page.locator('h1').textContent()).toBe('Audita žurnāls');
      expect(await page.locator('nav a[href="/audit"]').getAttribute('aria-current')).toBe('page');
      expect(await axeViolations(page)).toEqual([]);

      // A part of the name, any case and diacritics as typed.
      await page.fill('#audit-person', 'revīz');
      await Promise.all([page.waitForLoadState('load'), page.click('#audit-search')]);
      const names = await cells(page, 7);
      expect(names.length).toBeGreaterThan(0);
      for (const n of names) expect(n).toContain('Ķirmis Revīzijs');
      for (const n of names) expect(n).toContain(personId);
      expect(await page.content()).not.toContain(PERSONAL_CODE);
      expect(await page.content()).not.toContain(PERSONAL_CODE.replace('-', ''));
      expect(await axeViolations(page)).toEqual([]);

      // By case number: more than one page (50 a page), newest first, the next page continues.
      await page.goto(`${stack.baseUrl}/audit`);
      await page.fill('#audit-case', caseNumber);
      await Promise.all([page.waitForLoadState('load'), page.click('#audit-search')]);
      expect(await page.locator('#audit-total').textContent()).toMatch(/lapa 1 no 2\./);
      const first = (await cells(page, 1)).map(Number);
      expect(first).toHaveLength(50);
      expect(first).toEqual([...first].sort((a, b) => b - a));
      for (const c of await cells(page, 6)) expect(c).toBe(caseNumber);
      await Promise.all([page.waitForLoadState('load'), page.click('a[rel=next]')]);
      expect(await page.locator('#audit-total').textContent()).toMatch(/lapa 2 no 2\./);
      const second = (await cells(page, 1)).map(Number);
      expect(second.length).toBeGreaterThan(0);
      expect(Math.max(...second)).toBeLessThan(Math.min(...first));
      expect(await page.inputValue('#audit-case')).toBe(caseNumber);
      expect(await axeViolations(page)).toEqual([]);

      // By user and action together.
      await page.goto(
        `${stack.baseUrl}/audit?actor=soc.riga&action=case.read&case=${encodeURIComponent(caseNumber)}`,
      );
      const actions = await cells(page, 4);
      expect(actions.length).toBeGreaterThan(0);
      for (const a of actions) expect(a.startsWith('case.read')).toBe(true);
      for (const u of await cells(page, 3)) expect(u).toContain('soc.riga');

      // A date range in the future: nothing found, with a message.
      await page.goto(`${stack.baseUrl}/audit?from=2999-01-01&to=2999-01-31`);
      expect(await page.locator('#audit-none').isVisible()).toBe(true);
      // Today's range includes today's entries.
      const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Riga' }).format(new Date());
      await page.goto(
        `${stack.baseUrl}/audit?from=${today}&to=${today}&case=${encodeURIComponent(caseNumber)}`,
      );
      expect(await page.locator('#audit-total').textContent()).toMatch(/lapa 1 no 2\./);
    },
    T,
  );

  it(
    'verifies the chain and exports the filtered extract (audited), from the keyboard',
    async () => {
      const page = await newPage();
      await signIn(page, 'auditors');
      await tabTo(page, '#audit-case', null);
      await page.keyboard.type(caseNumber);
      await Promise.all([page.waitForURL(/\/audit\?.*case=/), page.keyboard.press('Enter')]);
      expect(await page.inputValue('#audit-case')).toBe(caseNumber);
      expect(await page.locator('#audit-total').textContent()).toMatch(/lapa 1 no 2\./);

      await Promise.all([page.waitForURL(/\/audit\/verify/), tabTo(page, '#audit-verify')]);
      expect(new URL(page.url()).pathname).toBe('/audit/verify');
      expect(await page.locator('#audit-verify-result').textContent()).toMatch(
        /Ķēde ir vesela: pārbaudīti \d+ ieraksti\./,
      );
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${stack.baseUrl}/audit?case=${encodeURIComponent(caseNumber)}&action=case.read`);
      const total = Number(
        /Atrasti (\d+)/.exec((await page.locator('#audit-total').textContent()) ?? '')?.[1],
      );
      expect(total).toBeGreaterThanOrEqual(READS);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#audit-export')]);
      expect(download.suggestedFilename()).toBe('audita-izraksts.csv');
      const csv = (await fs.readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
      const lines = csv.trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'seq,at,actor,role,action,resourceType,resourceId,caseNumber,personId,personName,outcome,purpose',
      );
      expect(lines).toHaveLength(total + 1);
      for (const line of lines.slice(1)) expect(line).toContain(`,${caseNumber},`);
      expect(csv).not.toContain(PERSONAL_CODE);

      const exported = await stack.orm.em
        .fork()
        .find(
          AuditEntry,
          { action: 'audit.export', actor: 'auditors' },
          { orderBy: { seq: 'desc' }, limit: 1 },
        );
      expect(exported[0]?.details).toMatchObject({
        rows: total,
        filters: { caseRef: caseNumber, action: 'case.read' },
      });
      const verified = await stack.orm.em
        .fork()
        .find(AuditEntry, { action: 'audit.verify', actor: 'auditors' });
      expect(verified.length).toBeGreaterThan(0);
    },
    T,
  );

  it(
    'is the auditor’s alone: a social worker gets the 403 page',
    async () => {
      const page = await newPage();
      await signIn(page, 'soc.riga');
      const res = await page.goto(`${stack.baseUrl}/audit`);
      expect(res?.status()).toBe(403);
      expect((await page.goto(`${stack.baseUrl}/audit/export.csv`))?.status()).toBe(403);
    },
    T,
  );
});
