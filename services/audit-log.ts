/**
 * The append-only audit log. Each entry's hash covers its fields and the previous entry's hash, so any edit or
 * deletion in the database breaks the chain and `verifyAuditChain` names the first broken entry.
 */
import { createHash } from 'node:crypto';
import { AuditEntry } from '../infra/db/entities/index.js';
import { nextCounterValue, type Em } from '../infra/db/orm.js';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'success' | 'denied' | 'not-found' | 'invalid' | 'error';

export interface AuditInput {
  actor: string;
  role: string;
  municipalityCode: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  caseId: string | null;
  /** The person the entry is about, so it appears in their access history whichever case it came from. */
  subjectPersonId?: string | null;
  outcome: AuditOutcome;
  purpose?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown> | null;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

interface HashedFields {
  seq: number;
  at: Date;
  actor: string;
  role: string;
  municipalityCode: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  caseId: string | null;
  subjectPersonId: string | null;
  outcome: string;
  purpose: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

/** A null subject person is left out of the hashed body, so entries written before the column existed still verify. */
export function entryHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({
    ...e,
    at: e.at.toISOString(),
    subjectPersonId: e.subjectPersonId ?? undefined,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one entry. Pass the transaction of the change being audited so both commit or neither does; for reads a
 * fresh transaction is opened. The counter row serialises writers across processes.
 */
export async function appendAudit(em: Em, input: AuditInput): Promise<void> {
  const write = async (tx: Em) => {
    const seq = await nextCounterValue(tx, 'audit-chain');
    const prev = seq > 1 ? await tx.findOne(AuditEntry, { seq: seq - 1 }) : null;
    const fields: HashedFields = {
      seq,
      at: new Date(),
      actor: input.actor,
      role: input.role,
      municipalityCode: input.municipalityCode,
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId,
      caseId: input.caseId,
      subjectPersonId: input.subjectPersonId ?? null,
      outcome: input.outcome,
      purpose: input.purpose ?? null,
      requestId: input.requestId ?? null,
      details: input.details ?? null,
    };
    const prevHash = prev?.hash ?? GENESIS_HASH;
    tx.create(AuditEntry, { ...fields, prevHash, hash: entryHash(prevHash, fields) });
    await tx.flush();
  };
  if (em.isInTransaction()) await write(em);
  else await em.transactional(write);
}

export interface ChainVerification {
  valid: boolean;
  entries: number;
  firstBrokenSeq?: number;
  reason?: string;
}

export async function verifyAuditChain(em: Em, pageSize = 2000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const page = await em.find(
      AuditEntry,
      { seq: { $gte: expectedSeq } },
      { orderBy: { seq: 'asc' }, limit: pageSize, disableIdentityMap: true },
    );
    if (page.length === 0) break;
    for (const e of page) {
      if (e.seq !== expectedSeq) {
        return { valid: false, entries, firstBrokenSeq: expectedSeq, reason: 'entry missing from the chain' };
      }
      if (e.prevHash !== prevHash) {
        return { valid: false, entries, firstBrokenSeq: e.seq, reason: 'previous-hash link does not match' };
      }
      const recomputed = entryHash(prevHash, {
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
      });
      if (recomputed !== e.hash) {
        return {
          valid: false,
          entries,
          firstBrokenSeq: e.seq,
          reason: 'entry content does not match its hash',
        };
      }
      prevHash = e.hash;
      expectedSeq++;
      entries++;
    }
  }
  return { valid: true, entries };
}
