/**
 * Promises: "every read of personal data is audited" and "scope on every route" (for the reads). Generated from /openapi.json: every GET under /api/v1 is
 * either a personal-data read (called here with real objects by a role allowed to read it: it must answer and add an
 * audit entry naming the reader) or listed in NOT_PERSONAL with the reason. A new GET route in neither list fails
 * the first test, so a read route cannot be added without an audit entry or a stated reason.
 * The second part calls every GET as every role with the same objects and asserts the exact status: 200 (as the
 * document says) for a role holding the route's permission unless EXPECTED names a data-scope rule, 403 otherwise
 * (the adoption register hides itself: 404).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEntry, Provider, User } from '../../infra/db/entities/index.js';
import { hashPassword } from '../../infra/db/seed.js';
import { newId } from '../../infra/ids.js';
import { ROLES, can, type Permission, type Role } from '../../domain/access/roles.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import type { Kind, Objects } from './support/object-matrix.js';
import { code, createObjects, ok } from './support/objects.js';

const RIGA = '0001000';
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
const month = new Date().toISOString().slice(0, 7);

interface Read {
  role: Role;
  /** Query string added to the path. */
  query?: (o: Objects) => string;
  /** The status expected; objects that need a running workflow are named by an id that names nothing (404). */
  status?: number;
}

/** Every GET that returns personal data, with who reads it. */
const PERSONAL: Record<string, Read> = {
  'GET /api/v1/adoption/adopters': { role: 'adoption_specialist' },
  'GET /api/v1/adoption/adopters/{id}': { role: 'adoption_specialist' },
  'GET /api/v1/adoption/children': { role: 'adoption_specialist' },
  'GET /api/v1/adoption/children/{id}': { role: 'adoption_specialist' },
  'GET /api/v1/adoption/children/{id}/candidates': { role: 'adoption_specialist' },
  'GET /api/v1/adoption/export/pseudonymised': { role: 'adoption_specialist' },
  'GET /api/v1/adoption/matches/{id}': { role: 'adoption_specialist', status: 404 },
  'GET /api/v1/alerts': { role: 'supervisor' },
  'GET /api/v1/audit': { role: 'auditor', query: (o) => `caseId=${o.case}` },
  'GET /api/v1/cases': { role: 'social_worker' },
  'GET /api/v1/cases/{id}': { role: 'social_worker' },
  'GET /api/v1/cases/{id}/documents': { role: 'social_worker' },
  'GET /api/v1/cases/{id}/documents/{docId}/content': { role: 'social_worker' },
  'GET /api/v1/cases/{id}/documents/{docId}/versions': { role: 'social_worker' },
  'GET /api/v1/cases/{id}/events': { role: 'social_worker' },
  'GET /api/v1/cases/{id}/household-members': { role: 'social_worker' },
  // No check has run (that needs the worker): the refused read is audited as not-found.
  'GET /api/v1/cases/{id}/registry-checks/latest': { role: 'social_worker', status: 404 },
  'GET /api/v1/cases/{id}/services': { role: 'social_worker' },
  'GET /api/v1/cases/{id}/services/{sid}': { role: 'social_worker' },
  'GET /api/v1/cases/{id}/services/{sid}/settlements': { role: 'social_worker' },
  'GET /api/v1/means-tests/expiring': { role: 'supervisor' },
  'GET /api/v1/means-tests/{id}': { role: 'social_worker' },
  'GET /api/v1/oversight/orphan-courts/{atvk}/cases': { role: 'bac_inspector' },
  // The placement's case is not a BARIS case of the court: the refused read is audited as not-found.
  'GET /api/v1/oversight/orphan-courts/{atvk}/cases/{caseId}': { role: 'bac_inspector', status: 404 },
  'GET /api/v1/persons/{id}': { role: 'social_worker' },
  'GET /api/v1/placements': { role: 'social_worker' },
  'GET /api/v1/placements/{id}': { role: 'social_worker' },
  'GET /api/v1/settlements': { role: 'supervisor', query: () => `month=${month}` },
  'GET /api/v1/tasks': { role: 'social_worker' },
  'GET /api/v1/specialists': { role: 'bac_inspector' },
  // Pseudonymised, still personal data: audited like every personal read.
  'GET /api/v1/rehabilitation/sessions': {
    role: 'rehab_coordinator',
    query: () => `from=${month}-01&to=${month}-28`,
  },
  // Read by id on a specialist of the demo register (reads and 404s of another organisation: specialists-api).
  'GET /api/v1/specialists/{id}': { role: 'bac_inspector', status: 404 },
};

/** GETs that return no personal data, and why. */
const NOT_PERSONAL: Record<string, string> = {
  'GET /api/v1/audit/verify': 'recomputes the hash chain: a verdict and a count, no entry content',
  'GET /api/v1/municipalities': 'the public list of municipalities and ATVK codes',
  'GET /api/v1/municipalities/{atvk}/settings': "a municipality's low-income thresholds",
  'GET /api/v1/service-types': 'the national service catalogue',
  'GET /api/v1/service-types/{code}': 'one type of the national service catalogue',
  'GET /api/v1/adoption/classifiers/health-conditions': 'a classifier (codes and names of conditions)',
  'GET /api/v1/oversight/orphan-courts': 'per orphan court counts (open cases, placements, overdue reports)',
  'GET /api/v1/specialists/organisations':
    'the organisations of the specialists register: names, kinds, numbers',
  'GET /api/v1/specialists/compliance': 'counts of specialists per organisation and municipality by status',
  'GET /api/v1/specialists/demand': 'counts of trainings falling due per month and planning region',
  'GET /api/v1/specialists/import/template': 'an empty spreadsheet template with the column headers',
  'GET /api/v1/providers/applications':
    'applications of legal entities to the provider register: names, registration numbers, addresses, services',
  'GET /api/v1/providers/{id}': 'a legal entity of the provider register: addresses, services, certificates',
  'GET /api/v1/public/providers': 'the public provider register (no sign-in)',
  'GET /api/v1/care-queue':
    'positions of request ids with priority group and counting date: no person, case, municipality or reason',
  'GET /api/v1/reports/{form}':
    'counts and amounts of a municipality and period (MK 324 statistical report); no person is named',
  'GET /api/v1/reports/{form}/submissions/{id}': 'a submitted statistical report: counts and amounts only',
};

/** Which object a path parameter names, per operation. */
function param(op: string, name: string): Kind | 'atvk' | 'provider' {
  if (name === 'atvk') return 'atvk';
  if (op.startsWith('GET /api/v1/providers/')) return 'provider';
  if (name === 'docId') return 'document';
  if (name === 'sid') return 'service';
  if (name === 'caseId') return 'case';
  const [, path] = op.split(' ') as [string, string];
  const prefix: [string, Kind][] = [
    ['/api/v1/adoption/adopters/', 'adopter'],
    ['/api/v1/adoption/children/', 'adoptionChild'],
    ['/api/v1/adoption/matches/', 'adoptionMatch'],
    ['/api/v1/means-tests/', 'meansTest'],
    ['/api/v1/persons/', 'person'],
    ['/api/v1/placements/', 'placement'],
    ['/api/v1/cases/', 'case'],
    ['/api/v1/specialists/', 'case'],
    // A report submission's id: the matrix names one that does not exist (404 for allowed roles).
    ['/api/v1/reports/', 'case'],
  ];
  const found = prefix.find(([p]) => path.startsWith(p));
  if (!found) throw new Error(`no object for ${name} in ${op}`);
  return found[1];
}

let stack: TestStack;
let getOps: string[];
const tokens = {} as Record<Role, string>;
const riga = {} as Objects;
/** The demo provider of the register (issue 22). */
let providerId = '';

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  // The seed has no integrator of Rīga: one like the DMS integrators the production set-up creates.
  const em = stack.orm.em.fork();
  em.create(User, {
    id: newId(),
    username: 'dms.riga',
    displayName: 'dms.riga',
    passwordHash: await hashPassword('demo'),
    externalId: null,
    role: 'integrator',
    municipalityCode: RIGA,
    active: true,
    createdAt: new Date(),
  });
  await em.flush();
  for (const [role, user] of Object.entries(USERS)) tokens[role as Role] = await stack.login(user);
  providerId = (await em.findOneOrFail(Provider, { code: 'RSD-APRUPE' })).id;
  const doc = await ok<{ paths: Record<string, Record<string, unknown>> }>(
    stack.request('GET', '/openapi.json'),
    200,
  );
  getOps = Object.entries(doc.paths)
    .filter(([path, ops]) => path.startsWith('/api/v1/') && 'get' in ops)
    .map(([path]) => `GET ${path}`);
  await createObjects(stack, riga, tokens.social_worker, RIGA);
  const applicant = await ok<{ id: string }>(
    stack.request('POST', '/api/v1/persons', {
      token: tokens.adoption_specialist,
      json: { personalCode: code(), firstName: 'Ieva', lastName: 'Lasītāja', birthDate: '1985-02-03' },
    }),
    201,
  );
  riga.adopter = (
    await ok<{ id: string }>(
      stack.request('POST', '/api/v1/adoption/adopters', {
        token: tokens.adoption_specialist,
        json: {
          applicantPersonIds: [applicant.id],
          approvedAt: '2024-12-01',
          registeredAt: '2024-12-02',
          residence: 'LV',
          wishes: {
            ageMin: 0,
            ageMax: 8,
            maxChildren: 1,
            acceptsSiblings: false,
            acceptedHealthConditions: [],
            regionsAtvk: [],
          },
        },
      }),
      201,
    )
  ).id;
  riga.adoptionChild = (
    await ok<{ id: string }>(
      stack.request('POST', '/api/v1/adoption/children', {
        token: tokens.adoption_specialist,
        json: {
          personId: riga.person,
          legallyFreeSince: '2025-01-10',
          siblingGroup: null,
          healthConditions: [],
          regionAtvk: RIGA,
        },
      }),
      201,
    )
  ).id;
  // A match is made by the adoptionMatch workflow (no worker here): an id naming no match, audited as not-found.
  riga.adoptionMatch = newId();
}, 180_000);
afterAll(async () => {
  await stack.close();
});

describe('every read of personal data is audited', () => {
  it('every GET of /openapi.json is classified: a personal read below, or not personal with a reason', () => {
    expect(getOps.length).toBeGreaterThan(30);
    const unclassified = getOps.filter((op) => !(op in PERSONAL) && !(op in NOT_PERSONAL));
    expect(unclassified).toEqual([]);
    const stale = [...Object.keys(PERSONAL), ...Object.keys(NOT_PERSONAL)].filter(
      (op) => !getOps.includes(op),
    );
    expect(stale).toEqual([]);
  });

  it.each(Object.entries(PERSONAL))('%s adds an audit entry naming the reader', async (op, read) => {
    const [, template] = op.split(' ') as [string, string];
    const url =
      template.replace(/\{(\w+)\}/g, (_, name: string) => {
        const kind = param(op, name);
        return kind === 'atvk' ? RIGA : kind === 'provider' ? providerId : riga[kind];
      }) + (read.query ? `?${read.query(riga)}` : '');
    const actor = USERS[read.role] as string;
    const em = stack.orm.em.fork();
    const [last] = await em.find(AuditEntry, {}, { orderBy: { seq: 'desc' }, limit: 1 });
    const res = await stack.request('GET', url, { token: tokens[read.role] });
    const body = await res.text();
    expect({ status: res.status, body: res.status === (read.status ?? 200) ? '' : body }).toEqual({
      status: read.status ?? 200,
      body: '',
    });
    const added = await em.find(AuditEntry, { seq: { $gt: last?.seq ?? 0 }, actor });
    expect(added.map((a) => a.action)).not.toEqual([]);
    const outcome = (read.status ?? 200) === 200 ? 'success' : 'not-found';
    expect(added.map((a) => a.outcome)).toContain(outcome);
    expect(added.every((a) => a.role === read.role)).toBe(true);
  });
});

/** The permission each GET needs (null: any signed-in user), as the routes declare it. */
const GET_PERMISSION: Record<string, Permission | null> = {
  'GET /api/v1/adoption/adopters': 'adoption:read',
  'GET /api/v1/adoption/adopters/{id}': 'adoption:read',
  'GET /api/v1/adoption/children': 'adoption:read',
  'GET /api/v1/adoption/children/{id}': 'adoption:read',
  'GET /api/v1/adoption/children/{id}/candidates': 'adoption:read',
  'GET /api/v1/adoption/export/pseudonymised': 'adoption:read',
  'GET /api/v1/adoption/matches/{id}': 'adoption:read',
  'GET /api/v1/adoption/classifiers/health-conditions': 'adoption:read',
  'GET /api/v1/alerts': 'alert:read',
  'GET /api/v1/audit': 'audit:read',
  'GET /api/v1/audit/verify': 'audit:verify',
  'GET /api/v1/cases': 'case:read',
  'GET /api/v1/cases/{id}': 'case:read',
  'GET /api/v1/cases/{id}/documents': 'document:read',
  'GET /api/v1/cases/{id}/documents/{docId}/content': 'document:read',
  'GET /api/v1/cases/{id}/documents/{docId}/versions': 'document:read',
  'GET /api/v1/cases/{id}/events': 'case:read',
  'GET /api/v1/cases/{id}/household-members': 'case:read',
  'GET /api/v1/cases/{id}/registry-checks/latest': 'case:read',
  'GET /api/v1/cases/{id}/services': 'service:read',
  'GET /api/v1/cases/{id}/services/{sid}': 'service:deliver',
  'GET /api/v1/cases/{id}/services/{sid}/settlements': 'service:read',
  'GET /api/v1/means-tests/expiring': 'municipality:settings',
  'GET /api/v1/means-tests/{id}': 'case:read',
  'GET /api/v1/municipalities': null,
  'GET /api/v1/municipalities/{atvk}/settings': 'municipality:settings',
  'GET /api/v1/oversight/orphan-courts': 'oversight:read',
  'GET /api/v1/oversight/orphan-courts/{atvk}/cases': 'oversight:read',
  'GET /api/v1/oversight/orphan-courts/{atvk}/cases/{caseId}': 'oversight:read',
  'GET /api/v1/persons/{id}': 'person:read',
  'GET /api/v1/placements': 'placement:read',
  'GET /api/v1/placements/{id}': 'placement:read',
  'GET /api/v1/service-types': null,
  'GET /api/v1/service-types/{code}': null,
  'GET /api/v1/settlements': 'settlement:read',
  'GET /api/v1/tasks': 'task:read',
  'GET /api/v1/specialists': 'specialist:read',
  'GET /api/v1/specialists/{id}': 'specialist:read',
  'GET /api/v1/specialists/organisations': 'specialist:read',
  'GET /api/v1/specialists/compliance': 'specialist:oversee',
  'GET /api/v1/specialists/demand': 'specialist:oversee',
  'GET /api/v1/specialists/import/template': 'specialist:write',
  'GET /api/v1/providers/applications': 'provider:apply',
  'GET /api/v1/providers/{id}': 'provider:read',
  'GET /api/v1/public/providers': null,
  'GET /api/v1/care-queue': 'care-queue:read',
  'GET /api/v1/reports/{form}': 'report:read',
  'GET /api/v1/rehabilitation/sessions': 'rehabilitation:coordinate',
  'GET /api/v1/reports/{form}/submissions/{id}': 'report:read',
};

/** Required query parameters of non-personal GETs. */
const QUERY: Record<string, string> = {
  'GET /api/v1/specialists/demand': `?from=${month}&to=${month}`,
  'GET /api/v1/care-queue': '?serviceType=long-term-institutional-care&region=riga',
  'GET /api/v1/reports/{form}': `?municipality=${RIGA}&period=${month}`,
};

/** Where an allowed role's exact answer is not the documented 200, and why. */
const EXPECTED: Record<string, Partial<Record<Role, number>>> = {
  // A provider sees only the services granted to it; the matrix's service is not (yet) granted: 404.
  'GET /api/v1/cases/{id}/services/{sid}': { service_provider: 404 },
  // The list is a municipality's: an administrator (no municipality) is refused.
  'GET /api/v1/means-tests/expiring': { admin: 403 },
  // The matrix names a submission that does not exist.
  'GET /api/v1/reports/{form}/submissions/{id}': { supervisor: 404, lm_analyst: 404 },
};

describe('scope on every read route: role × GET from /openapi.json, the exact status', () => {
  it('every GET has its permission listed', () => {
    expect(getOps.filter((op) => !(op in GET_PERMISSION))).toEqual([]);
  });

  const cells = Object.keys(GET_PERMISSION).flatMap((op) => ROLES.map((role) => [op, role] as const));
  it.each(cells)('%s as %s', async (op, role) => {
    const permission = GET_PERMISSION[op] as Permission | null;
    const [, template] = op.split(' ') as [string, string];
    const read = PERSONAL[op];
    const url =
      template.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (name === 'code') return 'home-care';
        if (name === 'form') return 'social-assistance-monthly';
        const kind = param(op, name);
        return kind === 'atvk' ? RIGA : kind === 'provider' ? providerId : riga[kind];
      }) + (read?.query ? `?${read.query(riga)}` : (QUERY[op] ?? ''));
    const res = await stack.request('GET', url, { token: tokens[role] });
    const text = await res.text();
    const allowed = permission === null || can(role, permission);
    const expected = allowed
      ? (EXPECTED[op]?.[role] ?? read?.status ?? 200)
      : permission?.startsWith('adoption:')
        ? 404
        : 403;
    expect({ status: res.status, body: res.status === expected ? '' : text }).toEqual({
      status: expected,
      body: '',
    });
  });
});
