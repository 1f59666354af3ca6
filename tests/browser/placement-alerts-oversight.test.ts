/** In Chromium: a supervisor sees an overdue placement alert and acknowledges it; a BAC inspector browses an orphan
 * court's BARIS cases and cannot change anything. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { addDays, addMonthsClamped, addYearsClamped } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { findOrCreatePerson, openCase } from '../../services/case-file.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let browser: Browser;
const today = rigaToday();

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
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('button[type=submit]'),
  ]);
}

describe('placement alerts and oversight in the browser', () => {
  it('a supervisor sees an overdue alert and acknowledges it', async () => {
    const suffix = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
    const { person } = await findOrCreatePerson(stack.orm.em.fork(), {
      personalCode: `32${suffix.slice(0, 4)}-${suffix.slice(4)}`,
      firstName: 'Marta',
      lastName: 'Pārbaude',
      birthDate: addYearsClamped(today, -2),
    });
    // A municipal worker places only a child of their municipality's cases (issue 14): the child's Rīga case.
    await openCase(
      stack.orm.em.fork(),
      { username: 'soc.riga', role: 'social_worker', municipalityCode: '0001000' },
      person.id,
    );
    const token = await stack.login('soc.riga');
    const res = await stack.request('POST', '/api/v1/placements', {
      token,
      json: {
        childPersonId: person.id,
        institution: { code: 'BSAC-RIGA-2', name: 'Aprūpes centrs "Pārbaude"' },
        orphanCourtAtvk: '0001000',
        startDate: addDays(addMonthsClamped(today, -3), -7),
      },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };

    const page = await browser.newPage();
    await signIn(page, 'vad.riga');
    const deadline = Date.now() + 60_000;
    let row = page.locator('tr[data-alert-id]', { hasText: 'Pārbaude' });
    while (Date.now() < deadline) {
      await page.goto(`${stack.baseUrl}/alerts`);
      row = page.locator('tr[data-alert-id]', { hasText: 'Pārbaude' });
      if ((await row.count()) > 0) break;
      await page.waitForTimeout(500);
    }
    expect(await row.count()).toBe(1);
    await expect(page.locator('#alerts-overdue').textContent()).resolves.toContain('Termiņš nokavēts');
    await Promise.all([page.waitForURL(/\/alerts$/), row.locator('button[type=submit]').click()]);
    expect(await page.locator('tr[data-alert-id]', { hasText: 'Pārbaude' }).count()).toBe(0);
    const detail = (await (
      await stack.request('GET', `/api/v1/placements/${id}`, { token: await stack.login('vad.riga') })
    ).json()) as { alerts: { state: string; ackBy: string }[] };
    expect(detail.alerts[0]).toMatchObject({ state: 'acknowledged', ackBy: 'vad.riga' });
    await page.close();
  });

  it('a BAC inspector browses an orphan court’s cases and cannot change anything', async () => {
    const page = await browser.newPage();
    await signIn(page, 'bac.uzraugs');
    await page.goto(`${stack.baseUrl}/oversight`);
    expect(
      (await page.locator('svg[role=img]').count()) +
        (await page.getByText('Nokavētu ziņojumu nav.').count()),
    ).toBe(1);
    await Promise.all([
      page.waitForURL(/\/oversight\/orphan-courts\/0006000$/),
      page.click('tr[data-atvk="0006000"] a'),
    ]);
    await Promise.all([page.waitForURL(/\/cases\//), page.click('a:has-text("BT-0210/2026/112")')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('BT-0210/2026/112');
    // No write form anywhere on the oversight pages except signing out / language.
    const forms = await page
      .locator('form[method=post]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('action')));
    expect(forms.every((a) => a === '/logout' || (a ?? '').startsWith('/lang'))).toBe(true);
    // Every write route answers 403, even with the session's CSRF token.
    await page.goto(`${stack.baseUrl}/alerts`);
    const csrf = (await page.locator('input[name=_csrf]').first().getAttribute('value')) ?? '';
    for (const [path, data] of [
      ['/api/v1/placements', {}],
      ['/api/v1/placements/01a00000-0000-7000-8000-000000000000/reports', {}],
      ['/api/v1/placements/01a00000-0000-7000-8000-000000000000/end', {}],
      ['/api/v1/alerts/01a00000-0000-7000-8000-000000000000/ack', {}],
    ] as const) {
      const res = await page.request.post(`${stack.baseUrl}${path}`, {
        data,
        headers: { 'x-csrf-token': csrf },
      });
      expect([path, res.status()]).toEqual([path, 403]);
    }
    await page.close();
  });
});
