/**
 * Promise: "a write is the object first, then the database; no orphan rows". A second app instance shares the test
 * stack's database but points at a MinIO port where nothing listens (a real connection refusal, no mock). An
 * upload, a new version, registry evidence (through the real registry port) and a letter (through
 * storeSystemDocument, which every letter activity uses) then fail, and the database holds no row for any of them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { CaseEvent, Document, DocumentVersion } from '../../infra/db/entities/index.js';
import { ObjectStore, ObjectStoreUnavailableError } from '../../infra/object-store.js';
import { createApp } from '../../api/app.js';
import { extraRouters } from '../../api/extra-routers.js';
import { createRegistryPorts } from '../../services/registry-ports.js';
import { storeSystemDocument } from '../../services/documents.js';
import { createLogger } from '../../infra/logger.js';
import { countObjects, startTestStack, type TestStack } from '../helpers/test-stack.js';
import { pdfBytes } from '../helpers/files.js';

let stack: TestStack;
let dead: ObjectStore;
let deadApp: ReturnType<typeof createApp>;
let token: string;
let caseId: string;
let docId: string;
let personId: string;

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const form = (withMeta: boolean) => {
  const f = new FormData();
  if (withMeta) {
    f.append('title', 'Bez krātuves');
    f.append('type', 'other');
  }
  f.append('file', new Blob([new Uint8Array(pdfBytes('no storage'))]), 'bez-kratuves.pdf');
  return f;
};

async function rows() {
  const em = stack.orm.em.fork();
  return {
    documents: await em.count(Document, { caseId }),
    versions: await em.count(DocumentVersion, {}),
    events: await em.count(CaseEvent, { caseId }),
    objects: await countObjects(stack.store),
  };
}

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  token = await stack.login('soc.riga');
  const person = (await (
    await stack.request('POST', '/api/v1/persons', {
      token,
      json: {
        personalCode: '321098-76543',
        firstName: 'Orfejs',
        lastName: 'Bezrindu',
        birthDate: '1975-01-01',
      },
    })
  ).json()) as { id: string };
  personId = person.id;
  const kase = await stack.request('POST', '/api/v1/cases', { token, json: { personId } });
  expect(kase.status).toBe(201);
  caseId = ((await kase.json()) as { id: string }).id;
  const doc = await stack.request('POST', `/api/v1/cases/${caseId}/documents`, { token, body: form(true) });
  expect(doc.status).toBe(201);
  docId = ((await doc.json()) as { id: string }).id;
  dead = new ObjectStore({ ...stack.config.minio, endpoint: `http://127.0.0.1:${await freePort()}` });
  deadApp = createApp({ ...stack.deps, store: dead }, extraRouters);
});
afterAll(async () => {
  await stack.close();
});

describe('MinIO failing during a write leaves no database row', () => {
  it('an upload: 503 problem+json, no document, version or timeline row', async () => {
    const before = await rows();
    const res = await deadApp.request(`/api/v1/cases/${caseId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form(true),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await rows()).toEqual(before);
  });

  it('a new version: 503, the document keeps its latest version, no version row', async () => {
    const before = await rows();
    const res = await deadApp.request(`/api/v1/cases/${caseId}/documents/${docId}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form(false),
    });
    expect(res.status).toBe(503);
    expect(await rows()).toEqual(before);
    expect((await stack.orm.em.fork().findOneOrFail(Document, { id: docId })).latestVersion).toBe(1);
  });

  it('registry evidence through the registry port: fails, no document row for it', async () => {
    const before = await rows();
    const ports = createRegistryPorts({
      orm: stack.orm,
      store: dead,
      logger: createLogger({ level: 'silent' }),
    });
    await expect(
      ports.evidence.storeSnapshot({
        caseId,
        registry: 'pmlp',
        subjectPersonId: personId,
        requestId: 'no-orphans-evidence-1',
        receivedAt: new Date().toISOString(),
        payload: { ok: true },
      }),
    ).rejects.toBeInstanceOf(ObjectStoreUnavailableError);
    expect(
      await stack.orm.em.fork().count(Document, { idempotencyKey: 'registry:no-orphans-evidence-1' }),
    ).toBe(0);
    expect(await rows()).toEqual(before);
  });

  it('a letter (storeSystemDocument): fails, no document row for it', async () => {
    const before = await rows();
    await expect(
      storeSystemDocument(stack.orm.em.fork(), dead, {
        caseId,
        title: 'Vēstule bez krātuves',
        type: 'letter',
        source: 'generated',
        fileName: 'vestule.html',
        contentType: 'text/html',
        actor: 'system',
        idempotencyKey: 'no-orphans-letter-1',
        body: Buffer.from('<p>Vēstule</p>'),
      }),
    ).rejects.toBeInstanceOf(ObjectStoreUnavailableError);
    expect(await rows()).toEqual(before);
  });
});
