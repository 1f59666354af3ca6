/**
 * The adoption register screens in a real browser against the real stack (worker, Temporal, registry simulator):
 * an adoption specialist sees the register, a child card with the ranked candidates and their reasons, starts a
 * match, sees the proposal with its deadline, accepts it and sees the state change; a social worker gets the plain
 * 404 page on every adoption screen, and the attempts are audited; axe-core finds no serious violations.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AdoptionAdopter, AdoptionChild, AuditEntry, Person } from '../../infra/db/entities/index.js';
import {
  ADOPTION_DEMO_ADOPTERS,
  ADOPTION_DEMO_CHILDREN,
  seedAdoptionDemo,
} from '../../services/adoption-demo.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const CHROMIUM = process.env.DIGISOC_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AXE = path.resolve('node_modules/axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate<AxeViolation[]>(`
    axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })),
    )
  `);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('adoption register screens in the browser', () => {
  let stack: TestStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const ids = { marta: '', emilija: '', vitoli: '', sile: '', kalejs: '', millere: '' };
  let matchUrl = '';

  async function signedIn(username: string): Promise<Page> {
    // bypassCSP lets the test inject axe-core; the app's own pages run under the strict policy.
    const context = await browser.newContext({ locale: 'lv-LV', bypassCSP: true });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/login`);
    await page.fill('#username', username);
    await page.fill('#password', 'demo');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    return page;
  }

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // Test stacks skip the adoption demo data (other suites assert exact register contents): seed it here, twice,
    // to show the seed is idempotent.
    const config = { demo: { ...stack.config.demo, seed: true } };
    const first = await stack.orm.em.fork().transactional((tx) => seedAdoptionDemo(tx, config));
    expect(first).toEqual({
      children: ADOPTION_DEMO_CHILDREN.length,
      adopters: ADOPTION_DEMO_ADOPTERS.length,
    });
    const again = await stack.orm.em.fork().transactional((tx) => seedAdoptionDemo(tx, config));
    expect(again).toEqual({ children: 0, adopters: 0 });
    const em = stack.orm.em.fork();
    const personId = async (code: string) => (await em.findOneOrFail(Person, { personalCode: code })).id;
    ids.marta = (await em.findOneOrFail(AdoptionChild, { personId: await personId('120419-27311') })).id;
    ids.emilija = (await em.findOneOrFail(AdoptionChild, { personId: await personId('200121-27534') })).id;
    const adopters = await em.find(AdoptionAdopter, {});
    const adopterOf = async (code: string) => {
      const pid = await personId(code);
      return adopters.find((a) => a.applicantPersonIds.includes(pid))?.id ?? '';
    };
    ids.vitoli = await adopterOf('170582-17642');
    ids.sile = await adopterOf('230279-17866');
    ids.kalejs = await adopterOf('080786-17972');
    ids.millere = await adopterOf('301081-18084');
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.close();
  }, 60_000);

  it('shows the register with filters and counts to an adoption specialist, accessible', async () => {
    const page = await signedIn('adopcija.lm');
    await page.goto(`${stack.baseUrl}/adoption`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Adopcijas reģistrs');
    await expect(page.locator('nav.site-nav a[href="/adoption"]').getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    await expect(page.locator('#children-count').textContent()).resolves.toBe('Atlasīti bērni: 3.');
    await expect(page.locator('#adopters-count').textContent()).resolves.toBe('Atlasīti adoptētāji: 4.');
    const children = (await page.locator('#children tbody').textContent()) ?? '';
    expect(children).toContain('Marta Liepa');
    expect(children).toContain('Attīstības aizkavēšanās');
    expect(children).toContain('Cēsu novads');
    // Adopters in queue order (registration date; the register list, not the ranking).
    const adopterRows = await page
      .locator('#adopters tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-adopter-id')));
    expect(adopterRows).toEqual([ids.millere, ids.vitoli, ids.sile, ids.kalejs]);
    expect(await page.locator('#adopters tbody').textContent()).toContain('Edvīns Vītols un Līga Vītola');
    expect(await page.locator('#adopters tbody').textContent()).toContain('Ārvalstīs (DE)');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Filter by the sibling group, then by region.
    await page.selectOption('#filter-sibling-group', 'LIEPAS-2024');
    await Promise.all([
      page.waitForURL(/siblingGroup=LIEPAS-2024/),
      page.click('button:has-text("Atlasīt")'),
    ]);
    await expect(page.locator('#children-count').textContent()).resolves.toBe('Atlasīti bērni: 2.');
    await page.goto(`${stack.baseUrl}/adoption?region=0026000&state=active`);
    await expect(page.locator('#children-count').textContent()).resolves.toBe('Atlasīti bērni: 1.');
    expect(await page.locator('#children tbody').textContent()).toContain('Emīlija Krūmiņa');
    // Adopters whose wishes allow Cēsu novads (no region limit): every one but Inga Sīle (Rīga only).
    await expect(page.locator('#adopters-count').textContent()).resolves.toBe('Atlasīti adoptētāji: 3.');

    // The adopter card: applicants, residence, dates, wishes in words.
    await page.goto(`${stack.baseUrl}/adoption/adopters/${ids.sile}`);
    const card = (await page.locator('main').textContent()) ?? '';
    expect(card).toContain('Inga Sīle');
    expect(card).toContain('2–8 gadi');
    expect(card).toContain('Rīga');
    expect(card).toContain('Latvija');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('opens a child card with ranked candidates and reasons, starts a match and accepts the proposal', async () => {
    const page = await signedIn('adopcija.lm');
    await page.goto(`${stack.baseUrl}/adoption/children/${ids.marta}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Bērns adopcijas reģistrā: Marta Liepa');
    const facts = (await page.locator('.facts').first().textContent()) ?? '';
    expect(facts).toContain('01.10.2024');
    expect(facts).toContain('LIEPAS-2024');
    expect(facts).toContain('Kārlis Liepa');
    // Ranking for the sibling pair (Marta 7, Kārlis 10 with HC03): the Vītoli (LV) first, Millere (DE) second;
    // Sīle and Kalējs are not eligible, with the failed criteria named.
    const rows = await page
      .locator('#candidates tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-adopter-id'),
          tr.getAttribute('data-eligible'),
          tr.querySelector('td')?.textContent?.trim(),
        ]),
      );
    expect(rows).toEqual([
      [ids.vitoli, 'true', '1'],
      [ids.millere, 'true', '2'],
      [ids.sile, 'false', '—'],
      [ids.kalejs, 'false', '—'],
    ]);
    const reasons = async (id: string) =>
      (await page.locator(`#candidates tr[data-adopter-id="${id}"] .reasons`).textContent()) ?? '';
    expect(await reasons(ids.vitoli)).toContain('Dzīvo Latvijā');
    expect(await reasons(ids.millere)).toContain('Dzīvo ārvalstīs (DE)');
    expect(await reasons(ids.sile)).toContain('nevēlas brāļus un māsas');
    expect(await reasons(ids.kalejs)).toContain('Kārlis Liepa: 10 gadi');
    expect(await reasons(ids.kalejs)).toContain('Attīstības aizkavēšanās (HC03)');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await Promise.all([
      page.waitForURL(/\/adoption\/matches\/[0-9a-f-]{36}$/),
      page.click('button:has-text("Sākt piemeklēšanu")'),
    ]);
    matchUrl = page.url();
    // The proposal to the first candidate, with its deadline in 14 days.
    const deadline = Date.now() + 30_000;
    while ((await page.locator('#proposal-deadline').count()) === 0 && Date.now() < deadline) {
      await page.waitForTimeout(300);
      await page.reload();
    }
    await expect(page.locator('#match-state').textContent()).resolves.toBe('Priekšlikums kandidātam');
    const proposal = (await page.locator('#proposal').textContent()) ?? '';
    expect(proposal).toContain('Edvīns Vītols un Līga Vītola');
    expect(proposal).toMatch(/atlikušas dienas: 1[34]/);
    const due = await page.locator('#proposal-deadline time').getAttribute('datetime');
    const days = (Date.parse(due ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Declining without a reason is refused with a message at the field.
    await Promise.all([page.waitForURL(/\/answer$/), page.click('button:has-text("Reģistrēt atteikumu")')]);
    await expect(page.locator('#answer-reason-error').textContent()).resolves.toContain('Norādiet atteikuma');

    await Promise.all([
      page.waitForURL(matchUrl),
      page.click('button:has-text("Adoptētāji pieņem priekšlikumu")'),
    ]);
    const end = Date.now() + 30_000;
    while ((await page.locator('#match-state').textContent()) !== 'Iepazīšanās periods' && Date.now() < end) {
      await page.waitForTimeout(300);
      await page.reload();
    }
    await expect(page.locator('#match-state').textContent()).resolves.toBe('Iepazīšanās periods');
    expect(await page.locator('#history tbody').textContent()).toContain('Pieņemts');
    expect(await page.locator('main').textContent()).toContain('Iepazīšanās periods līdz');

    // The child card now shows the child matched and no start button.
    await page.goto(`${stack.baseUrl}/adoption/children/${ids.marta}`);
    expect(await page.locator('.facts').first().textContent()).toContain('Iepazīšanās ar adoptētājiem');
    await expect(page.locator('button:has-text("Sākt piemeklēšanu")').count()).resolves.toBe(0);

    // The sibling group is matched together: Kārlis follows his sister.
    const em = stack.orm.em.fork();
    const marta = await em.findOneOrFail(AdoptionChild, { id: ids.marta });
    const siblings = await em.find(AdoptionChild, { siblingGroup: marta.siblingGroup });
    expect(siblings).toHaveLength(2);
    expect(siblings.map((c) => c.state)).toEqual(['matched', 'matched']);
  }, 120_000);

  it('answers a social worker with the plain 404 page on every adoption screen, and audits it', async () => {
    const page = await signedIn('soc.riga');
    await expect(page.locator('nav.site-nav a[href="/adoption"]').count()).resolves.toBe(0);
    const unknown = await page.goto(`${stack.baseUrl}/cases/no-such-screen/x`);
    const notFoundText = await page.locator('main').textContent();
    expect(unknown?.status()).toBe(404);
    for (const url of [
      '/adoption',
      `/adoption/children/${ids.emilija}`,
      matchUrl.replace(stack.baseUrl, ''),
    ]) {
      const res = await page.goto(`${stack.baseUrl}${url}`);
      expect([url, res?.status()]).toEqual([url, 404]);
      await expect(page.locator('main').textContent()).resolves.toBe(notFoundText);
    }
    // A state-changing attempt too (no CSRF token needed to get the same 404).
    const post = await page.request.post(`${stack.baseUrl}/adoption/children/${ids.emilija}/match`, {
      form: { _csrf: 'x' },
    });
    expect(post.status()).toBe(404);
    const denied = await stack.orm.em
      .fork()
      .find(AuditEntry, { action: 'adoption.access', actor: 'soc.riga', outcome: 'denied' });
    expect(denied.length).toBeGreaterThanOrEqual(4);
  });
});
