/** A worker refreshes registry data on a demo client: the real simulator, worker, Temporal and MinIO. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Case, Person, RegistryRequest } from '../../infra/db/entities/index.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let token: string;
let caseId: string;

beforeAll(async () => {
  stack = await startTestStack();
  token = await stack.login('soc.riga');
  const em = stack.orm.em.fork();
  const person = await em.findOneOrFail(Person, { personalCode: '140384-19729' });
  caseId = (await em.findOneOrFail(Case, { personId: person.id, status: 'open' })).id;
});
afterAll(async () => {
  await stack.close();
});

async function waitForCompletion(): Promise<{
  state: string;
  registries: Record<string, { status: string; snapshotDocumentId: string | null }>;
}> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await stack.request('GET', `/api/v1/cases/${caseId}/registry-checks/latest`, { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      state: string;
      registries: Record<string, { status: string; snapshotDocumentId: string | null }>;
    };
    if (body.state === 'completed') return body;
    if (Date.now() > deadline) throw new Error(`registry check still ${body.state}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('registry checks through the API', () => {
  it('answers 404 before any check was made', async () => {
    expect(
      (await stack.request('GET', `/api/v1/cases/${caseId}/registry-checks/latest`, { token })).status,
    ).toBe(404);
  });

  it('refreshes registry data and stores one evidence snapshot per answer in the case file', async () => {
    const start = await stack.request('POST', `/api/v1/cases/${caseId}/registry-checks`, { token, json: {} });
    expect(start.status).toBe(202);
    const { workflowId } = (await start.json()) as { workflowId: string };
    expect(workflowId).toMatch(/^registry-check-/);

    const done = await waitForCompletion();
    for (const code of ['pmlp', 'vdeavk', 'vsaa', 'vid', 'nva', 'vzd', 'account-register', 'banks']) {
      expect(done.registries[code]?.status).toBe('ok');
      expect(done.registries[code]?.snapshotDocumentId).toEqual(expect.any(String));
    }

    const events = (await (
      await stack.request('GET', `/api/v1/cases/${caseId}/events`, { token })
    ).json()) as {
      type: string;
      summary: string;
      documentId: string | null;
    }[];
    const received = events.filter((e) => e.type === 'registry.data-received');
    expect(received.length).toBeGreaterThanOrEqual(8);
    expect(received.map((e) => e.summary).join('\n')).toMatch(/Dati saņemti no VSAA/);

    const docId = done.registries.vsaa?.snapshotDocumentId ?? '';
    const content = await stack.request('GET', `/api/v1/cases/${caseId}/documents/${docId}/content`, {
      token,
    });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/json');
    const snapshot = (await content.json()) as { registry: string; legalBasis: string; payload: unknown };
    expect(snapshot.registry).toBe('vsaa');
    expect(snapshot.legalBasis.length).toBeGreaterThan(10);

    const log = await stack.orm.em.fork().find(RegistryRequest, { caseId });
    expect(log.length).toBeGreaterThanOrEqual(8);
    expect(log.every((r) => r.requestedBy === 'soc.riga' && r.legalBasis.length > 10)).toBe(true);
  });

  it('keeps the other registries when one answers against its contract, and names it', async () => {
    const sim = process.env.DIGISOC_REGISTRY_SIM_URL ?? '';
    await fetch(`${sim}/_admin/faults/vzd`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ malformed: true }),
    });
    try {
      const start = await stack.request('POST', `/api/v1/cases/${caseId}/registry-checks`, {
        token,
        json: { registries: ['pmlp', 'vzd', 'nva'] },
      });
      expect(start.status).toBe(202);
      const done = await waitForCompletion();
      expect(done.registries.vzd?.status).toBe('unavailable');
      expect(done.registries.vzd?.snapshotDocumentId).toBeNull();
      expect(done.registries.pmlp?.status).toBe('ok');
      expect(done.registries.nva?.status).toBe('ok');
    } finally {
      await fetch(`${sim}/_admin/faults`, { method: 'DELETE' });
    }
  });

  it('is scoped: another municipality gets 404, a role without the right gets 403', async () => {
    const cesis = await stack.login('soc.cesis');
    expect(
      (await stack.request('POST', `/api/v1/cases/${caseId}/registry-checks`, { token: cesis, json: {} }))
        .status,
    ).toBe(404);
    const auditor = await stack.login('auditors');
    expect(
      (await stack.request('POST', `/api/v1/cases/${caseId}/registry-checks`, { token: auditor, json: {} }))
        .status,
    ).toBe(403);
  });
});
