/**
 * Case-file documents: bytes in MinIO under opaque keys, metadata and versions in the database. A write is the
 * object first, then one database transaction; if the transaction fails the object is removed again, so a failed
 * step leaves neither orphan rows nor orphan objects.
 */
import { Readable } from 'node:stream';
import {
  Document,
  DocumentVersion,
  type IDocument,
  type IDocumentVersion,
} from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import { ChecksumMismatchError, ObjectStore, type StoredObject } from '../infra/object-store.js';
import { rigaToday } from '../infra/clock.js';
import type { AllowedContentType, DocumentType } from '../domain/case-file/document-types.js';
import { recordCaseEvent } from './case-file.js';
import { appendAudit, type AuditInput } from './audit-log.js';
import { raiseAlert } from './alerts.js';

export { ChecksumMismatchError, ObjectStoreUnavailableError } from '../infra/object-store.js';

export interface DocumentView {
  id: string;
  caseId: string;
  title: string;
  type: string;
  source: string;
  version: number;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  dmsRegistrationNumber: string | null;
}

export interface VersionView {
  version: number;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
  createdAt: string;
  createdBy: string;
}

export function versionView(v: IDocumentVersion): VersionView {
  return {
    version: v.version,
    sha256: v.sha256,
    size: Number(v.size),
    contentType: v.contentType,
    fileName: v.fileName,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
  };
}

export function documentView(d: IDocument, latest: IDocumentVersion): DocumentView {
  return {
    id: d.id,
    caseId: d.caseId,
    title: d.title,
    type: d.type,
    source: d.source,
    version: latest.version,
    sha256: latest.sha256,
    size: Number(latest.size),
    contentType: latest.contentType,
    fileName: latest.fileName,
    createdAt: d.createdAt.toISOString(),
    createdBy: d.createdBy,
    updatedAt: latest.createdAt.toISOString(),
    dmsRegistrationNumber: d.dmsRegistrationNumber ?? null,
  };
}

export const objectKeyPrefix = 'case-files';

/** Runs `record` in one transaction after the object is stored; removes the object if the transaction fails. */
export async function commitOrRemove<T>(
  em: Em,
  store: ObjectStore,
  stored: StoredObject,
  record: (tx: Em) => Promise<T>,
): Promise<T> {
  try {
    return await em.transactional(record);
  } catch (err) {
    await store.removeAllVersions(stored.key).catch(() => undefined);
    throw err;
  }
}

export interface NewDocumentInput {
  caseId: string;
  title: string;
  type: DocumentType;
  source: 'upload' | 'registry' | 'generated' | 'dms';
  restricted?: boolean;
  fileName: string;
  contentType: AllowedContentType;
  actor: string;
  idempotencyKey?: string | null;
  event?: { type: string; summary: string; data?: Record<string, unknown> };
  audit?: Omit<AuditInput, 'resourceId' | 'caseId' | 'outcome' | 'action' | 'resourceType'>;
}

interface VersionFields {
  fileName: string;
  contentType: AllowedContentType;
  actor: string;
}

/** The immutable row of one stored version. */
function createVersionRow(
  tx: Em,
  documentId: string,
  version: number,
  stored: StoredObject,
  input: VersionFields,
  now: Date,
): IDocumentVersion {
  return tx.create(DocumentVersion, {
    id: newId(),
    documentId,
    version,
    objectKey: stored.key,
    sha256: stored.sha256,
    size: stored.size,
    contentType: input.contentType,
    fileName: input.fileName.normalize('NFC'),
    createdAt: now,
    createdBy: input.actor,
  });
}

export async function recordNewDocument(
  tx: Em,
  stored: StoredObject,
  input: NewDocumentInput,
): Promise<{ document: IDocument; version: IDocumentVersion }> {
  const now = new Date();
  const document = tx.create(Document, {
    id: newId(),
    caseId: input.caseId,
    title: input.title,
    type: input.type,
    source: input.source,
    restricted: input.restricted ?? false,
    latestVersion: 1,
    dmsRegistrationNumber: null,
    idempotencyKey: input.idempotencyKey ?? null,
    createdAt: now,
    createdBy: input.actor,
  });
  const version = createVersionRow(tx, document.id, 1, stored, input, now);
  await recordCaseEvent(tx, {
    caseId: input.caseId,
    type: input.event?.type ?? 'document.added',
    actor: input.actor,
    summary: input.event?.summary ?? `Pievienots dokuments: ${input.title}`,
    documentId: document.id,
    data: { version: 1, sha256: stored.sha256, ...(input.event?.data ?? {}) },
    at: now,
  });
  if (input.audit) {
    await tx.flush();
    await appendAudit(tx, {
      ...input.audit,
      action: 'document.create',
      resourceType: 'document',
      resourceId: document.id,
      caseId: input.caseId,
      outcome: 'success',
    });
  }
  await tx.flush();
  return { document, version };
}

export async function recordNewVersion(
  tx: Em,
  stored: StoredObject,
  input: VersionFields & { documentId: string; audit?: NewDocumentInput['audit'] },
): Promise<{ document: IDocument; version: IDocumentVersion }> {
  const document = await tx.findOneOrFail(Document, { id: input.documentId });
  const next = document.latestVersion + 1;
  document.latestVersion = next;
  const now = new Date();
  const version = createVersionRow(tx, document.id, next, stored, input, now);
  await recordCaseEvent(tx, {
    caseId: document.caseId,
    type: 'document.version-added',
    actor: input.actor,
    summary: `Pievienota dokumenta versija ${next}: ${document.title}`,
    documentId: document.id,
    data: { version: next, sha256: stored.sha256 },
    at: now,
  });
  if (input.audit) {
    await tx.flush();
    await appendAudit(tx, {
      ...input.audit,
      action: 'document.version.create',
      resourceType: 'document',
      resourceId: document.id,
      caseId: document.caseId,
      outcome: 'success',
      details: { version: next },
    });
  }
  await tx.flush();
  return { document, version };
}

/**
 * Stores a document the system itself produced (registry evidence, letters). Idempotent by key: a retried
 * activity gets the document it stored the first time.
 */
export async function storeSystemDocument(
  em: Em,
  store: ObjectStore,
  input: Omit<NewDocumentInput, 'idempotencyKey'> & { idempotencyKey: string; body: Buffer },
): Promise<{ documentId: string; sha256: string; created: boolean }> {
  const existing = await em.findOne(Document, { idempotencyKey: input.idempotencyKey });
  if (existing) {
    const v = await em.findOneOrFail(DocumentVersion, {
      documentId: existing.id,
      version: existing.latestVersion,
    });
    return { documentId: existing.id, sha256: v.sha256, created: false };
  }
  const stored = await store.put(ObjectStore.newKey(objectKeyPrefix), Readable.from([input.body]), {
    contentType: input.contentType,
  });
  const { document } = await commitOrRemove(em, store, stored, (tx) => recordNewDocument(tx, stored, input));
  return { documentId: document.id, sha256: stored.sha256, created: true };
}

/** A document of the case that is not in the restricted area, or null. */
export async function findCaseDocument(
  em: Em,
  caseId: string,
  documentId: string,
): Promise<IDocument | null> {
  return em.findOne(Document, { id: documentId, caseId, restricted: false });
}

export async function listDocuments(
  em: Em,
  caseId: string,
  includeRestricted = false,
): Promise<DocumentView[]> {
  const docs = await em.find(Document, includeRestricted ? { caseId } : { caseId, restricted: false }, {
    orderBy: { id: 'asc' },
  });
  if (docs.length === 0) return [];
  const versions = await em.find(DocumentVersion, {
    $or: docs.map((d) => ({ documentId: d.id, version: d.latestVersion })),
  });
  const byDoc = new Map(versions.map((v) => [v.documentId, v]));
  return docs.flatMap((d) => {
    const v = byDoc.get(d.id);
    return v ? [documentView(d, v)] : [];
  });
}

export async function findDocumentVersion(
  em: Em,
  caseId: string,
  documentId: string,
  version?: number,
): Promise<{ document: IDocument; version: IDocumentVersion } | null> {
  const document = await em.findOne(Document, { id: documentId, caseId });
  if (!document) return null;
  const v = await em.findOne(DocumentVersion, { documentId, version: version ?? document.latestVersion });
  return v ? { document, version: v } : null;
}

/** Every version of the documents, each document's newest first. */
export async function versionsOfDocuments(
  em: Em,
  documentIds: readonly string[],
): Promise<IDocumentVersion[]> {
  if (documentIds.length === 0) return [];
  return em.find(
    DocumentVersion,
    { documentId: { $in: [...documentIds] } },
    { orderBy: { documentId: 'asc', version: 'desc' } },
  );
}

export async function listVersions(em: Em, documentId: string): Promise<IDocumentVersion[]> {
  return em.find(DocumentVersion, { documentId }, { orderBy: { version: 'asc' } });
}

/**
 * Reads a stored version's bytes, verifying its SHA-256 before anything is served. A mismatch (the object was
 * changed behind the system's back) raises one integrity alert per version for the case's municipality and rethrows
 * ChecksumMismatchError, so the caller refuses the read.
 */
export async function readVerifiedVersion(
  em: Em,
  store: ObjectStore,
  input: { caseId: string; municipalityCode: string; version: IDocumentVersion },
): Promise<Buffer> {
  const { version } = input;
  try {
    return await store.getBuffer(version.objectKey, version.sha256);
  } catch (err) {
    if (!(err instanceof ChecksumMismatchError)) throw err;
    await raiseAlert(em.fork(), {
      kind: 'integrity',
      subjectType: 'document',
      subjectId: version.documentId,
      caseId: input.caseId,
      municipalityCode: input.municipalityCode,
      dueDate: rigaToday(),
      escalationNo: version.version,
      idempotencyKey: `document:${version.documentId}:${version.version}:${version.sha256}:integrity`,
      summary: `Dokumenta versija Nr. ${version.version} neatbilst saglabātajai SHA-256 kontrolsummai; lejupielāde atteikta.`,
    });
    throw err;
  }
}
