/**
 * One social-service command, two doors (issue 16): a form on the service screen runs the same implementation as the
 * API (`services/social-services/updates.ts`). The API's zod schema refuses the same input through both before the
 * workflow sees it; the workflow's state rejection answers 409 through both; both write the same audit entry, the
 * screen's marked `via: screens`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rigaToday } from '../../infra/clock.js';
import { AuditEntry, Case, Person, SocialService } from '../../infra/db/entities/index.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { webLogin, type WebSession } from '../helpers/web-session.js';

const JANIS = '140384-19729';

let stack: TestStack;
let token: string;
let web: WebSession;
let caseId: string;
let serviceId: string;

function screenPost(path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${stack.baseUrl}/cases/${caseId}/services/${serviceId}/${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: web.cookie },
    body: new URLSearchParams({ _csrf: web.csrf, ...fields }).toString(),
  });
}

function apiPost(path: string, json: unknown): Promise<Response> {
  return stack.request('POST', `/api/v1/cases/${caseId}/services/${serviceId}/${path}`, { token, json });
}

async function auditOf(action: string) {
  return stack.orm.em.fork().find(AuditEntry, { action, resourceId: serviceId }, { orderBy: { seq: 'asc' } });
}

beforeAll(async () => {
  stack = await startTestStack();
  token = await stack.login('soc.riga');
  web = await webLogin(stack.baseUrl, 'soc.riga');
  const em = stack.orm.em.fork();
  const janis = await em.findOneOrFail(Person, { personalCode: JANIS });
  caseId = (await em.findOneOrFail(Case, { personId: janis.id, status: 'open' })).id;
  const res = await stack.request('POST', `/api/v1/cases/${caseId}/services`, {
    token,
    json: { serviceType: 'home-care', requestedAt: rigaToday() },
  });
  expect(res.status).toBe(202);
  serviceId = ((await res.json()) as { id: string }).id;
  // The workflow waits for the application and the medical opinion: it accepts neither assessment nor decision.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const row = await stack.orm.em.fork().findOne(SocialService, { id: serviceId });
    if (row?.state === 'awaiting-documents') break;
    if (Date.now() > deadline) throw new Error(`service ${serviceId} did not reach awaiting-documents`);
    await new Promise((r) => setTimeout(r, 300));
  }
}, 180_000);

afterAll(async () => {
  await stack.close();
});

describe('a social-service command through the API and the screen', () => {
  it('is refused by the same schema through both, before the workflow sees it', async () => {
    const api = await apiPost('extension', { newDeadline: '2026-02-30', reason: 'x' });
    expect(api.status).toBe(422);
    const paths = ((await api.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['newDeadline', 'reason']));

    const screen = await screenPost('extension', { newDeadline: '2026-02-30', reason: 'x' });
    expect(screen.status).toBe(422);
    const html = await screen.text();
    expect(html).toContain('Ievadiet derīgu datumu.');
    expect(html).toContain('href="#ext-deadline"');
    expect(html).toContain('href="#ext-reason"');

    // Neither door reached the workflow: no extension was attempted, so none is in the audit log.
    expect(await auditOf('social-service.extend')).toEqual([]);
  });

  it('answers the workflow state rejection with 409 through both, audited alike as denied', async () => {
    const api = await apiPost('assessment', { answers: { selfCareLevel: '2' } });
    expect(api.status).toBe(409);
    const screen = await screenPost('assessment', { selfCareLevel: '2' });
    expect(screen.status).toBe(409);
    expect(await screen.text()).toContain('Darbība šajā stāvoklī nav iespējama');

    const entries = await auditOf('social-service.assess');
    expect(entries.map((e) => [e.actor, e.outcome, e.caseId, e.details])).toEqual([
      ['soc.riga', 'denied', caseId, { fields: ['selfCareLevel'] }],
      ['soc.riga', 'denied', caseId, { fields: ['selfCareLevel'], via: 'screens' }],
    ]);
  });
});
