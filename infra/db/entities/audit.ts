import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Append-only, hash-chained audit log: each entry carries the hash of the previous one. */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    seq: p.integer().primary().autoincrement(false),
    at: p.datetime(),
    actor: p.string().length(100),
    role: p.string().length(40),
    municipalityCode: p.string().length(7).nullable(),
    action: p.string().length(80),
    resourceType: p.string().length(40),
    resourceId: p.string().length(100).nullable(),
    caseId: p.string().length(36).nullable().index(),
    /** The person the entry is about (their access history), e.g. the subject of a registry request. */
    subjectPersonId: p.string().length(36).nullable().index(),
    outcome: p.string().length(20),
    purpose: p.string().length(100).nullable(),
    requestId: p.string().length(64).nullable(),
    details: p.json<Record<string, unknown>>().nullable(),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
  },
});
export type IAuditEntry = InferEntity<typeof AuditEntry>;
