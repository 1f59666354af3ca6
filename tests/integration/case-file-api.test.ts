/** The case file through the real stack: auth, persons, cases, timeline, documents in MinIO, audit. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { AuditEntry, Case, Document, DocumentVersion, Person } from '../../infra/db/entities/index.js';
import { RIGA } from '../../infra/db/municipalities.js';
import { countObjects, startTestStack, type TestStack } from '../helpers/test-stack.js';
import { docxBytes, edocBytes, pdfBytes, pngBytes, textBytes } from '../helpers/files.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function form(file: Buffer, fields: Record<string, string>, fileName = 'dokuments.pdf'): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([new Uint8Array(file)]), fileName);
  return f;
}

let stack: TestStack;
let riga: string;
let cesis: string;
let auditor: string;
let supervisor: string;

async function newClientCase(
  token: string,
  code: string,
  names = { firstName: 'Marta', lastName: 'Priede' },
) {
  const person = await stack.request('POST', '/api/v1/persons', {
    token,
    json: { personalCode: code, ...names },
  });
  expect([200, 201]).toContain(person.status);
  const p = (await person.json()) as { id: string };
  const res = await stack.request('POST', '/api/v1/cases', { token, json: { personId: p.id } });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; number: string; client: { id: string } };
}

beforeAll(async () => {
  stack = await startTestStack({ worker: false, env: { DIGISOC_UPLOAD_MAX_BYTES: String(1024 * 1024) } });
  [riga, cesis, auditor, supervisor] = await Promise.all([
    stack.login('soc.riga'),
    stack.login('soc.cesis'),
    stack.login('auditors'),
    stack.login('vad.riga'),
  ]);
});
afterAll(async () => {
  await stack.close();
});

describe('login', () => {
  it('returns a token and the user', async () => {
    const res = await stack.request('POST', '/api/v1/auth/login', {
      json: { username: 'vad.riga', password: 'demo' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: unknown };
    expect(body.token.length).toBeGreaterThan(30);
    expect(body.user).toEqual({ username: 'vad.riga', role: 'supervisor', municipalityCode: RIGA });
  });

  it('answers 401 problem+json for wrong credentials and unknown users alike', async () => {
    for (const json of [
      { username: 'soc.riga', password: 'nepareizi' },
      { username: 'nav.tads', password: 'demo' },
    ]) {
      const res = await stack.request('POST', '/api/v1/auth/login', { json });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('throttles instead of locking: after the 4th failure in a row even the right password waits 2 s (429 with Retry-After)', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await stack.request('POST', '/api/v1/auth/login', {
        json: { username: 'admin', password: 'x' },
      });
      expect(res.status).toBe(401);
    }
    const right = await stack.request('POST', '/api/v1/auth/login', {
      json: { username: 'admin', password: 'demo' },
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBe(2);
  });

  it('validates the body with field paths', async () => {
    const res = await stack.request('POST', '/api/v1/auth/login', { json: { username: '' } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(['password', 'username']);
  });

  it('rejects calls without a valid token', async () => {
    expect((await stack.request('GET', '/api/v1/cases')).status).toBe(401);
    expect((await stack.request('GET', '/api/v1/cases', { token: 'not-a-token' })).status).toBe(401);
  });
});

describe('municipalities', () => {
  it('lists all 43 with ATVK codes', async () => {
    const res = await stack.request('GET', '/api/v1/municipalities', { token: riga });
    const list = (await res.json()) as { atvk: string; name: string }[];
    expect(list).toHaveLength(43);
    expect(list).toContainEqual({ atvk: '0001000', name: 'Rīga' });
    expect(list).toContainEqual({ atvk: '0026000', name: 'Cēsu novads' });
    expect(new Set(list.map((m) => m.atvk)).size).toBe(43);
  });
});

describe('persons', () => {
  it('derives the birth date from an old-format code and answers a known code with the same person id (201 both times)', async () => {
    const first = await stack.request('POST', '/api/v1/persons', {
      token: riga,
      json: { personalCode: '220270-10004', firstName: 'Ojārs', lastName: 'Bērziņš' },
    });
    expect(first.status).toBe(201);
    const p = (await first.json()) as { id: string; birthDate: string; personalCodeMasked: string };
    expect(p.birthDate).toBe('1970-02-22');
    expect(p.personalCodeMasked).toBe('220270-*****');
    const again = await stack.request('POST', '/api/v1/persons', {
      token: riga,
      json: { personalCode: '22027010004', firstName: 'Ojārs', lastName: 'Bērziņš' },
    });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(p.id);
    const search = () =>
      stack.request('POST', '/api/v1/persons/search', {
        token: riga,
        json: { personalCode: '220270-10004' },
      });
    // Found within the municipality's cases only (issue 14): once the person has a case here.
    expect((await search()).status).toBe(404);
    const opened = await stack.request('POST', '/api/v1/cases', { token: riga, json: { personId: p.id } });
    expect(opened.status).toBe(201);
    const found = await search();
    expect(found.status).toBe(200);
    expect(((await found.json()) as { id: string }).id).toBe(p.id);
  });

  it.each([
    ['a wrong check digit', { personalCode: '220270-10005', firstName: 'A', lastName: 'B' }, 'personalCode'],
    ['an impossible date', { personalCode: '310270-10004', firstName: 'A', lastName: 'B' }, 'personalCode'],
    [
      'a new-format code without birth date',
      { personalCode: '321234-56789', firstName: 'A', lastName: 'B' },
      'birthDate',
    ],
    [
      'a birth date contradicting the code',
      { personalCode: '220270-10004', firstName: 'A', lastName: 'B', birthDate: '1970-02-23' },
      'birthDate',
    ],
    ['a missing first name', { personalCode: '220270-10004', lastName: 'B' }, 'firstName'],
  ])('answers 422 naming the field for %s', async (_name, json, field) => {
    const res = await stack.request('POST', '/api/v1/persons', { token: riga, json });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain(field);
  });

  it('accepts a new-format code with a birth date', async () => {
    const res = await stack.request('POST', '/api/v1/persons', {
      token: riga,
      json: {
        personalCode: '321234-56789',
        firstName: 'Jauns',
        lastName: 'Formāts',
        birthDate: '2019-05-01',
      },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { birthDate: string }).birthDate).toBe('2019-05-01');
  });
});

describe('cases', () => {
  it('opens one case per client per municipality and hides it from other municipalities', async () => {
    const c = await newClientCase(riga, '010190-10001');
    expect(c.number).toMatch(/^0001000-\d{4}-\d{6}$/);
    const dup = await stack.request('POST', '/api/v1/cases', {
      token: riga,
      json: { personId: c.client.id },
    });
    expect(dup.status).toBe(409);
    const mine = await stack.request('GET', `/api/v1/cases/${c.id}`, { token: riga });
    expect(mine.status).toBe(200);
    const body = (await mine.json()) as { status: string; municipalityCode: string };
    expect(body).toMatchObject({ status: 'open', municipalityCode: RIGA });
    const theirs = await stack.request('GET', `/api/v1/cases/${c.id}`, { token: cesis });
    expect(theirs.status).toBe(404);
    const cesisList = (await (
      await stack.request('GET', '/api/v1/cases?limit=100', { token: cesis })
    ).json()) as {
      items: { id: string; municipalityCode: string }[];
    };
    expect(cesisList.items.length).toBeGreaterThan(0);
    expect(cesisList.items.map((i) => i.municipalityCode)).toEqual(cesisList.items.map(() => '0026000'));
    expect(cesisList.items.map((i) => i.id)).not.toContain(c.id);
    // Another municipality may open its own case for the same client.
    const cesisCase = await stack.request('POST', '/api/v1/cases', {
      token: cesis,
      json: { personId: c.client.id },
    });
    expect(cesisCase.status).toBe(201);
  });

  it('pages with a cursor and searches by name', async () => {
    for (const code of ['010280-10003', '010380-10007', '010480-10000']) {
      await newClientCase(riga, code, { firstName: 'Lapa', lastName: 'Kursors' });
    }
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await stack.request('GET', `/api/v1/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: riga,
      });
      const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const i of page.items) {
        expect(seen.has(i.id)).toBe(false);
        seen.add(i.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(await stack.orm.em.fork().count(Case, { municipalityCode: RIGA }));
    const search = (await (
      await stack.request('GET', '/api/v1/cases?q=Kursors', { token: riga })
    ).json()) as {
      items: { client: { lastName: string } }[];
    };
    expect(search.items).toHaveLength(3);
    expect(search.items.every((i) => i.client.lastName === 'Kursors')).toBe(true);
    const bad = await stack.request('GET', '/api/v1/cases?limit=1000', { token: riga });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('query.limit');
  });
});

describe('documents', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await newClientCase(riga, '050575-10005', { firstName: 'Jānis', lastName: 'Ozols' })).id;
  });

  it('stores a PDF, lists it, streams it back with ETag and keeps every version', async () => {
    const v1 = pdfBytes('first version');
    const up = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, {
      token: riga,
      body: form(v1, { title: 'Iesniegums', type: 'application' }, 'iesniegums.pdf'),
    });
    expect(up.status).toBe(201);
    const created = (await up.json()) as {
      id: string;
      version: number;
      sha256: string;
      size: number;
      contentType: string;
    };
    expect(created).toMatchObject({
      version: 1,
      sha256: sha256(v1),
      size: v1.length,
      contentType: 'application/pdf',
    });

    const list = (await (
      await stack.request('GET', `/api/v1/cases/${caseId}/documents`, { token: riga })
    ).json()) as {
      id: string;
      title: string;
    }[];
    expect(list.map((d) => d.title)).toContain('Iesniegums');

    const dl = await stack.request('GET', `/api/v1/cases/${caseId}/documents/${created.id}/content`, {
      token: riga,
    });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('etag')).toBe(`"${sha256(v1)}"`);
    expect(dl.headers.get('content-type')).toBe('application/pdf');
    expect(dl.headers.get('content-disposition')).toContain('iesniegums.pdf');
    expect(Buffer.from(await dl.arrayBuffer()).equals(v1)).toBe(true);
    const cached = await stack.request('GET', `/api/v1/cases/${caseId}/documents/${created.id}/content`, {
      token: riga,
      headers: { 'if-none-match': `"${sha256(v1)}"` },
    });
    expect(cached.status).toBe(304);

    const v2 = pdfBytes('second version');
    const up2 = await stack.request('POST', `/api/v1/cases/${caseId}/documents/${created.id}/versions`, {
      token: riga,
      body: form(v2, {}, 'iesniegums-v2.pdf'),
    });
    expect(up2.status).toBe(201);
    expect(((await up2.json()) as { version: number }).version).toBe(2);
    const versions = (await (
      await stack.request('GET', `/api/v1/cases/${caseId}/documents/${created.id}/versions`, { token: riga })
    ).json()) as { version: number; sha256: string }[];
    expect(versions.map((v) => [v.version, v.sha256])).toEqual([
      [1, sha256(v1)],
      [2, sha256(v2)],
    ]);
    const latest = await stack.request('GET', `/api/v1/cases/${caseId}/documents/${created.id}/content`, {
      token: riga,
    });
    expect(Buffer.from(await latest.arrayBuffer()).equals(v2)).toBe(true);
    const old = await stack.request(
      'GET',
      `/api/v1/cases/${caseId}/documents/${created.id}/content?version=1`,
      { token: riga },
    );
    expect(Buffer.from(await old.arrayBuffer()).equals(v1)).toBe(true);

    const events = (await (
      await stack.request('GET', `/api/v1/cases/${caseId}/events`, { token: riga })
    ).json()) as {
      type: string;
      actor: string;
      documentId: string | null;
    }[];
    expect(events.map((e) => e.type)).toEqual(['case.opened', 'document.added', 'document.version-added']);
    expect(events[1]).toMatchObject({ actor: 'soc.riga', documentId: created.id });
  });

  it.each([
    ['PNG', pngBytes(), 'image/png', 'foto.png'],
    [
      'DOCX',
      docxBytes(),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'a.docx',
    ],
    ['EDOC', edocBytes(), 'application/vnd.etsi.asic-e+zip', 'parakstits.edoc'],
    ['TXT', textBytes(), 'text/plain', 'piezime.txt'],
  ])('accepts %s, typed by content', async (_n, bytes, type, name) => {
    const res = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, {
      token: riga,
      body: form(bytes, { title: name, type: 'other' }, name.replace(/\.\w+$/, '.bin')),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { contentType: string }).contentType).toBe(type);
  });

  it('refuses other types (415), oversized files (413) and invalid fields (422), leaving nothing behind', async () => {
    const em = stack.orm.em.fork();
    const docsBefore = await em.count(Document, {});
    const objectsBefore = await countObjects(stack.store);
    const exe = Buffer.concat([Buffer.from('4d5a9000', 'hex'), Buffer.alloc(2000, 7)]);
    const r415 = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, {
      token: riga,
      body: form(exe, { title: 'x', type: 'other' }, 'not-a.pdf'),
    });
    expect(r415.status).toBe(415);
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const r413 = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, {
      token: riga,
      body: form(big, { title: 'liels', type: 'other' }),
    });
    expect(r413.status).toBe(413);
    expect(((await r413.json()) as { detail: string }).detail).toContain('1048576');
    const r422 = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, {
      token: riga,
      body: form(pdfBytes(), { title: '', type: 'nezinams' }),
    });
    expect(r422.status).toBe(422);
    const paths = ((await r422.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(['title', 'type']);
    expect(await em.count(Document, {})).toBe(docsBefore);
    expect(await countObjects(stack.store)).toBe(objectsBefore);
  });

  it('removes the stored object when the database write fails after the upload', async () => {
    const em = stack.orm.em.fork();
    const objectsBefore = await countObjects(stack.store);
    const docsBefore = await em.count(Document, {});
    const conn = em.getConnection();
    await conn.execute('alter table document_versions rename to document_versions_off');
    try {
      const res = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, {
        token: riga,
        body: form(pdfBytes('db down'), { title: 'Nesaglabāsies', type: 'letter' }),
      });
      expect(res.status).toBe(500);
    } finally {
      await conn.execute('alter table document_versions_off rename to document_versions');
    }
    expect(await countObjects(stack.store)).toBe(objectsBefore);
    expect(await em.count(Document, {})).toBe(docsBefore);
  });

  it('answers 404 for another municipality and 403 for a role without document access', async () => {
    const docs = (await (
      await stack.request('GET', `/api/v1/cases/${caseId}/documents`, { token: riga })
    ).json()) as {
      id: string;
    }[];
    const docId = docs[0]?.id ?? '';
    for (const path of [
      `/api/v1/cases/${caseId}/documents`,
      `/api/v1/cases/${caseId}/documents/${docId}/content`,
      `/api/v1/cases/${caseId}/documents/${docId}/versions`,
    ]) {
      expect((await stack.request('GET', path, { token: cesis })).status).toBe(404);
      expect((await stack.request('GET', path, { token: auditor })).status).toBe(403);
    }
    const res = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, {
      token: cesis,
      body: form(pdfBytes(), { title: 'x', type: 'other' }),
    });
    expect(res.status).toBe(404);
  });

  it('streams an upload near the limit without holding it in memory', async () => {
    const size = 1024 * 1024 - 4096;
    const head = pdfBytes('large');
    let sent = 0;
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const boundary = 'digisoc-stream-boundary';
    const preamble = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nLiels fails\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nother\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="liels.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const hash = createHash('sha256').update(head);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(preamble);
        controller.enqueue(head);
        sent = head.length;
      },
      pull(controller) {
        if (sent >= size) {
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        hash.update(part);
        sent += part.length;
        controller.enqueue(part);
      },
    });
    const res = await fetch(`${stack.baseUrl}/api/v1/cases/${caseId}/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${riga}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { size: number; sha256: string };
    expect(created).toEqual(expect.objectContaining({ size, sha256: hash.digest('hex') }));
  });
});

describe('audit log', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = (await newClientCase(riga, '120688-10009', { firstName: 'Kristīne', lastName: 'Vītiņa' })).id;
    await stack.request('GET', `/api/v1/cases/${caseId}`, { token: riga });
    await stack.request('GET', `/api/v1/cases/${caseId}`, { token: cesis });
  });

  it('records reads and changes with actor, role, action and outcome, for auditors and the supervisor', async () => {
    const res = await stack.request('GET', `/api/v1/audit?caseId=${caseId}`, { token: auditor });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as {
      items: { actor: string; role: string; action: string; outcome: string }[];
    };
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'soc.riga',
          role: 'social_worker',
          action: 'case.create',
          outcome: 'success',
        }),
        expect.objectContaining({ actor: 'soc.riga', action: 'case.read', outcome: 'success' }),
        expect.objectContaining({ actor: 'soc.cesis', action: 'case.read', outcome: 'not-found' }),
      ]),
    );
    expect((await stack.request('GET', `/api/v1/audit?caseId=${caseId}`, { token: supervisor })).status).toBe(
      200,
    );
    expect((await stack.request('GET', `/api/v1/audit?caseId=${caseId}`, { token: riga })).status).toBe(403);
  });

  it('never stores a personal code in the audit log', async () => {
    const entries = await stack.orm.em.fork().find(AuditEntry, {});
    const codes = (await stack.orm.em.fork().find(Person, {})).map((p) => p.personalCode);
    const text = JSON.stringify(entries);
    for (const code of codes) expect(text).not.toContain(code);
  });

  it('verifies the hash chain and names the first entry tampered with in the database', async () => {
    const ok = (await (await stack.request('GET', '/api/v1/audit/verify', { token: auditor })).json()) as {
      valid: boolean;
      entries: number;
    };
    expect(ok.valid).toBe(true);
    expect(ok.entries).toBeGreaterThan(10);
    const em = stack.orm.em.fork();
    const victim = await em.findOneOrFail(AuditEntry, { caseId, action: 'case.read', actor: 'soc.riga' });
    await em
      .getConnection()
      .execute("update audit_log set actor = 'someone.else' where seq = ?", [victim.seq]);
    try {
      const broken = (await (
        await stack.request('GET', '/api/v1/audit/verify', { token: auditor })
      ).json()) as {
        valid: boolean;
        firstBrokenSeq: number;
      };
      expect(broken.valid).toBe(false);
      expect(broken.firstBrokenSeq).toBe(victim.seq);
    } finally {
      await em.getConnection().execute("update audit_log set actor = 'soc.riga' where seq = ?", [victim.seq]);
    }
    const restored = (await (
      await stack.request('GET', '/api/v1/audit/verify', { token: auditor })
    ).json()) as {
      valid: boolean;
    };
    expect(restored.valid).toBe(true);
  });
});

describe('no personal code in any URL or stored object key', () => {
  it('keeps object keys opaque', async () => {
    const versions = await stack.orm.em.fork().find(DocumentVersion, {});
    const codes = (await stack.orm.em.fork().find(Person, {})).map((p) => p.personalCode.replace('-', ''));
    for (const v of versions) {
      expect(v.objectKey).toMatch(/^case-files\/[0-9a-f]{2}\/[0-9a-f-]{36}$/);
      for (const code of codes) expect(v.objectKey.replace(/-/g, '')).not.toContain(code);
    }
  });
});
