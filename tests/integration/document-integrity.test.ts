/**
 * Promise: "SHA-256 verified on every read". An object is changed in MinIO behind the API's back (same key, written
 * with the MinIO client); the next read of that version is refused with problem+json, the refusal is audited and an
 * integrity alert is raised for the case's municipality — for the latest version and for an older one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Alert, AuditEntry, DocumentVersion } from '../../infra/db/entities/index.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { pdfBytes } from '../helpers/files.js';

let stack: TestStack;
let token: string;
let caseId: string;
let docId: string;

const form = (label: string, withMeta = true) => {
  const f = new FormData();
  if (withMeta) {
    f.append('title', 'Iesniegums');
    f.append('type', 'other');
  }
  f.append('file', new Blob([new Uint8Array(pdfBytes(label))]), 'iesniegums.pdf');
  return f;
};

async function tamper(version: number): Promise<void> {
  const v = await stack.orm.em.fork().findOneOrFail(DocumentVersion, { documentId: docId, version });
  await stack.store.client.putObject(
    stack.store.bucket,
    v.objectKey,
    Buffer.from(pdfBytes('altered behind the API')),
  );
}

const read = (version?: number) =>
  stack.request(
    'GET',
    `/api/v1/cases/${caseId}/documents/${docId}/content${version ? `?version=${version}` : ''}`,
    { token },
  );

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  token = await stack.login('soc.riga');
  const person = (await (
    await stack.request('POST', '/api/v1/persons', {
      token,
      json: {
        personalCode: '321234-56789',
        firstName: 'Inta',
        lastName: 'Integritāte',
        birthDate: '1970-01-01',
      },
    })
  ).json()) as { id: string };
  const kase = await stack.request('POST', '/api/v1/cases', { token, json: { personId: person.id } });
  expect(kase.status).toBe(201);
  caseId = ((await kase.json()) as { id: string }).id;
  const doc = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, { token, body: form('v1') });
  expect(doc.status).toBe(201);
  docId = ((await doc.json()) as { id: string }).id;
  const v2 = await stack.request('POST', `/api/v1/cases/${caseId}/documents/${docId}/versions`, {
    token,
    body: form('v2', false),
  });
  expect(v2.status).toBe(201);
});
afterAll(async () => {
  await stack.close();
});

async function expectRefused(version: number) {
  const res = await read(version === 2 ? undefined : version);
  expect(res.status).toBe(500);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    type: 'https://digisoc.lm.gov.lv/problems/document-integrity',
    status: 500,
    documentId: docId,
    version,
  });
  expect(String(body.detail)).toContain('SHA-256');
  const em = stack.orm.em.fork();
  const audited = await em.find(AuditEntry, { resourceId: docId, action: 'document.integrity-failed' });
  expect(audited.map((a) => [a.outcome, a.actor, (a.details as { version: number }).version])).toContainEqual(
    ['error', 'soc.riga', version],
  );
  const alerts = await em.find(Alert, { kind: 'integrity', subjectId: docId, escalationNo: version });
  expect(alerts).toHaveLength(1);
  expect(alerts[0]).toMatchObject({ caseId, municipalityCode: '0001000', state: 'open' });
}

describe('SHA-256 verified on every read', () => {
  it('serves both versions while the stored bytes are unchanged', async () => {
    for (const v of [1, 2]) {
      const res = await read(v);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(pdfBytes(`v${v}`));
    }
  });

  it('refuses the latest version altered in MinIO: problem+json, audited, one integrity alert', async () => {
    await tamper(2);
    await expectRefused(2);
    // Read again: refused again, still one alert for this version.
    await expectRefused(2);
    // The untouched older version is still served.
    expect((await read(1)).status).toBe(200);
  });

  it('refuses an older version altered in MinIO the same way', async () => {
    await tamper(1);
    await expectRefused(1);
  });
});
