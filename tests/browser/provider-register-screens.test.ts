/**
 * In Chromium (Latvian first): the public provider register without sign-in; LM decides an application (a refusal
 * without a reason is refused in place), queues a care request and sees it in the queue; the demo provider's user
 * sees its registration and reports free places. Every page has no serious axe violations.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { rigaToday } from '../../infra/clock.js';
import { Case, Person, Provider } from '../../infra/db/entities/index.js';
import { createTask } from '../../services/tasks.js';
import { launchChromium, seriousAxeViolations } from '../helpers/browser.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'lv-LV', bypassCSP: true });
  return context.newPage();
}
async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${stack.baseUrl}/login`);
  await page.fill('#username', username);
  await page.fill('#password', 'demo');
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('button[type=submit]'),
  ]);
}

describe('provider register screens', () => {
  it('the public register answers without sign-in and filters by municipality', async () => {
    const page = await newPage();
    await page.goto(`${stack.baseUrl}/public/providers`);
    expect(await page.locator('h1').textContent()).toBe('Sociālo pakalpojumu sniedzēju reģistrs');
    expect(await page.locator('#public-providers').textContent()).toContain('Aprūpes birojs');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.selectOption('#municipality', '0026000');
    await Promise.all([page.waitForURL(/municipality=0026000/), page.click('form[role=search] button')]);
    expect(await page.locator('#public-providers').count()).toBe(0);
    await page.goto(`${stack.baseUrl}/public/providers?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Register of social-service providers');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('LM decides an application: a refusal without a reason is refused in place, then registered', async () => {
    const lm = await stack.login('lm.specialists');
    const res = await stack.request('POST', '/api/v1/providers/applications', {
      token: lm,
      json: {
        legalName: 'Pārlūka aprūpes nams',
        registrationNo: '40003000003',
        addresses: [
          {
            address: 'Lielā iela 3, Cēsis',
            municipalityAtvk: '0026000',
            services: [{ serviceType: 'home-care', capacity: 15 }],
          },
        ],
      },
    });
    const { id } = (await res.json()) as { id: string };
    const page = await newPage();
    await signIn(page, 'lm.specialists');
    expect(new URL(page.url()).pathname).toBe('/register/applications');
    expect(await seriousAxeViolations(page)).toEqual([]);
    const form = page.locator(`#application-${id} form`);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/register/applications/${id}/decision`)),
      form.locator('button[value=refuse]').click(),
    ]);
    expect(refused.status()).toBe(422);
    expect(await page.locator(`#reason-${id}-error`).textContent()).toContain('required');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await Promise.all([
      page.waitForURL(/done=1/),
      page.locator(`#application-${id} button[value=register]`).click(),
    ]);
    expect(await page.locator(`#application-${id}`).count()).toBe(0);
    await page.goto(`${stack.baseUrl}/public/providers?q=P%C4%81rl%C5%ABka`);
    expect(await page.locator('#public-providers').textContent()).toContain('Pārlūka aprūpes nams');
  });

  it("the provider's user sees its registration and reports free places (not above capacity)", async () => {
    // The registration workflow's 6-month reminder (as remindRenewal writes it) shows on the provider's screen.
    const demo = await stack.orm.em.fork().findOneOrFail(Provider, { code: 'RSD-APRUPE' });
    await createTask(stack.orm.em.fork(), {
      idempotencyKey: `provider:${demo.id}:2029-02-27:remind:6`,
      queue: 'organisation',
      municipalityCode: null,
      kind: 'provider-renewal-due',
      title: 'Atgādinājums',
      description: 'Pārreģistrācija',
      dueDate: '2029-02-27',
      source: `provider:${demo.id}`,
    });
    const page = await newPage();
    await signIn(page, 'sniedzejs.admin');
    expect(new URL(page.url()).pathname).toBe('/provider/registration');
    expect(await page.locator('.reminder').textContent()).toContain('2029-02-27');
    expect(await page.locator('#provider-certificate').textContent()).toContain('2029-02-27');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.selectOption('#fp-type', 'long-term-institutional-care');
    await page.fill('#fp-free', '41');
    await page.click('#free-places-form button[type=submit]');
    await page.waitForSelector('#fp-type-error, #fp-free-error, .field-error');
    expect(await page.locator('.field-error').first().textContent()).toContain('capacity');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.selectOption('#fp-type', 'long-term-institutional-care');
    await page.fill('#fp-free', '3');
    await Promise.all([page.waitForURL(/done=1/), page.click('#free-places-form button[type=submit]')]);
    expect(await page.locator('.free-places[data-type=long-term-institutional-care]').textContent()).toBe(
      '3',
    );

    // A capacity change is an application LM decides; it shows as waiting.
    await page.selectOption('#cap-place', '0:long-term-institutional-care');
    await page.fill('#cap-new', '45');
    await Promise.all([page.waitForURL(/done=1/), page.click('#capacity-form button[type=submit]')]);
    expect(await page.locator('#open-applications').textContent()).toContain('izmaiņas');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // A second application while one waits: refused in place.
    const [again] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/provider/registration/applications')),
      page.click('#renewal-form button[type=submit]'),
    ]);
    expect(again.status()).toBe(422);
  });

  it('LM queues a request and sees it in the queue of the region', async () => {
    const em = stack.orm.em.fork();
    const person = await em.findOneOrFail(Person, { personalCode: '051290-19726' });
    const caseId = (await em.findOneOrFail(Case, { personId: person.id })).id;
    const worker = await stack.login('soc.riga');
    const res = await stack.request('POST', '/api/v1/care-queue/requests', {
      token: worker,
      json: { caseId, serviceType: 'long-term-institutional-care', region: 'riga' },
    });
    const { id } = (await res.json()) as { id: string };
    const page = await newPage();
    await signIn(page, 'lm.specialists');
    await page.goto(`${stack.baseUrl}/care-queue`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.fill(`#cd-${id}`, rigaToday());
    await Promise.all([page.waitForURL(/done=1/), page.click(`#request-${id} button[type=submit]`)]);
    expect(await page.locator('#queue').textContent()).toContain(id);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(`${stack.baseUrl}/care-queue?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Queue for state-funded long-term social care');
  });
});
