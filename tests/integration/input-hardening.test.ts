/**
 * Input hardening on the real API (issue 14, findings 4, 6, 8, 11 and 12): body-size limits before parsing (also
 * for chunked bodies and unauthenticated routes), malformed JSON → 400, impossible dates / NUL / lone surrogates →
 * 422 with the field's path, names NFC-normalised with invisible format characters refused, no-store on JSON,
 * and the OpenAPI document (upload paths, 400 documented).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { personalCodeCheckDigit } from '../../domain/personal-code.js';
import { Case, Person } from '../../infra/db/entities/index.js';
import { DEFAULT_BODY_LIMIT_BYTES, dmsBodyLimitBytes } from '../../api/middleware/body-limit.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const UPLOAD_LIMIT = 100 * 1024;
let stack: TestStack;
let worker: string;
let caseId: string;

beforeAll(async () => {
  stack = await startTestStack({ worker: false, env: { DIGISOC_UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT) } });
  worker = await stack.login('soc.riga');
  const em = stack.orm.em.fork();
  const person = await em.findOneOrFail(Person, { personalCode: '051290-19726' });
  caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

interface Problem {
  status: number;
  type: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

async function problemOf(res: Response): Promise<Problem> {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as Problem;
}

async function errorPaths(res: Response): Promise<string[]> {
  return ((await problemOf(res)).errors ?? []).map((e) => e.path);
}

/** A chunked body (no Content-Length) of `total` bytes; `pulled()` tells how much the server actually read. */
function chunkedBody(total: number, head = '{"x":"') {
  let sent = 0;
  const chunk = Buffer.alloc(16 * 1024, 'a');
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(Buffer.from(head));
      sent = head.length;
    },
    pull(controller) {
      if (sent >= total) {
        controller.enqueue(Buffer.from('"}'));
        controller.close();
        return;
      }
      const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += part.length;
      controller.enqueue(part);
    },
  });
  return { stream, pulled: () => sent };
}

async function postChunked(path: string, total: number, headers: Record<string, string> = {}) {
  const body = chunkedBody(total);
  const res = await fetch(stack.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body.stream,
    duplex: 'half',
  } as RequestInit);
  return { res, pulled: body.pulled };
}

describe('body-size limits (finding 4)', () => {
  it('refuses a large sign-in body with 413 problem+json before parsing it', async () => {
    const res = await stack.request('POST', '/api/v1/auth/login', {
      json: { username: 'soc.riga', password: 'demo', padding: 'a'.repeat(2 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect((await problemOf(res)).status).toBe(413);
  });

  it('refuses a chunked sign-in body without Content-Length once it passes 64 KB, without reading it all', async () => {
    const total = 8 * 1024 * 1024;
    const { res, pulled } = await postChunked('/api/v1/auth/login', total);
    expect(res.status).toBe(413);
    expect((await problemOf(res)).status).toBe(413);
    expect(pulled()).toBeLessThan(total);
  });

  it('keeps a 64 KB default on authenticated JSON routes', async () => {
    const res = await stack.request('POST', '/api/v1/means-tests/calculate', {
      token: worker,
      json: { date: '2026-03-01', members: [], pad: 'a'.repeat(DEFAULT_BODY_LIMIT_BYTES) },
    });
    expect(res.status).toBe(413);
  });

  it('reads a provider application above 64 KB and validates it (found by the fuzzer: 201 addresses → 422, not 413)', async () => {
    const lm = await stack.login('lm.specialists');
    const address = (i: number) => ({
      address: `Brīvības iela ${i}, Rīga`,
      municipalityAtvk: '0001000',
      services: Array.from({ length: 10 }, () => ({ serviceType: 'home-care', capacity: 10 })),
    });
    const json = {
      legalName: 'Lielais sniedzējs SIA',
      registrationNo: '40000000001',
      addresses: Array.from({ length: 201 }, (_, i) => address(i)),
    };
    expect(JSON.stringify(json).length).toBeGreaterThan(DEFAULT_BODY_LIMIT_BYTES);
    const res = await stack.request('POST', '/api/v1/providers/applications', { token: lm, json });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await problemOf(res))).toContain('addresses');
  });

  it('reads at most its own limit on the DMS webhook (unsigned, Content-Length or chunked)', async () => {
    const limit = dmsBodyLimitBytes(UPLOAD_LIMIT);
    const big = await stack.request('POST', '/api/v1/integrations/dms/namejs/documents', {
      json: { pad: 'a'.repeat(limit + 1) },
    });
    expect(big.status).toBe(413);
    expect((await problemOf(big)).status).toBe(413);
    const total = 16 * 1024 * 1024;
    const { res, pulled } = await postChunked('/api/v1/integrations/dms/namejs/documents', total);
    expect(res.status).toBe(413);
    expect(pulled()).toBeLessThan(total);
    // Below its limit (and above the default) the webhook still reads the body: an unsigned one is 401.
    const unsigned = await stack.request('POST', '/api/v1/integrations/dms/namejs/documents', {
      json: { pad: 'a'.repeat(DEFAULT_BODY_LIMIT_BYTES * 2) },
    });
    expect(unsigned.status).toBe(401);
  });

  it('refuses a large bank callback before checking it', async () => {
    const res = await stack.request('POST', '/api/v1/integrations/banks/HABALV22/callbacks', {
      json: { pad: 'a'.repeat(DEFAULT_BODY_LIMIT_BYTES + 1) },
    });
    expect(res.status).toBe(413);
  });
});

describe('malformed JSON and missing bodies (findings 12, 6)', () => {
  it('answers 400 problem+json to malformed JSON, signed in or not', async () => {
    const login = await stack.request('POST', '/api/v1/auth/login', {
      body: '{"username": "soc.riga", ',
      headers: { 'content-type': 'application/json' },
    });
    expect(login.status).toBe(400);
    expect((await problemOf(login)).status).toBe(400);
    const calc = await stack.request('POST', '/api/v1/means-tests/calculate', {
      token: worker,
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(calc.status).toBe(400);
  });

  it('answers 400 problem+json to a multipart upload without a boundary (found by the fuzzer)', async () => {
    const res = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, {
      token: worker,
      body: 'x',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).detail).toMatch(/boundary/);
  });

  it('answers 422 when a required JSON body is missing', async () => {
    const res = await stack.request('POST', `/api/v1/means-tests/${randomUUID()}/reapply`, { token: worker });
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual(['(body)']);
  });
});

describe('impossible dates, NUL and lone surrogates → 422 with the path (finding 6)', () => {
  it('refuses 2026-02-30 when a service is requested', async () => {
    const res = await stack.request('POST', `/api/v1/cases/${caseId}/services`, {
      token: worker,
      json: { serviceType: 'home-care', requestedAt: '2026-02-30' },
    });
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual(['requestedAt']);
  });

  it('refuses 2026-02-30 when a means test starts', async () => {
    const res = await stack.request('POST', '/api/v1/means-tests', {
      token: worker,
      json: { caseId, applicationDate: '2026-02-30' },
    });
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual(['applicationDate']);
  });

  it('refuses a bad date on a review or a termination with 422 and the path, not 409', async () => {
    const service = `/api/v1/cases/${caseId}/services/${randomUUID()}`;
    const review = await stack.request('POST', `${service}/review`, {
      token: worker,
      json: { outcome: 'continue', notes: 'Pārskatīts', nextReviewDate: '2026-04-31' },
    });
    expect(review.status).toBe(422);
    expect(await errorPaths(review)).toEqual(['nextReviewDate']);
    const end = await stack.request('POST', `${service}/termination`, {
      token: worker,
      json: { endDate: '2026-13-01', reason: 'Pakalpojums vairs nav vajadzīgs' },
    });
    expect(end.status).toBe(422);
    expect(await errorPaths(end)).toEqual(['endDate']);
  });

  it('refuses NUL in any string of a body, nested too, and in the query string', async () => {
    const notes = await stack.request('POST', `/api/v1/cases/${caseId}/services`, {
      token: worker,
      json: { serviceType: 'home-care', notes: 'pirms\u0000pēc' },
    });
    expect(notes.status).toBe(422);
    expect(await errorPaths(notes)).toEqual(['notes']);
    const nested = await stack.request('POST', '/api/v1/means-tests/calculate', {
      token: worker,
      json: { date: '2026-03-01', members: [{ birthDate: '1985-02-01\u0000', monthlyIncomeEur: 1 }] },
    });
    expect(nested.status).toBe(422);
    expect(await errorPaths(nested)).toEqual(['members.0.birthDate']);
    const query = await stack.request('GET', '/api/v1/cases?q=B%00rzi', { token: worker });
    expect(query.status).toBe(422);
    expect(await errorPaths(query)).toEqual(['query.q']);
    const login = await stack.request('POST', '/api/v1/auth/login', {
      json: { username: 'soc.riga\u0000', password: 'demo' },
    });
    expect(login.status).toBe(422);
    expect(await errorPaths(login)).toEqual(['username']);
  });

  it('refuses a lone surrogate', async () => {
    const res = await stack.request('POST', `/api/v1/cases/${caseId}/services`, {
      token: worker,
      body: '{"serviceType":"home-care","notes":"a\\ud800b"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual(['notes']);
  });
});

/** A valid old-format personal code for a 1990s birth date, made up for the test. */
function personalCode(day: number): string {
  const head = `${String(day).padStart(2, '0')}0391`;
  for (let serial = 100; serial < 1000; serial++) {
    const ten = `${head}1${serial}`;
    const check = personalCodeCheckDigit(ten);
    if (check !== null) return `${head}-1${serial}${check}`;
  }
  throw new Error('no code');
}

describe('names: NFC, invisible characters refused (finding 8)', () => {
  it('accepts a decomposed name and stores it composed', async () => {
    const code = personalCode(11);
    const res = await stack.request('POST', '/api/v1/persons', {
      token: worker,
      json: { personalCode: code, firstName: 'A\u0304rija', lastName: 'Be\u0304rzin\u0327a' },
    });
    expect(res.status).toBe(201);
    const person = await stack.orm.em.fork().findOneOrFail(Person, { personalCode: code });
    expect([person.firstName, person.lastName]).toEqual(['Ārija', 'Bērziņa']);
  });

  it.each([
    ['zero-width space', 'Bērziņa\u200B'],
    ['right-to-left override', '\u202EBērziņa'],
    ['byte order mark', '\uFEFFBērziņa'],
    ['word joiner', 'Bēr\u2060ziņa'],
  ])('refuses a %s in a name with the path', async (_label, lastName) => {
    const res = await stack.request('POST', '/api/v1/persons', {
      token: worker,
      json: { personalCode: personalCode(12), firstName: 'Anna', lastName },
    });
    expect(res.status).toBe(422);
    expect(await errorPaths(res)).toEqual(['lastName']);
  });

  it('finds a case when the search term is typed decomposed', async () => {
    const res = await stack.request('GET', `/api/v1/cases?q=${encodeURIComponent('Kalnin\u0327a')}`, {
      token: worker,
    });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { id: string }[] };
    expect(items.map((i) => i.id)).toContain(caseId);
  });
});

describe('responses and the OpenAPI document (findings 11, 12)', () => {
  it('marks API JSON answers and problems Cache-Control: no-store', async () => {
    const ok = await stack.request('GET', `/api/v1/cases/${caseId}`, { token: worker });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const missing = await stack.request('GET', `/api/v1/cases/${randomUUID()}`, { token: worker });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });

  it('publishes the upload operations at their real paths and documents 400 on JSON bodies', async () => {
    const doc = (await (await stack.request('GET', '/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: object }; responses: object }>>;
    };
    const paths = Object.keys(doc.paths);
    expect(paths.filter((p) => p.includes('/api/v1/cases/api/'))).toEqual([]);
    expect(doc.paths['/api/v1/cases/{id}/documents']?.post).toBeDefined();
    expect(doc.paths['/api/v1/cases/{id}/documents/{docId}/versions']?.post).toBeDefined();
    const withJson = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => Object.keys(op.requestBody?.content ?? {}).includes('application/json'))
        .map(([method, op]) => ({ op: `${method} ${path}`, has400: '400' in op.responses })),
    );
    expect(withJson.length).toBeGreaterThan(20);
    expect(withJson.filter((o) => !o.has400)).toEqual([]);
  });
});
