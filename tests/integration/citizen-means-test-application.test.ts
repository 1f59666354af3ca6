/**
 * The portal's means-test application over HTTP: amounts are validated next to their fields, attachments follow the
 * case file's upload rules (content sniffing), a draft is kept, submission needs the confirmation, lands in the
 * municipality of the declared address with one cycle, and submissions are limited per person (429).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { signInCitizen, type CitizenBrowser } from '../helpers/citizen.js';
import { pdfBytes } from '../helpers/files.js';
import { CitizenApplication, MeansTestCycle, Task } from '../../infra/db/entities/index.js';

const OLGA = '051290-19726';
const form = (csrf: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    _csrf: csrf,
    cashSavingsEur: '0',
    maintenanceEur: '0',
    otherIncomeEur: '0',
    ...extra,
  }).toString();
const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };

describe('means-test application in the portal', () => {
  let stack: TestStack;
  let olga: CitizenBrowser;
  let csrf: string;

  beforeAll(async () => {
    stack = await startTestStack();
    olga = await signInCitizen(stack.baseUrl, OLGA);
    csrf = await olga.csrf();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  const post = (body: string) =>
    olga.fetch('/e-pakalpojumi/materiala-situacija', { method: 'POST', headers: urlencoded, body });

  it('refuses a wrong amount next to its field and keeps what was typed', async () => {
    const res = await post(
      form(csrf, { action: 'save', cashSavingsEur: 'daudz', householdNote: 'Dzīvoju viena' }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#cashSavingsEur"');
    expect(html).toContain('aria-describedby="cashSavingsEur-error"');
    expect(html).toContain('Dzīvoju viena');
  });

  it('keeps a draft, and refuses a POST without the CSRF token', async () => {
    expect((await post(form('wrong', { action: 'save' }))).status).toBe(403);
    const saved = await post(form(csrf, { action: 'save', maintenanceEur: '120,50' }));
    expect(saved.status).toBe(303);
    const page = await (await olga.fetch('/e-pakalpojumi/materiala-situacija')).text();
    expect(page).toContain('value="120.5"');
  });

  it('takes attachments by content, not by name: a PDF yes, an executable named .pdf no', async () => {
    const upload = (name: string, bytes: Buffer) => {
      const body = new FormData();
      body.set('title', 'Izziņa');
      body.set('file', new Blob([new Uint8Array(bytes)]), name);
      return olga.fetch(`/e-pakalpojumi/materiala-situacija/pielikumi?_csrf=${encodeURIComponent(csrf)}`, {
        method: 'POST',
        body,
      });
    };
    expect((await upload('izzina.pdf', pdfBytes('Izziņa'))).status).toBe(303);
    const refused = await upload('izzina.pdf', Buffer.from('MZ\x90\x00 not a pdf at all', 'binary'));
    expect(refused.status).toBe(415);
    expect(await refused.text()).toContain('Šāda veida fails netiek pieņemts');
    const draft = await stack.orm.em
      .fork()
      .findOneOrFail(CitizenApplication, { personalCode: OLGA, state: 'draft' });
    expect(draft.attachments).toHaveLength(1);
  });

  it('needs the confirmation, then goes to Rīga with one cycle and one task', async () => {
    const unconfirmed = await post(form(csrf, { action: 'submit' }));
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('href="#confirm"');
    const submitted = await post(form(csrf, { action: 'submit', confirm: 'yes', member: OLGA }));
    expect(submitted.status).toBe(303);
    const em = stack.orm.em.fork();
    const application = await em.findOneOrFail(CitizenApplication, {
      personalCode: OLGA,
      state: 'submitted',
    });
    expect(application.municipalityCode).toBe('0001000');
    expect(await em.count(MeansTestCycle, { caseId: application.caseId! })).toBe(1);
    expect(await em.count(Task, { caseId: application.caseId!, kind: 'citizen-application' })).toBe(1);
    expect(await (await olga.fetch('/e-pakalpojumi/materiala-situacija')).text()).toContain(
      'Jūsu pieteikums iesniegts',
    );
  });

  it('limits submissions per person: the fourth in a day is refused (429)', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await post(form(csrf, { action: 'save' }))).status).toBe(303);
      expect((await post(form(csrf, { action: 'submit', confirm: 'yes' }))).status).toBe(303);
    }
    expect((await post(form(csrf, { action: 'save' }))).status).toBe(303);
    const fourth = await post(form(csrf, { action: 'submit', confirm: 'yes' }));
    expect(fourth.status).toBe(429);
    const em = stack.orm.em.fork();
    expect(await em.count(CitizenApplication, { personalCode: OLGA, state: 'submitted' })).toBe(3);
    const caseId = (await em.findOneOrFail(CitizenApplication, { personalCode: OLGA, state: 'submitted' }))
      .caseId!;
    // Three applications while one cycle runs: the later ones are linked to it, never a second cycle.
    expect(await em.count(MeansTestCycle, { caseId })).toBe(1);
  });
});
