/**
 * The case screens in a real browser (Debian's Chromium driven by playwright-core) against the real stack: sign-in,
 * case list, case screen, upload / download / versions, the size limit, languages, scoping, and axe-core checks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, seriousAxeViolations } from '../helpers/browser.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { createApp } from '../../api/app.js';
import { mountScreens } from '../../api/screens/index.js';
import { DEMO_CLIENTS } from '../../infra/db/seed.js';
import { RIGA } from '../../infra/db/municipalities.js';

const UPLOAD_LIMIT = 2 * 1024 * 1024;
const SCREENSHOT = '/tmp/digisoc-case-screen.png';
const T = 60_000;

// The demo clients come from the seed, so the test follows the seed's data.
const RIGA_CLIENTS = DEMO_CLIENTS.filter((c) => c.municipalityCode === RIGA);
const OTHER_CLIENTS = DEMO_CLIENTS.filter((c) => c.municipalityCode !== RIGA);
const CLIENT = RIGA_CLIENTS[0] ?? DEMO_CLIENTS[0]!;
const CLIENT_NAME = `${CLIENT.firstName} ${CLIENT.lastName}`;

/** "Šajā lapā ir N lietu/lieta/lietas." — the Latvian plural forms of the count line. */
function lvCount(n: number): string {
  const form =
    { zero: 'lietu', one: 'lieta' }[new Intl.PluralRules('lv').select(n) as 'zero' | 'one'] ?? 'lietas';
  return `Šajā lapā ir ${n} ${form}.`;
}

function lvDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** A small but structurally valid one-page PDF (correct xref offsets). */
function minimalPdf(text: string): Buffer {
  const content = `BT /F1 18 Tf 72 770 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function expectAccessible(page: Page): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations).toEqual([]);
}

describe('case screens in the browser', () => {
  let stack: TestStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let caseUrl = '';
  let clockOffsetMs = 0;
  const pdf = minimalPdf('DigiSoc izzina');

  async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    // bypassCSP lets the test inject axe-core; the app's own pages run under the strict policy.
    const context = await browser.newContext({
      acceptDownloads: true,
      locale: 'lv-LV',
      bypassCSP: true,
      ...options,
    });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    return context.newPage();
  }

  async function signIn(page: Page, username: string, password = 'demo'): Promise<void> {
    await page.goto(`${stack.baseUrl}/login`);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('button[type=submit]:has-text("Pieslēgties")'),
    ]);
  }

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { DIGISOC_UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT) } });
    // Sign-in throttling goes by the API's clock: moved forward instead of waiting.
    stack.deps.clock = { now: () => new Date(Date.now() + clockOffsetMs) };
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.close();
  }, 60_000);

  it(
    'shows the sign-in form in Latvian, accessible, and a readable error for a wrong password',
    async () => {
      const page = await newPage();
      const res = await page.goto(`${stack.baseUrl}/`);
      expect(res?.url()).toBe(`${stack.baseUrl}/login`);
      expect(await page.getAttribute('html', 'lang')).toBe('lv');
      await expect(page.locator('h1').textContent()).resolves.toBe('Pieslēgšanās');
      await expectAccessible(page);

      await page.fill('#username', 'soc.riga');
      await page.fill('#password', 'nepareiza');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/login')),
        page.click('button[type=submit]'),
      ]);
      expect(response.status()).toBe(401);
      await expect(page.locator('#login-error').textContent()).resolves.toContain(
        'Nepareizs lietotājvārds vai parole.',
      );
      expect(await page.getAttribute('#password', 'aria-describedby')).toBe('login-error');
      expect(await page.inputValue('#username')).toBe('soc.riga');
      await expectAccessible(page);
    },
    T,
  );

  it(
    'slows sign-in down after the fourth failure, says for how long, and lets the right password in afterwards',
    async () => {
      const page = await newPage();
      await page.goto(`${stack.baseUrl}/login`);
      const attempt = async (password: string) => {
        await page.fill('#username', 'vad.riga');
        await page.fill('#password', password);
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
          page.click('button[type=submit]'),
        ]);
        await page.waitForLoadState('load');
        return response;
      };
      for (let i = 1; i <= 4; i++) expect((await attempt(`wrong-${i}`)).status()).toBe(401);
      // Even the right password waits 2^(4−3) = 2 s after the fourth failure; nothing is locked for minutes.
      const held = await attempt('demo');
      expect(held.status()).toBe(429);
      expect(await held.headerValue('retry-after')).toBe('2');
      const message = await page.locator('#login-error').textContent();
      expect(message).toContain('Mēģiniet vēlreiz pēc 2 sekundēm');
      await expectAccessible(page);
      clockOffsetMs += 2000;
      const ok = await attempt('demo');
      expect(ok.status()).toBe(303);
      expect(page.url()).toBe(`${stack.baseUrl}/cases`);
    },
    T,
  );

  it(
    'signs soc.riga in with an HttpOnly cookie and lists the Rīga cases with search, filter and paging',
    async () => {
      const page = await newPage();
      await signIn(page, 'soc.riga');
      expect(page.url()).toBe(`${stack.baseUrl}/cases`);
      const cookies = await page.context().cookies();
      const session = cookies.find((c) => c.name === 'digisoc_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
      await expect(page.locator('h1').textContent()).resolves.toBe('Klientu lietas');
      const total = RIGA_CLIENTS.length;
      expect(total).toBeGreaterThanOrEqual(2);
      await expect(page.locator('.result-count').textContent()).resolves.toBe(lvCount(total));
      await expect(page.locator('table.data-table tbody tr').count()).resolves.toBe(total);
      // Only Rīga: the other municipalities' demo clients are not listed.
      const listed = await page.locator('table.data-table').textContent();
      for (const other of OTHER_CLIENTS) expect(listed).not.toContain(`${other.firstName} ${other.lastName}`);
      await expectAccessible(page);

      await page.goto(`${stack.baseUrl}/cases?limit=${total - 1}`);
      await expect(page.locator('table.data-table tbody tr').count()).resolves.toBe(total - 1);
      await page.click('text=Nākamā lapa');
      await expect(page.locator('.result-count').textContent()).resolves.toBe(lvCount(1));
      await page.click('text=Pirmā lapa');
      await expect(page.locator('table.data-table tbody tr').count()).resolves.toBe(total - 1);

      await page.goto(`${stack.baseUrl}/cases`);
      await page.selectOption('#status', 'closed');
      await page.click('button:has-text("Meklēt")');
      await expect(page.locator('.result-count').textContent()).resolves.toBe('Šajā lapā ir 0 lietu.');
      await expect(page.locator('main').textContent()).resolves.toContain('Neviena lieta nav atrasta.');

      // A personal code, however typed (hyphen, space, en dash), is searched through the POST body and the
      // session (POST-redirect-GET) and never appears in a URL.
      const [head, tail] = CLIENT.personalCode.split('-') as [string, string];
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      for (const typed of [
        CLIENT.personalCode,
        `${head} ${tail}`,
        `${head}\u2013${tail}`,
        ` ${head} \u2013 ${tail} `,
      ]) {
        await page.goto(`${stack.baseUrl}/cases`);
        await page.fill('#q', typed);
        await Promise.all([page.waitForURL(/by=code/), page.click('button:has-text("Meklēt")')]);
        expect(page.url()).toBe(`${stack.baseUrl}/cases?by=code`);
        await expect(page.locator('.result-count').textContent()).resolves.toBe(lvCount(1));
        await expect(page.locator('table.data-table tbody').textContent()).resolves.toContain(CLIENT_NAME);
        // A reload asks again with the code kept in the session.
        await page.reload();
        await expect(page.locator('.result-count').textContent()).resolves.toBe(lvCount(1));
      }
      expect(urls.filter((u) => u.includes(head) || u.includes(tail))).toEqual([]);

      await page.goto(`${stack.baseUrl}/cases`);
      await page.fill('#q', CLIENT.lastName);
      await page.click('button:has-text("Meklēt")');
      expect(new URL(page.url()).searchParams.get('q')).toBe(CLIENT.lastName);
      const matches = RIGA_CLIENTS.filter(
        (c) => c.firstName.includes(CLIENT.lastName) || c.lastName.includes(CLIENT.lastName),
      );
      await expect(page.locator('.result-count').textContent()).resolves.toBe(lvCount(matches.length));
      const link = page.locator('table.data-table tbody tr', { hasText: CLIENT_NAME }).locator('th a');
      await Promise.all([page.waitForURL(/\/cases\/[0-9a-f-]{36}$/), link.click()]);
      caseUrl = page.url();
      await expect(page.locator('h1').textContent()).resolves.toMatch(/^Lieta 0001000-\d{4}-\d{6}$/);
      const header = await page.locator('.client-header').textContent();
      expect(header).toContain(CLIENT_NAME);
      expect(header).toContain(`${CLIENT.personalCode.slice(0, 6)}-*****`);
      expect(header).not.toContain(CLIENT.personalCode);
      expect(header).toContain(lvDate(CLIENT.birthDate));
      await expect(page.locator('#timeline').textContent()).resolves.toContain('Lieta atvērta');
      await expectAccessible(page);
    },
    T,
  );

  it(
    'uploads a PDF, shows it in the documents and the timeline, and downloads the same bytes',
    async () => {
      const page = await newPage();
      await signIn(page, 'soc.riga');
      await page.goto(caseUrl);
      await expect(page.locator('#documents').textContent()).resolves.toContain(
        'Lietā vēl nav neviena dokumenta.',
      );
      await page.fill('#upload-title', 'Izziņa par ienākumiem');
      await page.selectOption('#upload-type', 'certificate');
      await page.setInputFiles('#upload-file', {
        name: 'izzina.pdf',
        mimeType: 'application/pdf',
        buffer: pdf,
      });
      await Promise.all([
        page.waitForURL(`${caseUrl}#documents`),
        page.click('button:has-text("Augšupielādēt dokumentu")'),
      ]);
      await expect(page.locator('.notice').textContent()).resolves.toContain(
        'Dokuments ir pievienots lietai.',
      );

      const row = page.locator('tr.document-row');
      await expect(row.count()).resolves.toBe(1);
      const rowText = await row.textContent();
      expect(rowText).toContain('Izziņa par ienākumiem');
      expect(rowText).toContain('Izziņa');
      expect(rowText).toContain('izzina.pdf');
      const timeline = await page.locator('#timeline .timeline-event').first().textContent();
      expect(timeline).toContain('Pievienots dokuments: Izziņa par ienākumiem');
      expect(timeline).toContain('Ilze Bērziņa');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.locator('a.download').click(),
      ]);
      expect(download.suggestedFilename()).toBe('izzina.pdf');
      const file = await download.path();
      expect(Buffer.compare(fs.readFileSync(file), pdf)).toBe(0);

      // The flash is shown once only.
      await page.reload();
      await expect(page.locator('.notice').count()).resolves.toBe(0);
      await expectAccessible(page);
    },
    T,
  );

  it(
    'adds a version and shows the version history in an expandable block',
    async () => {
      const page = await newPage();
      await signIn(page, 'soc.riga');
      await page.goto(caseUrl);
      const details = page.locator('tr.document-details details').first();
      await details.locator('summary').click();
      const second = minimalPdf('DigiSoc izzina v2');
      await details
        .locator('input[type=file]')
        .setInputFiles({ name: 'izzina-v2.pdf', mimeType: 'application/pdf', buffer: second });
      await Promise.all([
        page.waitForLoadState('load'),
        details.locator('button:has-text("Pievienot versiju")').click(),
      ]);
      await expect(page.locator('.notice').textContent()).resolves.toContain('jaunā versija ir pievienota');
      await expect(page.locator('tr.document-row td').nth(1).textContent()).resolves.toBe('2');
      const versions = page.locator('tr.document-details .versions-table tbody tr');
      await expect(versions.count()).resolves.toBe(2);
      await expect(versions.nth(0).textContent()).resolves.toContain('2. versija');
      await expect(versions.nth(1).textContent()).resolves.toContain('izzina.pdf');
      await expect(page.locator('#timeline .timeline-event').first().textContent()).resolves.toContain(
        'Pievienota dokumenta 2. versija: Izziņa par ienākumiem',
      );
      // Version 1 is still there, byte for byte.
      await page.locator('tr.document-details summary').first().click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        versions.nth(1).locator('a').click(),
      ]);
      expect(Buffer.compare(fs.readFileSync(await download.path()), pdf)).toBe(0);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    },
    T,
  );

  it(
    'refuses an oversized upload with a readable message, before sending (script) and on the server (no script)',
    async () => {
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3 * 1024 * 1024)]);
      const withScript = await newPage();
      await signIn(withScript, 'soc.riga');
      await withScript.goto(caseUrl);
      await withScript.fill('#upload-title', 'Liels fails');
      await withScript.selectOption('#upload-type', 'other');
      await withScript.setInputFiles('#upload-file', {
        name: 'liels.pdf',
        mimeType: 'application/pdf',
        buffer: big,
      });
      await withScript.click('button:has-text("Augšupielādēt dokumentu")');
      await expect(withScript.locator('#upload-file-error').textContent()).resolves.toBe(
        'Fails ir par lielu (maks. 2 MB).',
      );
      expect(await withScript.getAttribute('#upload-file', 'aria-invalid')).toBe('true');
      expect(withScript.url()).toBe(caseUrl);

      const noScript = await newPage({ javaScriptEnabled: false });
      await signIn(noScript, 'soc.riga');
      await noScript.goto(caseUrl);
      await noScript.fill('#upload-title', 'Liels fails');
      await noScript.selectOption('#upload-type', 'other');
      await noScript.setInputFiles('#upload-file', {
        name: 'liels.pdf',
        mimeType: 'application/pdf',
        buffer: big,
      });
      const [response] = await Promise.all([
        noScript.waitForResponse((r) => r.request().method() === 'POST'),
        noScript.click('button:has-text("Augšupielādēt dokumentu")'),
      ]);
      expect(response.status()).toBe(413);
      await noScript.waitForLoadState('load');
      await expect(noScript.locator('#upload-file-error').textContent()).resolves.toBe(
        'Fails ir par lielu (maks. 2 MB).',
      );
      await expect(noScript.locator('.error-summary').textContent()).resolves.toContain(
        'Fails ir par lielu (maks. 2 MB).',
      );
      // Nothing was stored.
      await expect(noScript.locator('tr.document-row').count()).resolves.toBe(1);
    },
    T,
  );

  it(
    'refuses a file type that is not accepted, and a missing title, with readable messages',
    async () => {
      const page = await newPage({ javaScriptEnabled: false });
      await signIn(page, 'soc.riga');
      await page.goto(caseUrl);
      await page.fill('#upload-title', 'Programma');
      await page.selectOption('#upload-type', 'other');
      const exe = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), randomBytes(2048)]);
      await page.setInputFiles('#upload-file', {
        name: 'programma.exe',
        mimeType: 'application/octet-stream',
        buffer: exe,
      });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('button:has-text("Augšupielādēt dokumentu")'),
      ]);
      expect(response.status()).toBe(415);
      await page.waitForLoadState('load');
      await expect(page.locator('#upload-file-error').textContent()).resolves.toContain(
        'Šāda veida fails netiek pieņemts',
      );

      // A form posted without a title (the browser's own check bypassed) gets the field message.
      const csrfAction = await page.getAttribute('#upload form', 'action');
      const res = await page.request.post(`${stack.baseUrl}${csrfAction}`, {
        multipart: {
          title: '',
          type: 'letter',
          file: { name: 'a.pdf', mimeType: 'application/pdf', buffer: pdf },
        },
      });
      expect(res.status()).toBe(422);
      const html = await res.text();
      expect(html).toContain('Ievadiet dokumenta nosaukumu.');
      // The other field keeps its value.
      expect(html).toContain('<option value="letter" selected>');

      // Without the CSRF token the upload is refused.
      const forged = await page.request.post(`${caseUrl}/documents`, {
        multipart: {
          title: 'x',
          type: 'letter',
          file: { name: 'a.pdf', mimeType: 'application/pdf', buffer: pdf },
        },
      });
      expect(forged.status()).toBe(403);
      await page.goto(caseUrl);
      await expect(page.locator('tr.document-row').count()).resolves.toBe(1);
    },
    T,
  );

  it(
    'switches to English and back',
    async () => {
      const page = await newPage();
      await signIn(page, 'soc.riga');
      await page.click('a.lang-switch');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await expect(page.locator('h1').textContent()).resolves.toBe('Client cases');
      await expect(page.locator('table.data-table thead').textContent()).resolves.toContain('Case number');
      await expect(page.locator('.result-count').textContent()).resolves.toBe(
        `${RIGA_CLIENTS.length} cases on this page.`,
      );
      // The choice is remembered in a cookie.
      await page.goto(caseUrl);
      await expect(page.locator('#documents-heading').textContent()).resolves.toBe('Documents');
      await expect(page.locator('#upload-heading').textContent()).resolves.toBe('Add a document');
      await expect(page.locator('#timeline').textContent()).resolves.toContain(
        'Document added: Izziņa par ienākumiem',
      );
      await expect(page.locator('tr.document-row').textContent()).resolves.toContain('Certificate');
      await expect(page.locator('a.lang-switch').textContent()).resolves.toBe('Latviski');
      await expectAccessible(page);
      await page.goto(`${caseUrl}?lang=lv`);
      await expect(page.locator('#documents-heading').textContent()).resolves.toBe('Dokumenti');
    },
    T,
  );

  it(
    'opens a new case with per-field validation messages in Latvian',
    async () => {
      const page = await newPage();
      await signIn(page, 'soc.riga');
      await page.click('nav.site-nav >> text=Atvērt jaunu lietu');
      await expect(page.locator('h1').textContent()).resolves.toBe('Atvērt jaunu lietu');
      await page.click('button:has-text("Reģistrēt klientu un atvērt lietu")');
      await expect(page.locator('#personalCode-error').textContent()).resolves.toBe(
        'Ievadiet personas kodu.',
      );
      await expect(page.locator('#firstName-error').textContent()).resolves.toBe('Ievadiet vārdu.');
      await expect(page.locator('#lastName-error').textContent()).resolves.toBe('Ievadiet uzvārdu.');
      expect(await page.getAttribute('#personalCode', 'aria-invalid')).toBe('true');
      await expectAccessible(page);

      await page.fill('#personalCode', '150385-10008');
      await page.fill('#firstName', 'Marta');
      await page.fill('#lastName', 'Liepiņa');
      await page.click('button:has-text("Reģistrēt klientu un atvērt lietu")');
      await expect(page.locator('#personalCode-error').textContent()).resolves.toContain(
        'kontrolcipars nesakrīt',
      );
      expect(await page.inputValue('#firstName')).toBe('Marta');

      await page.fill('#personalCode', '329999-12345');
      await page.click('button:has-text("Reģistrēt klientu un atvērt lietu")');
      await expect(page.locator('#birthDate-error').textContent()).resolves.toBe(
        'Jaunā formāta personas kodam ievadiet dzimšanas datumu.',
      );
      await page.fill('#birthDate', '2001-04-17');
      await Promise.all([
        page.waitForURL(/\/cases\/[0-9a-f-]{36}$/),
        page.click('button:has-text("Reģistrēt klientu un atvērt lietu")'),
      ]);
      await expect(page.locator('.notice').textContent()).resolves.toBe('Lieta ir atvērta.');
      const header = await page.locator('.client-header').textContent();
      expect(header).toContain('Marta Liepiņa');
      expect(header).toContain('329999-*****');
      expect(header).toContain('17.04.2001');

      // The same client again: the existing case is offered.
      await page.goto(`${stack.baseUrl}/cases/new`);
      await page.fill('#personalCode', '329999-12345');
      await page.fill('#firstName', 'Marta');
      await page.fill('#lastName', 'Liepiņa');
      await page.fill('#birthDate', '2001-04-17');
      await page.click('button:has-text("Reģistrēt klientu un atvērt lietu")');
      await expect(page.locator('.error-summary').textContent()).resolves.toContain('jau ir atvērta lieta');
      await expect(page.locator('a:has-text("Atvērt esošo lietu")').count()).resolves.toBe(1);
    },
    T,
  );

  it(
    'shows soc.cesis a 404 page for a Rīga case, and a 403 page to a role without case access',
    async () => {
      const cesis = await newPage();
      await signIn(cesis, 'soc.cesis');
      const res = await cesis.goto(caseUrl);
      expect(res?.status()).toBe(404);
      await expect(cesis.locator('h1').textContent()).resolves.toBe('Lapa nav atrasta');
      expect(await cesis.content()).not.toContain(CLIENT.lastName);
      await expectAccessible(cesis);
      // Nor does a search by the Rīga client's personal code find anything.
      await cesis.goto(`${stack.baseUrl}/cases`);
      await cesis.fill('#q', CLIENT.personalCode);
      await Promise.all([cesis.waitForLoadState('load'), cesis.click('button:has-text("Meklēt")')]);
      await expect(cesis.locator('.result-count').textContent()).resolves.toBe('Šajā lapā ir 0 lietu.');

      const bac = await newPage();
      await signIn(bac, 'bac.uzraugs');
      const denied = await bac.goto(`${stack.baseUrl}/cases`);
      expect(denied?.status()).toBe(403);
      await expect(bac.locator('h1').textContent()).resolves.toBe('Piekļuve liegta');
      const again = await bac.goto(caseUrl);
      expect(again?.status()).toBe(403);
    },
    T,
  );

  it(
    'marks the cookies Secure when the public URL is https',
    async () => {
      const config = {
        ...stack.config,
        api: { ...stack.config.api, publicUrl: 'https://digisoc.example.lv' },
      };
      const app = createApp({ ...stack.deps, config }, [mountScreens]);
      const form = await app.request('/login');
      const loginCookie = form.headers.getSetCookie().find((c) => c.startsWith('digisoc_login_csrf='));
      expect(loginCookie).toMatch(/; Secure/);
      const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const res = await app.request('/login', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `digisoc_login_csrf=${token}`,
        },
        body: new URLSearchParams({ _csrf: token, username: 'soc.riga', password: 'demo' }).toString(),
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/cases');
      const session = res.headers.getSetCookie().find((c) => c.startsWith('digisoc_session='));
      expect(session).toMatch(/; HttpOnly/);
      expect(session).toMatch(/; Secure/);
      expect(session).toMatch(/; SameSite=Lax/);
      expect(session).toMatch(/; Path=\//);
    },
    T,
  );

  it(
    'signs out: the session ends and the screens ask to sign in again',
    async () => {
      const page = await newPage();
      await signIn(page, 'soc.riga');
      await Promise.all([page.waitForURL(`${stack.baseUrl}/login`), page.click('button:has-text("Iziet")')]);
      await expect(page.locator('.notice').textContent()).resolves.toBe('Jūs esat izgājis no sistēmas.');
      await page.goto(caseUrl);
      expect(page.url()).toBe(`${stack.baseUrl}/login?next=${encodeURIComponent(new URL(caseUrl).pathname)}`);
      // Signing in returns to the page asked for.
      await page.fill('#username', 'soc.riga');
      await page.fill('#password', 'demo');
      await Promise.all([page.waitForURL(caseUrl), page.click('button[type=submit]')]);
    },
    T,
  );
});
