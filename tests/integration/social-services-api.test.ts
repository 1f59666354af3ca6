/**
 * Social services through the API on the real stack (issue 6): the catalogue (read by everyone, edited by the
 * administrator, invalid definitions answered 422 with domain paths), a home-care request from missing documents to
 * a granted, delivered and terminated service (registry simulator, worker, Temporal, MinIO), a service type created
 * through the API and used without a code change, the provider's restricted view, the settlement endpoints, and the
 * audit trail — without a personal code in any URL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rigaToday } from '../../infra/clock.js';
import { addDays, addIsoMonths, isoMonthOf } from '../../domain/calendar.js';
import { AuditEntry, Case, Person, Provider, SocialService } from '../../infra/db/entities/index.js';
import { DEMO_PROVIDER } from '../../infra/db/seed.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { pdfBytes } from '../helpers/files.js';
import { signalsHandled } from '../helpers/workflow-events.js';

const JANIS = '140384-19729';
const OLGA = '051290-19726';
const today = rigaToday();
const thisMonth = isoMonthOf(today);
/** Services are requested and start two days ago, so that a termination as of yesterday takes effect at once. */
const start = addDays(today, -2);
const yesterday = addDays(today, -1);
/** The months the service runs in up to today (two when today is the 1st or the 2nd). */
const serviceMonthsUpToToday = isoMonthOf(start) === thisMonth ? [thisMonth] : [isoMonthOf(start), thisMonth];

let stack: TestStack;
let worker: string;
let supervisor: string;
let admin: string;
let auditor: string;
let bac: string;
let cesis: string;
let provider: string;
let adoption: string;
let janisCase: string;
let olgaCase: string;
/** The demo provider's id in the register (issue 22: grants choose the provider from the register). */
let demoProviderId: string;
const calledUrls: string[] = [];

/** Every call goes through here so that the URLs can be checked for personal codes at the end. */
function call(
  method: string,
  url: string,
  options?: Parameters<TestStack['request']>[2],
): ReturnType<TestStack['request']> {
  calledUrls.push(url);
  return stack.request(method, url, options);
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function errorPaths(res: Response): Promise<string[]> {
  const body = (await res.json()) as { errors?: { path: string }[] };
  return (body.errors ?? []).map((e) => e.path);
}

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The state the workflow mirrors into the database (polled without adding audit entries). */
async function waitForState(serviceId: string, states: string[]): Promise<string> {
  const row = await waitFor(
    () => stack.orm.em.fork().findOne(SocialService, { id: serviceId }),
    (r) => r !== null && states.includes(r.state),
    `service ${serviceId} in ${states.join('/')}`,
  );
  return row?.state ?? '';
}

interface ServiceBody {
  id: string;
  caseId: string;
  state: string;
  step: string | null;
  decision: string | null;
  decisionDocumentId: string | null;
  provider: { code: string | null; name: string } | null;
  deliveries: { month: string; units: number; revision: number; recordedBy: string }[];
  record?: {
    registryCheck: { registries: Record<string, string> } | null;
    assessment: { answers: Record<string, unknown> } | null;
  } | null;
  assessmentForm?: unknown;
}

interface DocumentRow {
  id: string;
  title: string;
  type: string;
}

const servicePath = (caseId: string, sid: string, rest = '') =>
  `/api/v1/cases/${caseId}/services/${sid}${rest}`;

async function getService(caseId: string, sid: string, token = worker): Promise<Response> {
  return call('GET', servicePath(caseId, sid), { token });
}

async function documentsOf(caseId: string): Promise<DocumentRow[]> {
  const res = await call('GET', `/api/v1/cases/${caseId}/documents`, { token: worker });
  expect(res.status).toBe(200);
  return json<DocumentRow[]>(res);
}

async function documentText(caseId: string, docId: string): Promise<string> {
  const res = await call('GET', `/api/v1/cases/${caseId}/documents/${docId}/content`, { token: worker });
  expect(res.status).toBe(200);
  return res.text();
}

function upload(type: string, title: string): FormData {
  const f = new FormData();
  f.append('title', title);
  f.append('type', type);
  f.append('file', new Blob([new Uint8Array(pdfBytes(title))]), `${type}.pdf`);
  return f;
}

/** A valid definition of a new type (no required documents, no registry checks). */
function newTypeDefinition(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    names: { lv: 'Draudzīgie apmeklējumi', en: 'Friendly visits' },
    description: null,
    funding: 'municipal',
    legalBasis: 'SPSP 9. pants; pašvaldības saistošie noteikumi Nr. 12',
    requiredDocuments: [],
    registryChecks: [],
    assessmentForm: {
      fields: [
        {
          key: 'visitsPerWeek',
          label: { lv: 'Apmeklējumi nedēļā', en: 'Visits per week' },
          type: 'integer',
          required: true,
          min: 1,
          max: 7,
        },
        {
          key: 'loneliness',
          label: { lv: 'Vientulības pakāpe', en: 'Loneliness' },
          type: 'select',
          required: true,
          options: [
            { value: 'low', label: { lv: 'Zema', en: 'Low' } },
            { value: 'high', label: { lv: 'Augsta', en: 'High' } },
          ],
        },
      ],
    },
    decisionDeadlineMonths: 1,
    unit: 'visit',
    tariffEur: 12.5,
    reviewPeriodMonths: 6,
    coPayment: null,
    letters: {
      grant:
        'Lēmums par apmeklējumiem\nPiešķirts pakalpojums "{{service.name}}" no {{decision.startDate}}, ' +
        'apjoms {{decision.volume}}.',
    },
    ...overrides,
  };
}

beforeAll(async () => {
  stack = await startTestStack();
  [worker, supervisor, admin, auditor, bac, cesis, provider, adoption] = await Promise.all([
    stack.login('soc.riga'),
    stack.login('vad.riga'),
    stack.login('admin'),
    stack.login('auditors'),
    stack.login('bac.uzraugs'),
    stack.login('soc.cesis'),
    stack.login('aprupe.riga'),
    stack.login('adopcija.lm'),
  ]);
  const em = stack.orm.em.fork();
  const janis = await em.findOneOrFail(Person, { personalCode: JANIS });
  janisCase = (await em.findOneOrFail(Case, { personId: janis.id, status: 'open' })).id;
  const olga = await em.findOneOrFail(Person, { personalCode: OLGA });
  olgaCase = (await em.findOneOrFail(Case, { personId: olga.id, status: 'open' })).id;
  demoProviderId = (await em.findOneOrFail(Provider, { code: DEMO_PROVIDER.code })).id;
}, 120_000);
afterAll(async () => {
  await stack.close();
});

// ---------------------------------------------------------------------------------------------------------------
describe('service catalogue', () => {
  interface TypeBody {
    code: string;
    version: number;
    active: boolean;
    source: string;
    definition: { code: string; names: { lv: string }; tariffEur: number };
  }

  it('lists the 10 seeded types for every signed-in role', async () => {
    for (const token of [worker, supervisor, admin, auditor, bac, provider, adoption]) {
      const res = await call('GET', '/api/v1/service-types', { token });
      expect(res.status).toBe(200);
      const { items } = await json<{ items: TypeBody[] }>(res);
      const seeded = items.filter((t) => t.source.startsWith('seed:'));
      expect(seeded).toHaveLength(10);
      expect(items.map((t) => t.code)).toContain('home-care');
      expect(items.map((t) => t.code)).toContain('long-term-institutional-care');
    }
    const one = await call('GET', '/api/v1/service-types/home-care', { token: provider });
    expect(one.status).toBe(200);
    expect(await json<TypeBody>(one)).toMatchObject({ code: 'home-care', active: true });
    expect((await call('GET', '/api/v1/service-types/nav-tada', { token: worker })).status).toBe(404);
  });

  it('answers 401 without a token', async () => {
    expect((await call('GET', '/api/v1/service-types')).status).toBe(401);
    expect(
      (await call('POST', '/api/v1/service-types', { json: newTypeDefinition('bez-zetona') })).status,
    ).toBe(401);
    expect(
      (await call('PUT', '/api/v1/service-types/home-care', { json: newTypeDefinition('home-care') })).status,
    ).toBe(401);
  });

  it('refuses social workers and supervisors (403)', async () => {
    for (const token of [worker, supervisor]) {
      expect(
        (await call('POST', '/api/v1/service-types', { token, json: newTypeDefinition('nav-atlauts') }))
          .status,
      ).toBe(403);
      expect(
        (
          await call('PUT', '/api/v1/service-types/home-care', {
            token,
            json: newTypeDefinition('home-care'),
          })
        ).status,
      ).toBe(403);
    }
    const list = await json<{ items: TypeBody[] }>(
      await call('GET', '/api/v1/service-types', { token: admin }),
    );
    expect(list.items.map((t) => t.code)).not.toContain('nav-atlauts');
  });

  it('creates a type (201, version 1), a new version on PUT (200, version 2), 409 on a duplicate code', async () => {
    const created = await call('POST', '/api/v1/service-types', {
      token: admin,
      json: newTypeDefinition('katalogs-tests'),
    });
    expect(created.status).toBe(201);
    expect(await json<TypeBody>(created)).toMatchObject({
      code: 'katalogs-tests',
      version: 1,
      active: true,
      source: 'admin',
      definition: { code: 'katalogs-tests', tariffEur: 12.5 },
    });

    const updated = await call('PUT', '/api/v1/service-types/katalogs-tests', {
      token: admin,
      json: newTypeDefinition('katalogs-tests', { tariffEur: 13.75 }),
    });
    expect(updated.status).toBe(200);
    expect(await json<TypeBody>(updated)).toMatchObject({
      code: 'katalogs-tests',
      version: 2,
      definition: { tariffEur: 13.75 },
    });
    const read = await json<TypeBody>(
      await call('GET', '/api/v1/service-types/katalogs-tests', { token: worker }),
    );
    expect(read).toMatchObject({ version: 2, definition: { tariffEur: 13.75 } });

    const dupe = await call('POST', '/api/v1/service-types', {
      token: admin,
      json: newTypeDefinition('katalogs-tests'),
    });
    expect(dupe.status).toBe(409);
    expect(await errorPaths(dupe)).toEqual(['code']);
  });

  it('answers 422 when a PUT changes the code, 404 for an unknown type', async () => {
    const renamed = await call('PUT', '/api/v1/service-types/katalogs-tests', {
      token: admin,
      json: newTypeDefinition('cits-kods'),
    });
    expect(renamed.status).toBe(422);
    expect(await errorPaths(renamed)).toEqual(['code']);
    const unknown = await call('PUT', '/api/v1/service-types/nav-tada', {
      token: admin,
      json: newTypeDefinition('nav-tada'),
    });
    expect(unknown.status).toBe(404);
  });

  const base = newTypeDefinition('nederigs-tips');
  const fields = base.assessmentForm.fields;
  it.each([
    [
      'a duplicate field key',
      { assessmentForm: { fields: [fields[0], { ...fields[1], key: 'visitsPerWeek' }] } },
      'assessmentForm.fields[1].key',
    ],
    [
      'a select field without options',
      {
        assessmentForm: {
          fields: [
            fields[0],
            { key: 'kind', label: { lv: 'Veids', en: 'Kind' }, type: 'select', required: true },
          ],
        },
      },
      'assessmentForm.fields[1].options',
    ],
    ['a tariff with 3 decimals', { tariffEur: 12.505 }, 'tariffEur'],
    ['an unknown document type', { requiredDocuments: ['application', 'pase'] }, 'requiredDocuments[1]'],
    [
      "'long-term-institutional-care' co-payment without 'vsaa'",
      { coPayment: 'long-term-institutional-care', registryChecks: ['pmlp'] },
      'registryChecks',
    ],
    [
      'a letter with raw output {{{ }}}',
      { letters: { grant: 'Piešķirts {{{service.name}}}' } },
      'letters.grant',
    ],
    [
      'a letter with a broken {{#if}}',
      { letters: { refuse: 'Atteikts {{#if decision.reason}} bez beigām' } },
      'letters.refuse',
    ],
    [
      'a letter with a <script>',
      { letters: { grant: 'Piešķirts<script>alert(1)</script>' } },
      'letters.grant',
    ],
    [
      'a letter with an onerror handler',
      { letters: { refuse: 'Atteikts <b onerror="x()">!</b>' } },
      'letters.refuse',
    ],
    [
      'a letter with a javascript: link',
      { letters: { grant: 'Skatīt <a href="javascript:alert(1)">šeit</a>' } },
      'letters.grant',
    ],
    [
      'a letter with an <iframe>',
      { letters: { grant: 'Piešķirts <iframe src="https://x.lv"></iframe>' } },
      'letters.grant',
    ],
  ])('answers 422 with the path for %s', async (_name, override, path) => {
    const res = await call('POST', '/api/v1/service-types', {
      token: admin,
      json: { ...base, ...override },
    });
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toContain(path);
    // Nothing was stored.
    expect((await call('GET', '/api/v1/service-types/nederigs-tips', { token: admin })).status).toBe(404);
  });

  it('answers 422 for an invalid definition on PUT too', async () => {
    const res = await call('PUT', '/api/v1/service-types/katalogs-tests', {
      token: admin,
      json: newTypeDefinition('katalogs-tests', { tariffEur: 1.001 }),
    });
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual(['tariffEur']);
  });

  it('audits catalogue changes with the version', async () => {
    const entries = await stack.orm.em
      .fork()
      .find(
        AuditEntry,
        { resourceType: 'service-type', resourceId: 'katalogs-tests' },
        { orderBy: { seq: 'asc' } },
      );
    expect(entries.map((e) => [e.actor, e.action, e.outcome])).toEqual([
      ['admin', 'service-type.create', 'success'],
      ['admin', 'service-type.update', 'success'],
      ['admin', 'service-type.create', 'denied'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('home-care lifecycle through the API', () => {
  let sid = '';

  it('refuses an unknown service type (422 serviceType) and roles without service:write (403)', async () => {
    const unknown = await call('POST', `/api/v1/cases/${janisCase}/services`, {
      token: worker,
      json: { serviceType: 'nav-tada' },
    });
    expect(unknown.status).toBe(422);
    expect(await errorPaths(unknown)).toEqual(['serviceType']);
    for (const token of [provider, admin, bac, auditor]) {
      const res = await call('POST', `/api/v1/cases/${janisCase}/services`, {
        token,
        json: { serviceType: 'home-care' },
      });
      expect(res.status).toBe(403);
    }
    const other = await call('POST', `/api/v1/cases/${janisCase}/services`, {
      token: cesis,
      json: { serviceType: 'home-care' },
    });
    expect(other.status).toBe(404);
  });

  it('registers the request (202) and waits for the missing documents with a task and a letter', async () => {
    const res = await call('POST', `/api/v1/cases/${janisCase}/services`, {
      token: worker,
      json: { serviceType: 'home-care', requestedAt: start, notes: 'Pieprasījums no testa' },
    });
    expect(res.status).toBe(202);
    const started = await json<{ id: string; workflowId: string; state: string }>(res);
    sid = started.id;
    expect(started.workflowId).toContain(sid);
    expect(started.state).toBe('intake');

    await waitForState(sid, ['awaiting-documents']);
    const got = await getService(janisCase, sid);
    expect(got.status).toBe(200);
    expect(await json<ServiceBody>(got)).toMatchObject({
      id: sid,
      state: 'awaiting-documents',
      step: 'documents',
    });

    const tasks = await json<{ items: { caseId: string | null; kind: string; state: string }[] }>(
      await call('GET', '/api/v1/tasks', { token: worker }),
    );
    expect(tasks.items).toContainEqual(
      expect.objectContaining({ caseId: janisCase, kind: 'service-documents-missing' }),
    );
    const letters = (await documentsOf(janisCase)).filter((d) =>
      d.title.startsWith('Paziņojums par trūkstošiem dokumentiem'),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]?.type).toBe('letter');

    const list = await json<{ items: { id: string; state: string; serviceType: string }[] }>(
      await call('GET', `/api/v1/cases/${janisCase}/services`, { token: supervisor }),
    );
    expect(list.items).toContainEqual(
      expect.objectContaining({ id: sid, state: 'awaiting-documents', serviceType: 'home-care' }),
    );
  });

  it("hides the service from another municipality's worker (404) and from BAC, auditors and admins (403)", async () => {
    expect((await getService(janisCase, sid, cesis)).status).toBe(404);
    expect((await call('GET', `/api/v1/cases/${janisCase}/services`, { token: cesis })).status).toBe(404);
    for (const token of [bac, auditor, admin]) {
      expect((await getService(janisCase, sid, token)).status).toBe(403);
      expect((await call('GET', `/api/v1/cases/${janisCase}/services`, { token })).status).toBe(403);
    }
    // The wrong case in the path: 404.
    expect((await getService(olgaCase, sid)).status).toBe(404);
  });

  it('rejects an assessment while documents are missing (409)', async () => {
    const res = await call('POST', servicePath(janisCase, sid, '/assessment'), {
      token: worker,
      json: { answers: { selfCareLevel: '2' } },
    });
    expect(res.status).toBe(409);
  });

  it('moves on to the assessment once both documents are uploaded (registry checks run)', async () => {
    const first = await call('POST', `/api/v1/cases/${janisCase}/documents`, {
      token: worker,
      body: upload('application', 'Iesniegums aprūpei mājās'),
    });
    expect(first.status).toBe(201);
    // One document is still missing: once the workflow has handled the upload's signal, it is still waiting.
    const { workflowId } = await stack.orm.em.fork().findOneOrFail(SocialService, { id: sid });
    await signalsHandled(stack.deps.temporal.client, workflowId);
    expect((await json<ServiceBody>(await getService(janisCase, sid))).state).toBe('awaiting-documents');
    expect((await stack.orm.em.fork().findOneOrFail(SocialService, { id: sid })).state).toBe(
      'awaiting-documents',
    );

    const second = await call('POST', `/api/v1/cases/${janisCase}/documents`, {
      token: worker,
      body: upload('medical-opinion', 'Ģimenes ārsta atzinums'),
    });
    expect(second.status).toBe(201);
    await waitForState(sid, ['assessment']);
    const body = await json<ServiceBody>(await getService(janisCase, sid));
    expect(body.state).toBe('assessment');
    expect(Object.keys(body.record?.registryCheck?.registries ?? {}).sort()).toEqual(['pmlp', 'vdeavk']);
    expect(body.assessmentForm).toBeTruthy();

    const tasks = await json<{ items: { caseId: string | null; kind: string; state: string }[] }>(
      await call('GET', '/api/v1/tasks?state=open', { token: worker }),
    );
    expect(
      tasks.items.filter((t) => t.caseId === janisCase && t.kind === 'service-documents-missing'),
    ).toEqual([]);
  });

  it('rejects a grant before the assessment (409)', async () => {
    const res = await call('POST', servicePath(janisCase, sid, '/decision'), {
      token: worker,
      json: { decision: 'grant', volume: 20, providerId: demoProviderId, startDate: start },
    });
    expect(res.status).toBe(409);
  });

  it('answers 422 with answers.<key> paths for invalid answers, then accepts valid ones', async () => {
    const bad = await call('POST', servicePath(janisCase, sid, '/assessment'), {
      token: worker,
      json: {
        answers: {
          selfCareLevel: '9',
          mobility: 'flying',
          livesAlone: 'yes',
          hoursPerWeekNeeded: 41,
          shoeSize: 43,
        },
      },
    });
    expect(bad.status).toBe(422);
    expect((await errorPaths(bad)).sort()).toEqual([
      'answers.hoursPerWeekNeeded',
      'answers.livesAlone',
      'answers.mobility',
      'answers.selfCareLevel',
      'answers.shoeSize',
    ]);
    const missing = await call('POST', servicePath(janisCase, sid, '/assessment'), {
      token: worker,
      json: { answers: { selfCareLevel: '2' } },
    });
    expect(missing.status).toBe(422);
    expect(await errorPaths(missing)).toEqual(
      expect.arrayContaining(['answers.mobility', 'answers.livesAlone', 'answers.hoursPerWeekNeeded']),
    );

    const ok = await call('POST', servicePath(janisCase, sid, '/assessment'), {
      token: worker,
      json: {
        answers: {
          selfCareLevel: '3',
          mobility: 'aid',
          livesAlone: true,
          hoursPerWeekNeeded: 6,
          informalCarer: 'Māsa Inese Testa',
          notes: 'Nepieciešama palīdzība iepirkšanās un uzkopšanas darbos.',
        },
      },
    });
    expect(ok.status).toBe(200);
    await waitForState(sid, ['awaiting-decision']);
    const docs = await documentsOf(janisCase);
    expect(docs).toContainEqual(expect.objectContaining({ type: 'needs-assessment' }));
  });

  it('answers 422 for an invalid grant (end before start, no provider)', async () => {
    const res = await call('POST', servicePath(janisCase, sid, '/decision'), {
      token: worker,
      json: { decision: 'grant', volume: 24, startDate: start, endDate: addDays(start, -1) },
    });
    expect(res.status).toBe(422);
    expect((await errorPaths(res)).sort()).toEqual(['endDate', 'providerId']);
    // A provider that is not in the register (or not active, or not offering the type nearby): refused by its id.
    const unknown = await call('POST', servicePath(janisCase, sid, '/decision'), {
      token: worker,
      json: {
        decision: 'grant',
        volume: 24,
        providerId: '00000000-0000-4000-8000-000000000000',
        startDate: start,
      },
    });
    expect(unknown.status).toBe(422);
    expect(await errorPaths(unknown)).toEqual(['providerId']);
    const volume = await call('POST', servicePath(janisCase, sid, '/decision'), {
      token: worker,
      json: { decision: 'grant', volume: 0, providerId: demoProviderId, startDate: start },
    });
    expect(volume.status).toBe(422);
    expect(await errorPaths(volume)).toEqual(['volume']);
  });

  it('grants the service to the demo provider: active, with a decision letter', async () => {
    const res = await call('POST', servicePath(janisCase, sid, '/decision'), {
      token: worker,
      json: {
        decision: 'grant',
        volume: 24,
        providerId: demoProviderId,
        startDate: start,
        endDate: null,
      },
    });
    expect(res.status).toBe(200);
    await waitForState(sid, ['active']);
    const body = await json<ServiceBody>(await getService(janisCase, sid));
    expect(body).toMatchObject({
      state: 'active',
      decision: 'grant',
      provider: { code: DEMO_PROVIDER.code, name: DEMO_PROVIDER.name },
    });
    expect(body.decisionDocumentId).toBeTruthy();
    const decision = (await documentsOf(janisCase)).find((d) => d.id === body.decisionDocumentId);
    expect(decision).toMatchObject({ type: 'decision' });

    const again = await call('POST', servicePath(janisCase, sid, '/decision'), {
      token: worker,
      json: { decision: 'refuse', reason: 'Otrreiz' },
    });
    expect(again.status).toBe(409);
  });

  it('the seeded home-care grant letter names the service, the start date and the volume', async () => {
    const body = await json<ServiceBody>(await getService(janisCase, sid));
    const html = await documentText(janisCase, body.decisionDocumentId ?? '');
    expect(html).toContain('Aprūpe mājās');
    expect(html).toContain(start);
    expect(html).toContain('24');
  });

  it('records a delivery of the current month (200, listed); 422 over the unit maximum or in a future month', async () => {
    for (const month of serviceMonthsUpToToday.filter((m) => m !== thisMonth)) {
      const previous = await call('POST', servicePath(janisCase, sid, '/deliveries'), {
        token: worker,
        json: { month, units: 14 },
      });
      expect(previous.status).toBe(200);
    }
    const ok = await call('POST', servicePath(janisCase, sid, '/deliveries'), {
      token: worker,
      json: { month: thisMonth, units: 12, note: 'Pirmās dienas' },
    });
    expect(ok.status).toBe(200);
    const body = await json<ServiceBody>(ok);
    expect(body.deliveries).toContainEqual(
      expect.objectContaining({ month: thisMonth, units: 12, revision: 1, recordedBy: 'soc.riga' }),
    );
    expect(body.deliveries.map((d) => d.month)).toEqual(serviceMonthsUpToToday);

    const tooMany = await call('POST', servicePath(janisCase, sid, '/deliveries'), {
      token: worker,
      json: { month: thisMonth, units: 745 },
    });
    expect(tooMany.status).toBe(422);
    expect(await errorPaths(tooMany)).toEqual(['units']);
    const future = await call('POST', servicePath(janisCase, sid, '/deliveries'), {
      token: worker,
      json: { month: addIsoMonths(thisMonth, 1), units: 1 },
    });
    expect(future.status).toBe(422);
    expect(await errorPaths(future)).toEqual(['month']);
    const notAMonth = await call('POST', servicePath(janisCase, sid, '/deliveries'), {
      token: worker,
      json: { month: '2026-13', units: 1 },
    });
    expect(notAMonth.status).toBe(422);
    expect(await errorPaths(notAMonth)).toEqual(['month']);
  });

  it('has no settlement of the running month yet (the month has not ended)', async () => {
    const res = await call('GET', servicePath(janisCase, sid, '/settlements'), { token: worker });
    expect(res.status).toBe(200);
    const { items } = await json<{ items: { month: string }[] }>(res);
    expect(items.filter((i) => i.month === thisMonth)).toEqual([]);
  });

  describe('the provider’s user (aprupe.riga)', () => {
    it('reads the service granted to its provider without the assessment or registry data', async () => {
      const res = await getService(janisCase, sid, provider);
      expect(res.status).toBe(200);
      const text = await res.text();
      const body = JSON.parse(text) as ServiceBody & Record<string, unknown>;
      expect(body).toMatchObject({ id: sid, state: 'active' });
      expect(body.record).toBeUndefined();
      expect(body.assessmentForm).toBeUndefined();
      expect(text).not.toContain('Māsa Inese');
      expect(text).not.toContain('selfCareLevel');
      expect(text).not.toContain('registryCheck');
    });

    it('records (corrects) the delivery of the month', async () => {
      const res = await call('POST', servicePath(janisCase, sid, '/deliveries'), {
        token: provider,
        json: { month: thisMonth, units: 14 },
      });
      expect(res.status).toBe(200);
      const body = await json<ServiceBody>(res);
      expect(body.deliveries).toContainEqual(
        expect.objectContaining({ month: thisMonth, units: 14, revision: 2, recordedBy: 'aprupe.riga' }),
      );
      expect(JSON.stringify(body)).not.toContain('Māsa Inese');
    });

    it('may not decide, assess, terminate or list (403)', async () => {
      const decide = await call('POST', servicePath(janisCase, sid, '/decision'), {
        token: provider,
        json: { decision: 'refuse', reason: 'Nav' },
      });
      expect(decide.status).toBe(403);
      expect(
        (
          await call('POST', servicePath(janisCase, sid, '/termination'), {
            token: provider,
            json: { endDate: today, reason: 'Nav' },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call('POST', servicePath(janisCase, sid, '/assessment'), {
            token: provider,
            json: { answers: {} },
          })
        ).status,
      ).toBe(403);
      expect((await call('GET', `/api/v1/cases/${janisCase}/services`, { token: provider })).status).toBe(
        403,
      );
      expect(
        (await call('GET', servicePath(janisCase, sid, '/settlements'), { token: provider })).status,
      ).toBe(403);
    });
  });

  it('answers 422 for a termination before the start, then terminates: closing letter, final settlement', async () => {
    const early = await call('POST', servicePath(janisCase, sid, '/termination'), {
      token: worker,
      json: { endDate: addDays(start, -1), reason: 'Klients atsakās' },
    });
    expect(early.status).toBe(422);
    expect(await errorPaths(early)).toEqual(['endDate']);

    const res = await call('POST', servicePath(janisCase, sid, '/termination'), {
      token: worker,
      json: { endDate: yesterday, reason: 'Klients pārceļas pie radiniekiem' },
    });
    expect(res.status).toBe(200);
    await waitForState(sid, ['closed']);
    const body = await json<ServiceBody>(await getService(janisCase, sid));
    expect(body.state).toBe('closed');
    const closing = (await documentsOf(janisCase)).filter((d) =>
      d.title.startsWith('Paziņojums par sociālā pakalpojuma izbeigšanu'),
    );
    expect(closing).toHaveLength(1);

    const again = await call('POST', servicePath(janisCase, sid, '/termination'), {
      token: worker,
      json: { endDate: yesterday, reason: 'Vēlreiz' },
    });
    expect(again.status).toBe(409);

    // The month of the end is settled for good: 14 hours × 9.50 EUR, paid by the municipality.
    const endMonth = isoMonthOf(yesterday);
    const settlements = await json<{ items: Record<string, unknown>[] }>(
      await call('GET', servicePath(janisCase, sid, '/settlements'), { token: supervisor }),
    );
    expect(settlements.items.map((i) => i.month)).toEqual(
      serviceMonthsUpToToday.filter((m) => m <= endMonth),
    );
    expect(settlements.items).toContainEqual(
      expect.objectContaining({
        serviceId: sid,
        month: endMonth,
        units: 14,
        unit: 'hour',
        tariffEur: 9.5,
        costEur: 133,
        clientPaysEur: 0,
        funderPaysEur: 133,
        final: true,
      }),
    );
    const month = await json<{ month: string; items: { serviceId: string }[] }>(
      await call('GET', `/api/v1/settlements?month=${endMonth}`, { token: supervisor }),
    );
    expect(month.items.map((i) => i.serviceId)).toContain(sid);
    const csv = await call('GET', `/api/v1/settlements?month=${endMonth}`, {
      token: supervisor,
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(sid);
    expect(lines[1]).toContain('133.00');
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('a service type created through the API, used end to end', () => {
  const code = 'draudzigie-apmekl';
  let sid = '';

  it('is created by the administrator and requested for a client (no required documents, no registries)', async () => {
    const created = await call('POST', '/api/v1/service-types', {
      token: admin,
      json: newTypeDefinition(code),
    });
    expect(created.status).toBe(201);
    const res = await call('POST', `/api/v1/cases/${olgaCase}/services`, {
      token: worker,
      json: { serviceType: code, requestedAt: start },
    });
    expect(res.status).toBe(202);
    sid = (await json<{ id: string }>(res)).id;
    await waitForState(sid, ['assessment']);
    const body = await json<ServiceBody & { serviceTypeNames: { lv: string }; unit: string }>(
      await getService(olgaCase, sid),
    );
    expect(body).toMatchObject({
      state: 'assessment',
      serviceTypeNames: { lv: 'Draudzīgie apmeklējumi' },
      unit: 'visit',
    });
  });

  it('validates the answers against its own form and is granted to another provider', async () => {
    const bad = await call('POST', servicePath(olgaCase, sid, '/assessment'), {
      token: worker,
      json: { answers: { visitsPerWeek: 8, loneliness: 'medium' } },
    });
    expect(bad.status).toBe(422);
    expect((await errorPaths(bad)).sort()).toEqual(['answers.loneliness', 'answers.visitsPerWeek']);
    const ok = await call('POST', servicePath(olgaCase, sid, '/assessment'), {
      token: worker,
      json: { answers: { visitsPerWeek: 2, loneliness: 'high' } },
    });
    expect(ok.status).toBe(200);
    await waitForState(sid, ['awaiting-decision']);

    // The provider of the new type is registered by LM first (issue 22: grants choose from the register).
    const lm = await stack.login('lm.specialists');
    const applied = await call('POST', '/api/v1/providers/applications', {
      token: lm,
      json: {
        legalName: 'Biedrība "Cits sniedzējs"',
        registrationNo: '40008000001',
        addresses: [
          {
            address: 'Brīvības iela 1, Rīga',
            municipalityAtvk: '0001000',
            services: [{ serviceType: code, capacity: 20 }],
          },
        ],
      },
    });
    expect(applied.status).toBe(201);
    const applicationId = (await json<{ id: string }>(applied)).id;
    const registered = await call('POST', `/api/v1/providers/applications/${applicationId}/decision`, {
      token: lm,
      json: { decision: 'register', decidedOn: rigaToday() },
    });
    expect(registered.status).toBe(200);
    const { providerId } = await json<{ providerId: string }>(registered);
    const grant = await call('POST', servicePath(olgaCase, sid, '/decision'), {
      token: supervisor,
      json: { decision: 'grant', volume: 8, providerId, startDate: start },
    });
    expect(grant.status).toBe(200);
    await waitForState(sid, ['active']);
    const body = await json<ServiceBody>(await getService(olgaCase, sid));
    expect(body).toMatchObject({
      state: 'active',
      decision: 'grant',
      provider: { code: 'SP-40008000001', name: 'Biedrība "Cits sniedzējs"' },
    });
    // The type's own grant letter was used.
    const html = await documentText(olgaCase, body.decisionDocumentId ?? '');
    expect(html).toContain('Draudzīgie apmeklējumi');
    expect(html).toContain(start);
  });

  it('has no settlements (GET …/settlements → {items: []})', async () => {
    const res = await call('GET', servicePath(olgaCase, sid, '/settlements'), { token: supervisor });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [] });
  });

  it('keeps its version when the type changes later', async () => {
    const put = await call('PUT', `/api/v1/service-types/${code}`, {
      token: admin,
      json: newTypeDefinition(code, { tariffEur: 20 }),
    });
    expect(put.status).toBe(200);
    const list = await json<{ items: { id: string; serviceTypeVersion: number }[] }>(
      await call('GET', `/api/v1/cases/${olgaCase}/services`, { token: worker }),
    );
    expect(list.items.find((s) => s.id === sid)?.serviceTypeVersion).toBe(1);
  });

  it("is invisible to the demo provider's user (404), who cannot record its deliveries either", async () => {
    expect((await getService(olgaCase, sid, provider)).status).toBe(404);
    const res = await call('POST', servicePath(olgaCase, sid, '/deliveries'), {
      token: provider,
      json: { month: thisMonth, units: 1 },
    });
    expect(res.status).toBe(404);
  });

  it('ends (cleanup): the request is terminated and closes', async () => {
    const res = await call('POST', servicePath(olgaCase, sid, '/termination'), {
      token: worker,
      json: { endDate: yesterday, reason: 'Testa beigas' },
    });
    expect(res.status).toBe(200);
    await waitForState(sid, ['closing', 'closed']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('GET /api/v1/settlements', () => {
  const HEADER =
    'month,serviceType,serviceId,caseId,units,unit,tariffEur,costEur,clientPaysEur,funderPaysEur,funder,clientCapEur,legalBasis,final';

  it('answers the supervisor in JSON and, with Accept: text/csv, in CSV with the header row', async () => {
    const res = await call('GET', '/api/v1/settlements?month=2026-03', { token: supervisor });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ month: '2026-03', items: [] });
    const csv = await call('GET', '/api/v1/settlements?month=2026-03', {
      token: supervisor,
      headers: { accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('2026-03');
    expect(await csv.text()).toBe(`${HEADER}\r\n`);
  });

  it('refuses everyone else (403) and no token (401)', async () => {
    for (const token of [worker, provider, admin, auditor, bac]) {
      expect((await call('GET', '/api/v1/settlements?month=2026-03', { token })).status).toBe(403);
    }
    expect((await call('GET', '/api/v1/settlements?month=2026-03')).status).toBe(401);
  });

  it.each(['2026-13', '2026-3', 'marts', ''])('answers 422 for the month %p', async (month) => {
    const res = await call('GET', `/api/v1/settlements?month=${month}`, { token: supervisor });
    expect(res.status).toBe(422);
    expect((await errorPaths(res)).join()).toContain('month');
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('audit', () => {
  interface Entry {
    actor: string;
    action: string;
    outcome: string;
    resourceId: string | null;
  }

  async function caseAudit(caseId: string, token: string): Promise<Entry[]> {
    const out: Entry[] = [];
    let after: number | null = null;
    for (;;) {
      const res = await call(
        'GET',
        `/api/v1/audit?caseId=${caseId}&limit=500${after === null ? '' : `&afterSeq=${after}`}`,
        { token },
      );
      expect(res.status).toBe(200);
      const page = await json<{ items: Entry[]; nextAfterSeq: number | null }>(res);
      out.push(...page.items);
      if (page.nextAfterSeq === null) return out;
      after = page.nextAfterSeq;
    }
  }

  it('records the reads and changes of the services, visible to auditors and the supervisor', async () => {
    const entries = await caseAudit(janisCase, auditor);
    const seen = (actor: string, action: string, outcome = 'success') =>
      entries.some((e) => e.actor === actor && e.action === action && e.outcome === outcome);
    expect(seen('soc.riga', 'social-service.start')).toBe(true);
    expect(seen('soc.riga', 'social-service.read')).toBe(true);
    expect(seen('vad.riga', 'social-service.list')).toBe(true);
    expect(seen('soc.riga', 'social-service.assess')).toBe(true);
    expect(seen('soc.riga', 'social-service.assess', 'denied')).toBe(true);
    expect(seen('soc.riga', 'social-service.decide')).toBe(true);
    expect(seen('soc.riga', 'social-service.decide', 'denied')).toBe(true);
    expect(seen('soc.riga', 'social-service.delivery')).toBe(true);
    expect(seen('aprupe.riga', 'social-service.read')).toBe(true);
    expect(seen('aprupe.riga', 'social-service.delivery')).toBe(true);
    expect(seen('soc.riga', 'social-service.terminate')).toBe(true);
    expect(seen('vad.riga', 'social-service.settlements.read')).toBe(true);

    const bySupervisor = await caseAudit(janisCase, supervisor);
    expect(bySupervisor.some((e) => e.action === 'social-service.start')).toBe(true);
    expect((await call('GET', `/api/v1/audit?caseId=${janisCase}`, { token: worker })).status).toBe(403);
  });

  it('records denied look-ups and the settlement lists', async () => {
    const em = stack.orm.em.fork();
    const notFound = await em.find(AuditEntry, {
      actor: { $in: ['soc.cesis', 'aprupe.riga'] },
      action: { $like: 'social-service.%' },
      outcome: 'not-found',
    });
    expect(notFound.map((e) => e.actor).sort()).toEqual(expect.arrayContaining(['aprupe.riga', 'soc.cesis']));
    expect(await em.count(AuditEntry, { actor: 'vad.riga', action: 'settlement.list' })).toBeGreaterThan(0);
  });

  it('never puts a personal code in a URL or in the audit log', async () => {
    expect(calledUrls.length).toBeGreaterThan(50);
    const codes = (await stack.orm.em.fork().find(Person, {})).map((p) => p.personalCode);
    expect(codes).toEqual(expect.arrayContaining([JANIS, OLGA]));
    for (const url of calledUrls) {
      for (const code of codes) {
        expect(url).not.toContain(code);
        expect(url).not.toContain(code.replace('-', ''));
      }
    }
    const text = JSON.stringify(await stack.orm.em.fork().find(AuditEntry, {}));
    for (const code of codes) expect(text).not.toContain(code);
  });
});
