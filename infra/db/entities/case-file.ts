import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A natural person known to DigiSoc. The personal code is stored once and never leaves in URLs or logs. */
export const Person = defineEntity({
  name: 'Person',
  tableName: 'persons',
  properties: {
    id: p.string().length(36).primary(),
    personalCode: p.string().length(12).unique(),
    firstName: p.string().length(100),
    lastName: p.string().length(100),
    /** Lower-case "first last" for case-insensitive search on both databases (Latvian letters included). */
    searchName: p.string().length(201).index(),
    birthDate: p.string().length(10).nullable(),
    deathDate: p.string().length(10).nullable(),
    createdAt: p.datetime(),
  },
});
export type IPerson = InferEntity<typeof Person>;

/** The client electronic case file (klienta elektroniskā lieta): one open case per client per municipality. */
export const Case = defineEntity({
  name: 'Case',
  tableName: 'cases',
  properties: {
    id: p.string().length(36).primary(),
    number: p.string().length(30).unique(),
    municipalityCode: p.string().length(7).index(),
    personId: p.string().length(36).index(),
    status: p.string().length(20),
    /** `<personId>:<municipality>` while open, null when closed: a unique column enforcing one open case. */
    openKey: p.string().length(50).nullable().unique(),
    openedAt: p.datetime(),
    openedBy: p.string().length(100),
    closedAt: p.datetime().nullable(),
  },
});
export type ICase = InferEntity<typeof Case>;

/** One line of a case's timeline. Summaries never hold personal codes. */
export const CaseEvent = defineEntity({
  name: 'CaseEvent',
  tableName: 'case_events',
  properties: {
    id: p.string().length(36).primary(),
    caseId: p.string().length(36).index(),
    occurredAt: p.datetime(),
    type: p.string().length(60),
    actor: p.string().length(100),
    summary: p.string().length(500),
    documentId: p.string().length(36).nullable(),
    data: p.json<Record<string, unknown>>().nullable(),
  },
});
export type ICaseEvent = InferEntity<typeof CaseEvent>;

/** A document in a case file; its bytes live in MinIO as immutable versions. */
export const Document = defineEntity({
  name: 'Document',
  tableName: 'documents',
  properties: {
    id: p.string().length(36).primary(),
    caseId: p.string().length(36).index(),
    title: p.string().length(300),
    type: p.string().length(60),
    source: p.string().length(20),
    restricted: p.boolean().default(false),
    latestVersion: p.integer(),
    dmsRegistrationNumber: p.string().length(100).nullable(),
    /** Set by system writers (activities) so a retried activity finds its document instead of adding another. */
    idempotencyKey: p.string().length(200).nullable().unique(),
    createdAt: p.datetime(),
    createdBy: p.string().length(100),
  },
});
export type IDocument = InferEntity<typeof Document>;

export const DocumentVersion = defineEntity({
  name: 'DocumentVersion',
  tableName: 'document_versions',
  uniques: [{ properties: ['documentId', 'version'] }],
  properties: {
    id: p.string().length(36).primary(),
    documentId: p.string().length(36).index(),
    version: p.integer(),
    objectKey: p.string().length(200).unique(),
    sha256: p.string().length(64),
    size: p.bigint('number'),
    contentType: p.string().length(150),
    fileName: p.string().length(255),
    createdAt: p.datetime(),
    createdBy: p.string().length(100),
  },
});
export type IDocumentVersion = InferEntity<typeof DocumentVersion>;
