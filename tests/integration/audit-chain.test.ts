/**
 * Promise: "the audit log is a hash chain; tampering is detected and the first bad entry named". The edited row is
 * covered in case-file-api.test.ts; here a deleted row, two swapped rows and an entry inserted in the middle. Each
 * tampering is done in the database (as someone with database access would) inside a transaction that is rolled
 * back, and verified with the same verifyAuditChain that GET /api/v1/audit/verify runs; the deleted row is also
 * checked through the API with the change committed, then restored.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEntry, type IAuditEntry } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { entryHash, verifyAuditChain, type ChainVerification } from '../../services/audit-log.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let auditor: string;
/** A sequence number in the middle of the chain. */
let k: number;

class Rollback extends Error {}

/** Applies `change` in a transaction, verifies the chain as it then is, and rolls the change back. */
async function verifyTampered(change: (tx: Em) => Promise<void>): Promise<ChainVerification> {
  let result: ChainVerification | undefined;
  await stack.orm.em
    .fork()
    .transactional(async (tx) => {
      await change(tx);
      result = await verifyAuditChain(tx);
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  if (!result) throw new Error('no verification result');
  return result;
}

const entry = (em: Em, seq: number) => em.findOneOrFail(AuditEntry, { seq }, { disableIdentityMap: true });

/** Moves entries k.. one place up, leaving seq k free. */
async function openGapAt(tx: Em, seq: number) {
  await tx.execute('update audit_log set seq = seq + 1000000 where seq >= ?', [seq]);
  await tx.execute('update audit_log set seq = seq - 999999 where seq >= 1000000');
}

function hashed(e: IAuditEntry) {
  return {
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    role: e.role,
    municipalityCode: e.municipalityCode ?? null,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId ?? null,
    caseId: e.caseId ?? null,
    subjectPersonId: e.subjectPersonId ?? null,
    outcome: e.outcome,
    purpose: e.purpose ?? null,
    requestId: e.requestId ?? null,
    details: (e.details as Record<string, unknown> | null) ?? null,
  };
}

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  const worker = await stack.login('soc.riga');
  auditor = await stack.login('auditors');
  const person = (await (
    await stack.request('POST', '/api/v1/persons', {
      token: worker,
      json: {
        personalCode: '321111-22222',
        firstName: 'Ķēde',
        lastName: 'Žurnāla',
        birthDate: '1980-01-01',
      },
    })
  ).json()) as { id: string };
  const kase = (await (
    await stack.request('POST', '/api/v1/cases', { token: worker, json: { personId: person.id } })
  ).json()) as { id: string };
  for (let i = 0; i < 6; i++)
    await (await stack.request('GET', `/api/v1/cases/${kase.id}`, { token: worker })).text();
  const verified = await verifyAuditChain(stack.orm.em.fork());
  expect(verified.valid).toBe(true);
  expect(verified.entries).toBeGreaterThanOrEqual(8);
  k = Math.floor(verified.entries / 2);
});
afterAll(async () => {
  await stack.close();
});

describe('audit chain: tampering detected, first bad entry named', () => {
  it('a deleted row (through GET /api/v1/audit/verify, committed, then restored)', async () => {
    const em = stack.orm.em.fork();
    const victim = await entry(em, k);
    await em.execute('delete from audit_log where seq = ?', [k]);
    try {
      const res = await stack.request('GET', '/api/v1/audit/verify', { token: auditor });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        valid: false,
        firstBrokenSeq: k,
        reason: 'entry missing from the chain',
      });
    } finally {
      await em.fork().insert(AuditEntry, { ...victim });
    }
    expect((await verifyAuditChain(stack.orm.em.fork())).valid).toBe(true);
  });

  it('two swapped rows', async () => {
    const result = await verifyTampered(async (tx) => {
      await tx.execute('update audit_log set seq = -1 where seq = ?', [k]);
      await tx.execute('update audit_log set seq = ? where seq = ?', [k, k + 1]);
      await tx.execute('update audit_log set seq = ? where seq = -1', [k + 1]);
    });
    expect(result).toMatchObject({ valid: false, firstBrokenSeq: k, entries: k - 1 });
  });

  it('an entry inserted in the middle, copying its neighbour', async () => {
    const result = await verifyTampered(async (tx) => {
      const before = await entry(tx, k - 1);
      await openGapAt(tx, k);
      await tx.insert(AuditEntry, { ...before, seq: k, actor: 'forger' });
    });
    expect(result).toMatchObject({ valid: false, firstBrokenSeq: k });
  });

  it('an entry inserted in the middle with a correctly computed hash: the next entry is named', async () => {
    // The chain is unkeyed SHA-256: a forger who recomputes the inserted entry's hash makes that entry itself
    // consistent, but the original entry after it still links to the entry before the insertion.
    const result = await verifyTampered(async (tx) => {
      const before = await entry(tx, k - 1);
      await openGapAt(tx, k);
      const fields = { ...hashed(before), seq: k, actor: 'forger', at: new Date(before.at.getTime() + 1) };
      await tx.insert(AuditEntry, { ...fields, prevHash: before.hash, hash: entryHash(before.hash, fields) });
    });
    expect(result).toMatchObject({ valid: false, firstBrokenSeq: k + 1 });
  });

  it('the chain is whole again after each rolled-back tampering', async () => {
    const verified = await verifyAuditChain(stack.orm.em.fork());
    expect(verified).toMatchObject({ valid: true });
  });
});
