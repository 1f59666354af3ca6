/**
 * The object access matrix's rules: every operation of /openapi.json that names an object — by a path parameter, or
 * by an id (or a personal code) in its JSON body — says which kind of object each reference is, which permission the
 * operation needs, and a minimal valid body. Operations with a path parameter that is not an object are listed in
 * NOT_OBJECT_SCOPED with the reason. tests/integration/object-access-matrix.test.ts fails for any operation of the
 * document found in neither list, so a new route fails the test until it is classified here.
 */
import type { Permission } from '../../../domain/access/roles.js';

export type Kind =
  | 'case'
  | 'person'
  | 'document'
  | 'meansTest'
  | 'service'
  | 'placement'
  | 'task'
  | 'alert'
  | 'adoptionChild'
  | 'adopter'
  | 'adoptionMatch'
  | 'adoptionProposal';

/** The objects of one municipality (created through the API in the test's set-up). */
export type Objects = Record<Kind, string> & { personalCode: string };

export interface Rule {
  /** "METHOD /path" exactly as /openapi.json names the operation. */
  op: string;
  /** The permission the operation needs; `adoption:*` routes hide themselves (404) from other roles. */
  permission: Permission;
  /** Path parameter → the kind of object it names. */
  params?: Record<string, Kind>;
  /**
   * Body property → the kind of object it names. The matrix sends the other municipality's object there (with the
   * caller's own objects in the path) and expects a refusal.
   */
  bodyRefs?: Record<string, Kind | 'personalCode' | 'provider'>;
  /** A minimal valid body: `own` are the caller's objects, `path` the ones in the path (already substituted). */
  body?: (own: Objects, ref: Objects) => unknown;
  /** A multipart upload instead of JSON. */
  multipart?: boolean;
  /** Why a body reference is allowed on purpose (no refusal expected); the reference is then not tested. */
  bodyRefAllowed?: string;
}

const today = new Date().toISOString().slice(0, 10);
/** The birth date of the child each municipality's objects are about (new-format personal codes carry none). */
export const CHILD_BIRTH_DATE = '2020-05-01';
const month = today.slice(0, 7);

export const RULES: Rule[] = [
  // Persons (finding 2: a worker finds a person only within the municipality's cases).
  { op: 'GET /api/v1/persons/{id}', permission: 'person:read', params: { id: 'person' } },
  {
    op: 'POST /api/v1/persons/search',
    permission: 'person:read',
    bodyRefs: { personalCode: 'personalCode' },
    body: (_own, ref) => ({ personalCode: ref.personalCode }),
  },
  // POST /persons answers 201 whether the code is known or not (finding 2); the test checks that the stored names
  // are not revealed (see the test file), not a refusal.
  {
    op: 'POST /api/v1/persons',
    permission: 'person:write',
    bodyRefs: { personalCode: 'personalCode' },
    body: (_own, ref) => ({
      personalCode: ref.personalCode,
      firstName: 'Cits',
      lastName: 'Vārds',
      birthDate: CHILD_BIRTH_DATE,
    }),
  },
  // Cases.
  {
    op: 'POST /api/v1/cases',
    permission: 'case:write',
    bodyRefs: { personId: 'person' },
    body: (_own, ref) => ({ personId: ref.person }),
    bodyRefAllowed:
      'issue 14, finding 2: a case may be opened for a person of another municipality (a person moves)',
  },
  { op: 'GET /api/v1/cases/{id}', permission: 'case:read', params: { id: 'case' } },
  { op: 'GET /api/v1/cases/{id}/events', permission: 'case:read', params: { id: 'case' } },
  // Documents.
  { op: 'GET /api/v1/cases/{id}/documents', permission: 'document:read', params: { id: 'case' } },
  {
    op: 'POST /api/v1/cases/{id}/documents',
    permission: 'document:write',
    params: { id: 'case' },
    multipart: true,
  },
  {
    op: 'GET /api/v1/cases/{id}/documents/{docId}/versions',
    permission: 'document:read',
    params: { id: 'case', docId: 'document' },
  },
  {
    op: 'GET /api/v1/cases/{id}/documents/{docId}/content',
    permission: 'document:read',
    params: { id: 'case', docId: 'document' },
  },
  {
    op: 'POST /api/v1/cases/{id}/documents/{docId}/versions',
    permission: 'document:write',
    params: { id: 'case', docId: 'document' },
    multipart: true,
  },
  // Registry checks (finding 1: household members must belong to the case's household).
  {
    op: 'POST /api/v1/cases/{id}/registry-checks',
    permission: 'registry:refresh',
    params: { id: 'case' },
    bodyRefs: { householdMemberIds: 'person' },
    body: (_own, ref) => ({ registries: ['pmlp'], householdMemberIds: [ref.person], purpose: 'matrica' }),
  },
  { op: 'GET /api/v1/cases/{id}/registry-checks/latest', permission: 'case:read', params: { id: 'case' } },
  { op: 'GET /api/v1/cases/{id}/household-members', permission: 'case:read', params: { id: 'case' } },
  {
    op: 'POST /api/v1/cases/{id}/household-members',
    permission: 'case:write',
    params: { id: 'case' },
    bodyRefs: { personId: 'person' },
    body: (_own, ref) => ({ personId: ref.person, reason: 'matrica' }),
    bodyRefAllowed: 'finding 1: a worker adds any person to their own case household with a reason (audited)',
  },
  { op: 'GET /api/v1/cases/{id}/household-members', permission: 'case:read', params: { id: 'case' } },
  // Means tests.
  {
    op: 'POST /api/v1/means-tests',
    permission: 'case:write',
    bodyRefs: { caseId: 'case' },
    body: (_own, ref) => ({ caseId: ref.case }),
  },
  { op: 'GET /api/v1/means-tests/{id}', permission: 'case:read', params: { id: 'meansTest' } },
  {
    op: 'POST /api/v1/means-tests/{id}/corrections',
    permission: 'case:write',
    params: { id: 'meansTest' },
    // memberId names a member of the means test in the path, not an object of its own.
    body: () => ({ field: 'savingsEur', value: 10, reason: 'matrica' }),
  },
  {
    op: 'POST /api/v1/means-tests/{id}/decision',
    permission: 'case:write',
    params: { id: 'meansTest' },
    body: () => ({ decision: 'refuse', reason: 'matrica' }),
  },
  {
    op: 'POST /api/v1/means-tests/{id}/reapply',
    permission: 'case:write',
    params: { id: 'meansTest' },
    body: () => ({ reason: 'matrica' }),
  },
  {
    op: 'POST /api/v1/means-tests/{id}/change',
    permission: 'case:write',
    params: { id: 'meansTest' },
    body: () => ({ reason: 'matrica' }),
  },
  // Social services.
  {
    op: 'POST /api/v1/cases/{id}/services',
    permission: 'service:write',
    params: { id: 'case' },
    body: () => ({ serviceType: 'home-care' }),
  },
  { op: 'GET /api/v1/cases/{id}/services', permission: 'service:read', params: { id: 'case' } },
  {
    op: 'GET /api/v1/cases/{id}/services/{sid}',
    permission: 'service:deliver',
    params: { id: 'case', sid: 'service' },
  },
  {
    op: 'GET /api/v1/cases/{id}/services/{sid}/settlements',
    permission: 'service:read',
    params: { id: 'case', sid: 'service' },
  },
  ...(
    [
      ['assessment', 'service:write', () => ({ answers: {} })],
      ['decision', 'service:write', () => ({ decision: 'refuse', reason: 'matrica' })],
      ['extension', 'service:write', () => ({ newDeadline: today, reason: 'matrica' })],
      ['deliveries', 'service:deliver', () => ({ month, units: 1 })],
      [
        'rehabilitation-sessions',
        'service:deliver',
        () => ({ date: today, form: 'consultation', specialistKind: 'psychologist', minutes: 45 }),
      ],
      ['review', 'service:write', () => ({ outcome: 'continue', notes: 'matrica' })],
      ['termination', 'service:write', () => ({ endDate: today, reason: 'matrica' })],
    ] as const
  ).map(([action, permission, body]): Rule => ({
    op: `POST /api/v1/cases/{id}/services/{sid}/${action}`,
    permission,
    params: { id: 'case', sid: 'service' },
    body,
    ...(action === 'decision'
      ? {
          bodyRefs: { providerId: 'provider' as const },
          bodyRefAllowed:
            'issue 22: the provider register is national; a grant may name any register provider that is active, offers the type and is in or near the municipality (else 422 on providerId, social-services-api.test.ts)',
        }
      : {}),
  })),
  {
    op: 'PUT /api/v1/cases/{id}/services/{sid}/rehabilitation-course',
    permission: 'service:deliver',
    params: { id: 'case', sid: 'service' },
    body: () => ({ harmKind: 'physical' }),
  },
  // Placements (finding 3: a placement only for a child of the municipality's cases).
  {
    op: 'POST /api/v1/placements',
    permission: 'placement:write',
    bodyRefs: { childPersonId: 'person' },
    body: (own, ref) => ({
      childPersonId: ref.person,
      institution: { code: 'BSAC-MATRICA', name: 'Matricas centrs' },
      orphanCourtAtvk: own === ref ? '0001000' : '0026000',
      startDate: today,
    }),
  },
  { op: 'GET /api/v1/placements/{id}', permission: 'placement:read', params: { id: 'placement' } },
  {
    op: 'POST /api/v1/placements/{id}/reports',
    permission: 'placement:write',
    params: { id: 'placement' },
    bodyRefs: { documentId: 'document' },
    body: (_own, ref) => ({
      reportDate: today,
      contactWithRelatives: [],
      development: 'matrica',
      documentId: ref.document,
    }),
    // Found by this matrix (fuzz-findings F3): any document id is accepted, even another municipality's. The rule
    // belongs with finding 3 (placements keep to the municipality's cases); placements.ts is being changed for it.
  },
  {
    op: 'POST /api/v1/placements/{id}/end',
    permission: 'placement:write',
    params: { id: 'placement' },
    body: () => ({ endDate: today, reason: 'matrica' }),
  },
  // Tasks and alerts.
  { op: 'POST /api/v1/tasks/{id}/claim', permission: 'task:write', params: { id: 'task' } },
  {
    op: 'POST /api/v1/tasks/{id}/complete',
    permission: 'task:write',
    params: { id: 'task' },
    body: () => ({ outcome: 'matrica' }),
  },
  { op: 'POST /api/v1/alerts/{id}/ack', permission: 'alert:ack', params: { id: 'alert' } },
  // Oversight (national BAC inspectors): a case through its orphan court.
  {
    op: 'GET /api/v1/oversight/orphan-courts/{atvk}/cases/{caseId}',
    permission: 'oversight:read',
    params: { caseId: 'case' },
  },
  // The adoption register: national (adoption specialists only), hidden from every other role (404).
  { op: 'GET /api/v1/adoption/children/{id}', permission: 'adoption:read', params: { id: 'adoptionChild' } },
  {
    op: 'GET /api/v1/adoption/children/{id}/candidates',
    permission: 'adoption:read',
    params: { id: 'adoptionChild' },
  },
  {
    op: 'POST /api/v1/adoption/children/{id}/match',
    permission: 'adoption:write',
    params: { id: 'adoptionChild' },
    body: () => ({}),
  },
  {
    op: 'POST /api/v1/adoption/children/{id}/withdraw',
    permission: 'adoption:write',
    params: { id: 'adoptionChild' },
    body: () => ({ reason: 'matrica' }),
  },
  {
    op: 'POST /api/v1/adoption/children',
    permission: 'adoption:write',
    bodyRefs: { personId: 'person' },
    bodyRefAllowed: 'the adoption register is national: its specialists register any child in Latvia',
  },
  {
    op: 'POST /api/v1/adoption/adopters',
    permission: 'adoption:write',
    bodyRefs: { applicantPersonIds: 'person' },
    bodyRefAllowed: 'the adoption register is national: its specialists register any applicant in Latvia',
  },
  { op: 'GET /api/v1/adoption/adopters/{id}', permission: 'adoption:read', params: { id: 'adopter' } },
  {
    op: 'POST /api/v1/adoption/adopters/{id}/status',
    permission: 'adoption:write',
    params: { id: 'adopter' },
    body: () => ({ state: 'suspended', reason: 'matrica' }),
  },
  {
    op: 'POST /api/v1/adoption/proposals/{id}/answer',
    permission: 'adoption:write',
    params: { id: 'adoptionProposal' },
    body: () => ({ accept: false, reason: 'matrica' }),
  },
  { op: 'GET /api/v1/adoption/matches/{id}', permission: 'adoption:read', params: { id: 'adoptionMatch' } },
  ...(['orphan-court-decision', 'court-decision'] as const).map((kind): Rule => ({
    op: `POST /api/v1/adoption/matches/{id}/${kind}`,
    permission: 'adoption:write',
    params: { id: 'adoptionMatch' },
    body: () => ({ documentRef: 'MATRICA-1', decidedOn: today, approved: false }),
  })),
  // Care queue (issue 22): a request names a case of the worker's own municipality.
  {
    op: 'POST /api/v1/care-queue/requests',
    permission: 'care-queue:request',
    bodyRefs: { caseId: 'case' },
    body: (_own, ref) => ({ caseId: ref.case, serviceType: 'long-term-institutional-care', region: 'riga' }),
  },
];

/** Operations with a path parameter that names no object of a client, and why. */
export const NOT_OBJECT_SCOPED: Record<string, string> = {
  'GET /api/v1/service-types/{code}':
    'the national catalogue of service types: no personal data, readable by all',
  'PUT /api/v1/service-types/{code}': 'the national catalogue of service types: administrators only',
  'GET /api/v1/municipalities/{atvk}/settings':
    "a municipality's means-test thresholds (no personal data): its own supervisor or an administrator, else 403",
  'PUT /api/v1/municipalities/{atvk}/settings':
    "a municipality's means-test thresholds (no personal data): its own supervisor or an administrator, else 403",
  'GET /api/v1/oversight/orphan-courts/{atvk}/cases':
    "an orphan court's list of BARIS cases, for national BAC inspectors only (403 for everyone else)",
  'POST /api/v1/specialists':
    "the specialists register is scoped by organisation, not municipality: another organisation's HR user gets 404 and roles without specialist permissions 403 (tests/integration/specialists-api.test.ts, access-matrix.test.ts)",
  'GET /api/v1/specialists/{id}':
    "the specialists register is scoped by organisation, not municipality: another organisation's HR user gets 404 and roles without specialist permissions 403 (tests/integration/specialists-api.test.ts, access-matrix.test.ts)",
  'PATCH /api/v1/specialists/{id}':
    "the specialists register is scoped by organisation, not municipality: another organisation's HR user gets 404 and roles without specialist permissions 403 (tests/integration/specialists-api.test.ts, access-matrix.test.ts)",
  'POST /api/v1/specialists/{id}/trainings':
    "the specialists register is scoped by organisation, not municipality: another organisation's HR user gets 404 and roles without specialist permissions 403 (tests/integration/specialists-api.test.ts, access-matrix.test.ts)",
  'POST /api/v1/providers/applications/{id}/decision':
    "the provider register is national and names legal entities, not a municipality's clients: LM keeps all of it, a provider's own user only its provider (another: 404, tests/integration/providers-api.test.ts), roles without the permission 403 (access-matrix.test.ts)",
  'GET /api/v1/providers/{id}':
    "the provider register is national and names legal entities, not a municipality's clients: LM keeps all of it, a provider's own user only its provider (another: 404, tests/integration/providers-api.test.ts), roles without the permission 403 (access-matrix.test.ts)",
  'POST /api/v1/providers/{id}/applications':
    "the provider register is national and names legal entities, not a municipality's clients: LM keeps all of it, a provider's own user only its provider (another: 404, tests/integration/providers-api.test.ts), roles without the permission 403 (access-matrix.test.ts)",
  'POST /api/v1/providers/{id}/withdrawal':
    "the provider register is national and names legal entities, not a municipality's clients: LM keeps all of it, a provider's own user only its provider (another: 404, tests/integration/providers-api.test.ts), roles without the permission 403 (access-matrix.test.ts)",
  'PUT /api/v1/providers/{id}/free-places':
    "the provider register is national and names legal entities, not a municipality's clients: LM keeps all of it, a provider's own user only its provider (another: 404, tests/integration/providers-api.test.ts), roles without the permission 403 (access-matrix.test.ts)",
  'POST /api/v1/care-queue/requests/{id}/decision':
    "the care queue is national and kept by LM (a national role); other roles without the permission get 403 (access-matrix.test.ts); a worker of another municipality gets 404 for a request or offer of another municipality's client (tests/integration/care-queue-api.test.ts)",
  'POST /api/v1/care-queue/offers':
    "the care queue is national and kept by LM (a national role); other roles without the permission get 403 (access-matrix.test.ts); a worker of another municipality gets 404 for a request or offer of another municipality's client (tests/integration/care-queue-api.test.ts)",
  'POST /api/v1/care-queue/offers/{id}/answer':
    "the care queue is national and kept by LM (a national role); other roles without the permission get 403 (access-matrix.test.ts); a worker of another municipality gets 404 for a request or offer of another municipality's client (tests/integration/care-queue-api.test.ts)",
  'GET /api/v1/reports/{form}':
    "a statistical report (counts and amounts, no client object) scoped by municipality: the municipality's supervisor and the Ministry's national analyst; another municipality's supervisor gets 404, roles without report permissions 403 (tests/integration/reports-api.test.ts, access-matrix.test.ts)",
  'POST /api/v1/reports/{form}/submissions':
    "a statistical report (counts and amounts, no client object) scoped by municipality: the municipality's supervisor and the Ministry's national analyst; another municipality's supervisor gets 404, roles without report permissions 403 (tests/integration/reports-api.test.ts, access-matrix.test.ts)",
  'GET /api/v1/reports/{form}/submissions/{id}':
    "a statistical report (counts and amounts, no client object) scoped by municipality: the municipality's supervisor and the Ministry's national analyst; another municipality's supervisor gets 404, roles without report permissions 403 (tests/integration/reports-api.test.ts, access-matrix.test.ts)",
};
