/**
 * Routes × every role: allowed roles get the exact success status /openapi.json documents for the operation (or
 * the status the route's `expect` names, with the reason), other roles get 403, another municipality's worker gets
 * 404 for case routes, and nobody gets anything without a token. Every GET × every role is generated from the
 * document in read-audit-and-scope.test.ts; every object route in object-access-matrix.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Case, Document, Person, User } from '../../infra/db/entities/index.js';
import { hashPassword } from '../../infra/db/seed.js';
import { newId } from '../../infra/ids.js';
import type { Role } from '../../domain/access/roles.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { pdfBytes } from '../helpers/files.js';
// Social services (issue 6): the matrix's service, a row without a workflow (the API answers from the row).
import { Provider, SocialService } from '../../infra/db/entities/index.js';

const USERS: Record<Role, string> = {
  social_worker: 'soc.riga',
  supervisor: 'vad.riga',
  bac_inspector: 'bac.uzraugs',
  adoption_specialist: 'adopcija.lm',
  auditor: 'auditors',
  admin: 'admin',
  integrator: 'dms.riga',
  service_provider: 'aprupe.riga',
  org_hr: 'hr.riga',
  lm_specialist: 'lm.specialists',
  provider_admin: 'sniedzejs.admin',
  lm_analyst: 'lm.analitikis',
  rehab_coordinator: 'rehab.koord',
};

type Ctx = { caseId: string; personId: string; docId: string };
interface RouteCase {
  name: string;
  allowed: Role[];
  /** The exact status for allowed roles when it is not the documented 2xx (the request is refused for its data). */
  expect?: number | Partial<Record<Role, number>>;
  /** Case-scoped: a worker of another municipality must get 404. */
  scoped?: boolean;
  call(stack: TestStack, token: string | undefined, ctx: Ctx): Promise<Response>;
}

const upload = () => {
  const f = new FormData();
  f.append('title', 'Matrica');
  f.append('type', 'other');
  f.append('file', new Blob([new Uint8Array(pdfBytes('matrix'))]), 'm.pdf');
  return f;
};

/** The service of the demo case granted to the demo provider, created in beforeAll. */
const serviceCtx = { serviceId: '' };
/** The demo provider of the register (issue 22). */
const providerCtx = { id: '' };
/** A body the register refuses for its data (a service type not in the catalogue): 422 for the allowed roles. */
const NOT_IN_CATALOGUE = [
  {
    address: 'Matricas iela 1',
    municipalityAtvk: '0001000',
    services: [{ serviceType: 'matrica-nav', capacity: 1 }],
  },
];

const ROUTES: RouteCase[] = [
  // Care queue (issue 22): workers request for their clients, LM decides and offers, answers by either.
  {
    name: 'POST /care-queue/requests',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    // Home care is not a queue type: 422 for the allowed roles, nothing submitted.
    expect: 422,
    call: (s, t, c) =>
      s.request('POST', '/api/v1/care-queue/requests', {
        token: t,
        json: { caseId: c.caseId, serviceType: 'home-care', region: 'riga' },
      }),
  },
  {
    name: 'POST /care-queue/requests/{id}/decision',
    allowed: ['lm_specialist'],
    expect: 404,
    call: (s, t) =>
      s.request('POST', `/api/v1/care-queue/requests/${newId()}/decision`, {
        token: t,
        json: { decision: 'refuse', reason: 'Matrica' },
      }),
  },
  {
    name: 'GET /care-queue?serviceType&region',
    allowed: ['social_worker', 'supervisor', 'lm_specialist', 'provider_admin'],
    call: (s, t) =>
      s.request('GET', '/api/v1/care-queue?serviceType=long-term-institutional-care&region=riga', {
        token: t,
      }),
  },
  {
    name: 'POST /care-queue/offers',
    allowed: ['lm_specialist'],
    // A provider id naming nothing: 422, nothing offered.
    expect: 422,
    call: (s, t) =>
      s.request('POST', '/api/v1/care-queue/offers', {
        token: t,
        json: { serviceType: 'long-term-institutional-care', region: 'riga', providerId: newId() },
      }),
  },
  {
    name: 'POST /care-queue/offers/{id}/answer',
    allowed: ['social_worker', 'supervisor', 'lm_specialist'],
    expect: 404,
    call: (s, t) =>
      s.request('POST', `/api/v1/care-queue/offers/${newId()}/answer`, { token: t, json: { accept: true } }),
  },
  // Provider register (issue 22): LM decides; a provider's user applies for its own provider; workers read it.
  {
    name: 'POST /providers/applications',
    allowed: ['lm_specialist', 'provider_admin'],
    expect: 422,
    call: (s, t) =>
      s.request('POST', '/api/v1/providers/applications', {
        token: t,
        json: { legalName: 'Matrica SIA', registrationNo: '40000000000', addresses: NOT_IN_CATALOGUE },
      }),
  },
  {
    name: 'GET /providers/applications',
    allowed: ['lm_specialist', 'provider_admin'],
    call: (s, t) => s.request('GET', '/api/v1/providers/applications', { token: t }),
  },
  {
    name: 'POST /providers/applications/{id}/decision',
    allowed: ['lm_specialist'],
    // An id naming no application: 404 for LM, nothing decided.
    expect: 404,
    call: (s, t) =>
      s.request('POST', `/api/v1/providers/applications/${newId()}/decision`, {
        token: t,
        json: { decision: 'refuse', reason: 'Matrica', decidedOn: '2026-01-05' },
      }),
  },
  {
    name: 'GET /providers/{id}',
    allowed: ['social_worker', 'supervisor', 'lm_specialist', 'provider_admin'],
    call: (s, t) => s.request('GET', `/api/v1/providers/${providerCtx.id}`, { token: t }),
  },
  {
    name: 'POST /providers/{id}/applications',
    allowed: ['lm_specialist', 'provider_admin'],
    expect: 422,
    call: (s, t) =>
      s.request('POST', `/api/v1/providers/${providerCtx.id}/applications`, {
        token: t,
        json: { kind: 'change', addresses: NOT_IN_CATALOGUE },
      }),
  },
  {
    name: 'POST /providers/{id}/withdrawal',
    allowed: ['lm_specialist', 'provider_admin'],
    // Not a date: 422, so the demo provider is not withdrawn.
    expect: 422,
    call: (s, t) =>
      s.request('POST', `/api/v1/providers/${providerCtx.id}/withdrawal`, {
        token: t,
        json: { effectiveOn: '2026-02-30' },
      }),
  },
  {
    name: 'PUT /providers/{id}/free-places',
    allowed: ['lm_specialist', 'provider_admin'],
    // A type the demo provider does not offer: 422.
    expect: 422,
    call: (s, t) =>
      s.request('PUT', `/api/v1/providers/${providerCtx.id}/free-places`, {
        token: t,
        json: { serviceType: 'matrica-nav', freePlaces: 1 },
      }),
  },
  // Specialists register (issue 19): BAC oversees, an organisation's HR keeps its own staff.
  {
    name: 'GET /specialists',
    allowed: ['bac_inspector', 'org_hr'],
    call: (s, t) => s.request('GET', '/api/v1/specialists', { token: t }),
  },
  {
    name: 'POST /specialists/organisations',
    allowed: ['bac_inspector'],
    call: (s, t) =>
      s.request('POST', '/api/v1/specialists/organisations', {
        token: t,
        json: {
          name: `Matricas organizācija ${Math.random().toString(36).slice(2, 8)}`,
          kind: 'other',
          municipalityAtvk: null,
          registrationNo: `M-${Math.random().toString(36).slice(2, 10)}`,
        },
      }),
  },
  {
    name: 'GET /specialists/compliance',
    allowed: ['bac_inspector'],
    call: (s, t) => s.request('GET', '/api/v1/specialists/compliance', { token: t }),
  },
  // Statistical reports (issue 20): the municipality's supervisor and the Ministry's analyst read; the
  // municipality submits. Scope (another municipality's supervisor 404): tests/integration/reports-api.test.ts.
  {
    name: 'GET /reports/{form}?municipality&period',
    allowed: ['supervisor', 'lm_analyst'],
    call: (s, t) =>
      s.request('GET', '/api/v1/reports/social-assistance-monthly?municipality=0001000&period=2026-01', {
        token: t,
      }),
  },
  {
    name: 'POST /reports/{form}/submissions',
    allowed: ['supervisor'],
    call: (s, t) =>
      s.request('POST', '/api/v1/reports/social-services-annual/submissions', {
        token: t,
        json: { municipality: '0001000', period: '2025' },
      }),
  },
  {
    name: 'GET /reports/{form}/submissions/{id}',
    // The matrix names a submission that does not exist.
    expect: 404,
    allowed: ['supervisor', 'lm_analyst'],
    call: (s, t) =>
      s.request('GET', `/api/v1/reports/social-services-annual/submissions/${newId()}`, { token: t }),
  },
  // Victim rehabilitation (issue 20): the matrix's service is home care, not a rehabilitation service (409).
  {
    name: 'POST /cases/{id}/services/{sid}/rehabilitation-sessions',
    expect: 409,
    allowed: ['social_worker', 'supervisor', 'service_provider'],
    scoped: true,
    call: (s, t, c) =>
      s.request(
        'POST',
        `/api/v1/cases/${c.caseId}/services/${serviceCtx.serviceId}/rehabilitation-sessions`,
        {
          token: t,
          json: { date: '2026-03-10', form: 'consultation', specialistKind: 'psychologist', minutes: 45 },
        },
      ),
  },
  {
    name: 'PUT /cases/{id}/services/{sid}/rehabilitation-course',
    expect: 409,
    allowed: ['social_worker', 'supervisor', 'service_provider'],
    scoped: true,
    call: (s, t, c) =>
      s.request('PUT', `/api/v1/cases/${c.caseId}/services/${serviceCtx.serviceId}/rehabilitation-course`, {
        token: t,
        json: { harmKind: 'physical' },
      }),
  },
  {
    name: 'GET /rehabilitation/sessions?from&to',
    allowed: ['rehab_coordinator'],
    call: (s, t) =>
      s.request('GET', '/api/v1/rehabilitation/sessions?from=2026-01-01&to=2026-12-31', { token: t }),
  },
  {
    name: 'GET /municipalities',
    allowed: [
      'social_worker',
      'supervisor',
      'bac_inspector',
      'adoption_specialist',
      'auditor',
      'admin',
      'integrator',
      'service_provider',
      'org_hr',
      'lm_specialist',
      'provider_admin',
      'lm_analyst',
      'rehab_coordinator',
    ],
    call: (s, t) => s.request('GET', '/api/v1/municipalities', { token: t }),
  },
  {
    name: 'POST /persons',
    allowed: ['social_worker', 'supervisor', 'adoption_specialist'],
    call: (s, t) =>
      s.request('POST', '/api/v1/persons', {
        token: t,
        json: { personalCode: '300999-10001', firstName: 'Matrica', lastName: 'Tests' },
      }),
  },
  {
    name: 'POST /persons/search',
    allowed: ['social_worker', 'supervisor', 'adoption_specialist'],
    call: (s, t) =>
      s.request('POST', '/api/v1/persons/search', { token: t, json: { personalCode: '140384-19729' } }),
  },
  {
    name: 'GET /persons/{id}',
    allowed: ['social_worker', 'supervisor', 'adoption_specialist'],
    call: (s, t, c) => s.request('GET', `/api/v1/persons/${c.personId}`, { token: t }),
  },
  {
    name: 'GET /cases',
    allowed: ['social_worker', 'supervisor'],
    call: (s, t) => s.request('GET', '/api/v1/cases', { token: t }),
  },
  {
    name: 'POST /cases',
    // The matrix's client already has an open case in Rīga: refused for its data (409), nothing opened.
    expect: 409,
    allowed: ['social_worker', 'supervisor'],
    call: (s, t, c) => s.request('POST', '/api/v1/cases', { token: t, json: { personId: c.personId } }),
  },
  {
    name: 'GET /cases/{id}',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    call: (s, t, c) => s.request('GET', `/api/v1/cases/${c.caseId}`, { token: t }),
  },
  {
    name: 'GET /cases/{id}/events',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    call: (s, t, c) => s.request('GET', `/api/v1/cases/${c.caseId}/events`, { token: t }),
  },
  {
    name: 'GET /cases/{id}/documents',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    call: (s, t, c) => s.request('GET', `/api/v1/cases/${c.caseId}/documents`, { token: t }),
  },
  {
    name: 'POST /cases/{id}/documents',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    call: (s, t, c) => s.request('POST', `/api/v1/cases/${c.caseId}/documents`, { token: t, body: upload() }),
  },
  {
    name: 'GET /cases/{id}/documents/{docId}/content',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    call: (s, t, c) =>
      s.request('GET', `/api/v1/cases/${c.caseId}/documents/${c.docId}/content`, { token: t }),
  },
  {
    name: 'GET /cases/{id}/documents/{docId}/versions',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    call: (s, t, c) =>
      s.request('GET', `/api/v1/cases/${c.caseId}/documents/${c.docId}/versions`, { token: t }),
  },
  {
    name: 'POST /cases/{id}/documents/{docId}/versions',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    call: (s, t, c) =>
      s.request('POST', `/api/v1/cases/${c.caseId}/documents/${c.docId}/versions`, {
        token: t,
        body: upload(),
      }),
  },
  {
    name: 'POST /cases/{id}/registry-checks',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    call: (s, t, c) =>
      s.request('POST', `/api/v1/cases/${c.caseId}/registry-checks`, {
        token: t,
        json: { registries: ['nva'] },
      }),
  },
  {
    name: 'GET /cases/{id}/registry-checks/latest',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    call: (s, t, c) => s.request('GET', `/api/v1/cases/${c.caseId}/registry-checks/latest`, { token: t }),
  },
  {
    name: 'POST /cases/{id}/household-members',
    expect: 422,
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    // The client themself: 422 for the allowed roles, so nothing is added.
    call: (s, t, c) =>
      s.request('POST', `/api/v1/cases/${c.caseId}/household-members`, {
        token: t,
        json: { personId: c.personId, reason: 'Matrica' },
      }),
  },
  {
    name: 'GET /cases/{id}/household-members',
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    call: (s, t, c) => s.request('GET', `/api/v1/cases/${c.caseId}/household-members`, { token: t }),
  },
  {
    name: 'GET /service-types',
    allowed: [
      'social_worker',
      'supervisor',
      'bac_inspector',
      'adoption_specialist',
      'auditor',
      'admin',
      'integrator',
      'service_provider',
      'org_hr',
      'lm_specialist',
      'provider_admin',
      'lm_analyst',
      'rehab_coordinator',
    ],
    call: (s, t) => s.request('GET', '/api/v1/service-types', { token: t }),
  },
  // Open data (issue 23): publishing a release is the administrators' action (200: the release, new or unchanged);
  // reading it is public under /atvertie-dati (screens, CSV, JSON-LD; outside /api/v1, tested in open-data.test.ts).
  {
    name: 'POST /open-data/releases',
    allowed: ['admin'],
    call: (s, t) => s.request('POST', '/api/v1/open-data/releases', { token: t, json: { note: null } }),
  },
  {
    name: 'POST /service-types',
    expect: 422,
    allowed: ['admin'],
    // An empty definition: the admin gets 422 about the data, everyone else 403.
    call: (s, t) => s.request('POST', '/api/v1/service-types', { token: t, json: {} }),
  },
  {
    name: 'POST /cases/{id}/services',
    expect: 422,
    allowed: ['social_worker', 'supervisor'],
    scoped: true,
    // An unknown type: 422 for the allowed roles, so no workflow is started.
    call: (s, t, c) =>
      s.request('POST', `/api/v1/cases/${c.caseId}/services`, {
        token: t,
        json: { serviceType: 'matrica-nav' },
      }),
  },
  {
    name: 'GET /cases/{id}/services/{sid}',
    allowed: ['social_worker', 'supervisor', 'service_provider'],
    scoped: true,
    call: (s, t, c) =>
      s.request('GET', `/api/v1/cases/${c.caseId}/services/${serviceCtx.serviceId}`, { token: t }),
  },
  {
    name: 'GET /settlements',
    allowed: ['supervisor'],
    call: (s, t) => s.request('GET', '/api/v1/settlements?month=2026-03', { token: t }),
  },
  {
    name: 'GET /audit?caseId',
    allowed: ['supervisor', 'auditor'],
    call: (s, t, c) => s.request('GET', `/api/v1/audit?caseId=${c.caseId}`, { token: t }),
  },
  {
    name: 'GET /audit?personId',
    allowed: ['supervisor', 'auditor'],
    call: (s, t, c) => s.request('GET', `/api/v1/audit?personId=${c.personId}`, { token: t }),
  },
  {
    name: 'GET /audit/verify',
    allowed: ['auditor', 'admin'],
    call: (s, t) => s.request('GET', '/api/v1/audit/verify', { token: t }),
  },
];

let stack: TestStack;
const tokens = {} as Record<Role, string>;
let otherMunicipality: string;
const ctx: Ctx = { caseId: '', personId: '', docId: '' };

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  const em = stack.orm.em.fork();
  em.create(User, {
    id: newId(),
    username: 'dms.riga',
    displayName: 'Namejs integrācija',
    passwordHash: await hashPassword('demo'),
    externalId: null,
    role: 'integrator',
    municipalityCode: '0001000',
    active: true,
    createdAt: new Date(),
  });
  await em.flush();
  for (const [role, username] of Object.entries(USERS)) tokens[role as Role] = await stack.login(username);
  otherMunicipality = await stack.login('soc.cesis');
  const person = await em.findOneOrFail(Person, { personalCode: '140384-19729' });
  ctx.personId = person.id;
  ctx.caseId = (await em.findOneOrFail(Case, { personId: person.id })).id;
  const res = await stack.request('POST', `/api/v1/cases/${ctx.caseId}/documents`, {
    token: tokens.social_worker,
    body: upload(),
  });
  ctx.docId = ((await res.json()) as { id: string }).id;
  expect(await em.count(Document, { id: ctx.docId })).toBe(1);
  providerCtx.id = (await em.findOneOrFail(Provider, { code: 'RSD-APRUPE' })).id;
  serviceCtx.serviceId = newId();
  const now = new Date();
  em.create(SocialService, {
    id: serviceCtx.serviceId,
    caseId: ctx.caseId,
    municipalityCode: '0001000',
    serviceTypeCode: 'home-care',
    serviceTypeVersion: 1,
    workflowId: `social-service-matrix-${serviceCtx.serviceId}`,
    state: 'active',
    active: true,
    requestedAt: '2026-03-02',
    decisionDeadline: '2026-04-02',
    nextDeadline: null,
    nextDeadlineKind: null,
    decision: 'grant',
    providerCode: 'RSD-APRUPE',
    providerName: 'Rīgas Sociālais dienests: Aprūpes birojs',
    volume: 10,
    startDate: '2026-03-02',
    endDate: null,
    nextReviewDate: null,
    decisionDocumentId: null,
    notes: null,
    startedBy: 'soc.riga',
    createdAt: now,
    updatedAt: now,
  });
  await em.flush();
});
afterAll(async () => {
  await stack.close();
});

/** The documented 2xx of an operation named like "GET /cases/{id}" (a query string after `?` is left out). */
async function documentedSuccess(name: string): Promise<number> {
  openapi ??= (await (await stack.request('GET', '/openapi.json')).json()) as typeof openapi;
  const [method, path] = name.split(' ') as [string, string];
  const real = `/api/v1${path.split('?')[0]}`;
  const entry = Object.entries(openapi?.paths ?? {}).find(
    ([p, ops]) =>
      p.replace(/^\/api\/v1\/cases\/api\/v1\/cases\//, '/api/v1/cases/') === real &&
      method.toLowerCase() in ops,
  );
  const codes = Object.keys(entry?.[1][method.toLowerCase()]?.responses ?? {}).filter((c) =>
    c.startsWith('2'),
  );
  if (codes.length !== 1) throw new Error(`${name}: documented 2xx ${JSON.stringify(codes)}`);
  return Number(codes[0]);
}
let openapi: { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> } | undefined;

describe.each(ROUTES)('$name', (route) => {
  it.each(Object.keys(USERS) as Role[])('as %s', async (role) => {
    const res = await route.call(stack, tokens[role], ctx);
    const text = await res.text();
    if (route.allowed.includes(role)) {
      const override = typeof route.expect === 'number' ? route.expect : route.expect?.[role];
      const expected = override ?? (await documentedSuccess(route.name));
      expect({ status: res.status, body: res.status === expected ? '' : text }).toEqual({
        status: expected,
        body: '',
      });
    } else {
      expect(res.status).toBe(403);
    }
  });

  it('without a token → 401', async () => {
    const res = await route.call(stack, undefined, ctx);
    expect(res.status).toBe(401);
  });

  if (route.scoped) {
    it("as another municipality's worker → 404", async () => {
      const res = await route.call(stack, otherMunicipality, ctx);
      expect(res.status).toBe(404);
    });
  }
});

// The public provider register (issue 22): no sign-in needed, the same answer for everyone.
describe('GET /public/providers (public)', () => {
  it.each([...(Object.keys(USERS) as Role[]), 'without a token'])('as %s → 200', async (role) => {
    const token = role in tokens ? tokens[role as Role] : undefined;
    const res = await stack.request('GET', '/api/v1/public/providers', { token });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
  });
});
