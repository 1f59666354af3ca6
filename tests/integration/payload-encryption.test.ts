/**
 * Temporal histories hold no personal data in plain text: a registry check (personal code, names, addresses, salaries)
 * read back through a Temporal client WITHOUT the codec shows only `binary/encrypted` payloads. The codec endpoint
 * (`/codec/decode`, Temporal's remote codec protocol) decodes them for an administrator, refuses everyone else, and
 * audits both.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { AuditEntry, Case, Person } from '../../infra/db/entities/index.js';
import { binary } from '../../scripts/stack.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const CODE = '140384-19729';
/** What the registries answer about this client (PMLP name and address, account register IBAN, VID employer). */
const PERSONAL = ['Bērziņš', 'Brīvības iela 101', 'LV19HABA0551000007920', 'SIA Daugavas Būve'];
let stack: TestStack;
let caseId: string;
let workflowId: string;
let connection: Connection;

interface RawPayload {
  metadata?: Record<string, Uint8Array> | null;
  data?: Uint8Array | null;
}

/**
 * Every data payload of a history (objects with Uint8Array metadata values), in order. Search attributes (indexed by
 * the server: municipality, process, case id) and headers (the request id) are not data and stay readable; the
 * plain-text search below covers them too.
 */
function payloadsOf(value: unknown, out: RawPayload[] = []): RawPayload[] {
  if (Array.isArray(value)) {
    for (const v of value) payloadsOf(v, out);
  } else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const o = value as Record<string, unknown>;
    const metadata = o.metadata as Record<string, unknown> | undefined;
    if (metadata && typeof metadata === 'object' && metadata.encoding instanceof Uint8Array) {
      out.push(o as RawPayload);
    } else {
      for (const [k, v] of Object.entries(o))
        if (k !== 'searchAttributes' && k !== 'header') payloadsOf(v, out);
    }
  }
  return out;
}

/** All bytes of a history as UTF-8 text, so a plain-text personal code or name anywhere in it would show. */
function historyText(value: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('utf8'));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    else if (typeof v === 'string') parts.push(v);
  };
  walk(value);
  return parts.join('\n');
}

const toJson = (p: RawPayload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  ...(p.data ? { data: Buffer.from(p.data).toString('base64') } : {}),
});

let encrypted: ReturnType<typeof toJson>[];

beforeAll(async () => {
  stack = await startTestStack();
  const em = stack.orm.em.fork();
  const person = await em.findOneOrFail(Person, { personalCode: CODE });
  caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
  const token = await stack.login('soc.riga');
  const start = await stack.request('POST', `/api/v1/cases/${caseId}/registry-checks`, { token, json: {} });
  expect(start.status).toBe(202);
  workflowId = ((await start.json()) as { workflowId: string }).workflowId;
  await stack.deps.temporal.client.workflow.getHandle(workflowId).result();
  connection = await Connection.connect({ address: stack.config.temporal.address });
});
afterAll(async () => {
  await connection?.close();
  await stack?.close();
});

describe('workflow histories', () => {
  it('hold only binary/encrypted payloads: no personal code, name or address in plain text', async () => {
    expect(stack.config.temporal.payloadKey).toEqual(expect.any(String));
    const raw = new Client({ connection, namespace: stack.config.temporal.namespace });
    const history = await raw.workflow.getHandle(workflowId).fetchHistory();
    const payloads = payloadsOf(history.events);
    expect(payloads.length).toBeGreaterThan(5);
    const encodings = new Set(payloads.map((p) => Buffer.from(p.metadata?.encoding ?? []).toString()));
    expect([...encodings]).toEqual(['binary/encrypted']);
    const text = historyText(history.events);
    for (const secret of [CODE, ...PERSONAL]) expect(text).not.toContain(secret);
    encrypted = payloads.map(toJson);
  });

  it('read with the temporal CLI and no codec: encrypted payloads, no personal code, name or address', () => {
    const shown = execFileSync(
      binary('temporal'),
      [
        'workflow',
        'show',
        '--address',
        stack.config.temporal.address,
        '--workflow-id',
        workflowId,
        '--output',
        'json',
      ],
      { encoding: 'utf8' },
    );
    expect(shown).toContain(workflowId);
    // The CLI prints payloads base64-encoded: decode every base64 run so plain text inside would show too.
    const decoded = [...shown.matchAll(/"([A-Za-z0-9+/]{16,}={0,2})"/g)]
      .map((m) => Buffer.from(m[1] as string, 'base64').toString('utf8'))
      .join('\n');
    expect(decoded).toContain('binary/encrypted');
    for (const secret of [CODE, CODE.replace('-', ''), ...PERSONAL]) {
      expect(shown).not.toContain(secret);
      expect(decoded).not.toContain(secret);
    }
  });
});

describe('the codec endpoint', () => {
  const decode = (init: { token?: string; headers?: Record<string, string>; body?: unknown }) =>
    stack.request('POST', '/codec/decode', {
      token: init.token,
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...(init.headers ?? {}) },
      body: JSON.stringify(init.body ?? { payloads: encrypted }),
    });

  it('decodes the history for an administrator (Temporal remote codec protocol) and audits it', async () => {
    const admin = await stack.login('admin');
    const res = await decode({ token: admin });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { payloads: { metadata: Record<string, string>; data?: string }[] };
    expect(body.payloads).toHaveLength(encrypted.length);
    const encodings = new Set(
      body.payloads.map((p) => Buffer.from(p.metadata.encoding ?? '', 'base64').toString()),
    );
    expect(encodings.has('binary/encrypted')).toBe(false);
    expect(encodings.has('json/plain')).toBe(true);
    const text = body.payloads.map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8')).join('\n');
    for (const secret of PERSONAL) expect(text).toContain(secret);

    // encode is the inverse: what it returns decodes back to the same payloads.
    const again = await stack.request('POST', '/codec/encode', {
      token: admin,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payloads: body.payloads.slice(0, 2) }),
    });
    expect(again.status).toBe(200);
    const reencoded = (await again.json()) as { payloads: { metadata: Record<string, string> }[] };
    expect(Buffer.from(reencoded.payloads[0]?.metadata.encoding ?? '', 'base64').toString()).toBe(
      'binary/encrypted',
    );
    const back = await decode({ token: admin, body: reencoded });
    expect(((await back.json()) as { payloads: unknown[] }).payloads).toEqual(body.payloads.slice(0, 2));

    const audited = await stack.orm.em
      .fork()
      .find(AuditEntry, { action: 'temporal.payload.decode', actor: 'admin', outcome: 'success' });
    expect(audited.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a social worker (403, audited), anyone not signed in (401) and other namespaces', async () => {
    const worker = await stack.login('soc.riga');
    const refused = await decode({ token: worker });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.text()).not.toContain('Bērziņš');
    const denied = await stack.orm.em
      .fork()
      .find(AuditEntry, { action: 'temporal.payload.decode', actor: 'soc.riga', outcome: 'denied' });
    expect(denied).toHaveLength(1);

    expect((await decode({})).status).toBe(401);
    const admin = await stack.login('admin');
    expect((await decode({ token: admin, headers: { 'x-namespace': 'other' } })).status).toBe(404);
    expect((await decode({ token: admin, body: { payloads: 'x' } })).status).toBe(422);
  });

  it('accepts the session cookie only from the Temporal UI origin, and answers its CORS preflight', async () => {
    const admin = await stack.login('admin');
    const cookie = { cookie: `digisoc_session=${admin}` };
    const fromUi = await decode({ headers: { ...cookie, origin: stack.config.temporal.uiOrigin } });
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(stack.config.temporal.uiOrigin);
    expect(fromUi.headers.get('access-control-allow-credentials')).toBe('true');
    const fromElsewhere = await decode({ headers: { ...cookie, origin: 'https://evil.example' } });
    expect(fromElsewhere.status).toBe(403);
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await stack.request('OPTIONS', '/codec/decode', {
      headers: {
        origin: stack.config.temporal.uiOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(stack.config.temporal.uiOrigin);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
  });
});
