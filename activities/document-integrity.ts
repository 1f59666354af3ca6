/**
 * Activities of the document integrity check: list a case's stored document versions, re-hash each from MinIO,
 * and record the outcome in the case timeline and the audit log.
 */
import { Document, DocumentVersion } from '../infra/db/entities/index.js';
import type { Orm } from '../infra/db/orm.js';
import { ChecksumMismatchError, type ObjectStore } from '../infra/object-store.js';
import { appendAudit } from '../services/audit-log.js';
import { recordCaseEvent } from '../services/case-file.js';

export interface StoredVersionRef {
  documentId: string;
  version: number;
  objectKey: string;
  sha256: string;
  size: number;
}

export interface IntegrityFailure {
  documentId: string;
  version: number;
  problem: 'checksum-mismatch' | 'missing-object';
}

export function createDocumentIntegrityActivities(deps: { orm: Orm; store: ObjectStore }) {
  return {
    async listStoredDocumentVersions(caseId: string): Promise<StoredVersionRef[]> {
      const em = deps.orm.em.fork();
      const docs = await em.find(Document, { caseId }, { fields: ['id'] });
      if (docs.length === 0) return [];
      const versions = await em.find(
        DocumentVersion,
        { documentId: { $in: docs.map((d) => d.id) } },
        { orderBy: { documentId: 'asc', version: 'asc' } },
      );
      return versions.map((v) => ({
        documentId: v.documentId,
        version: v.version,
        objectKey: v.objectKey,
        sha256: v.sha256,
        size: Number(v.size),
      }));
    },

    async verifyStoredDocument(ref: StoredVersionRef): Promise<IntegrityFailure | null> {
      try {
        await deps.store.getBuffer(ref.objectKey, ref.sha256);
        return null;
      } catch (err) {
        if (err instanceof ChecksumMismatchError) {
          return { documentId: ref.documentId, version: ref.version, problem: 'checksum-mismatch' };
        }
        const code = (err as { code?: string }).code;
        if (code === 'NoSuchKey' || code === 'NotFound') {
          return { documentId: ref.documentId, version: ref.version, problem: 'missing-object' };
        }
        throw err;
      }
    },

    async recordIntegrityResult(input: {
      caseId: string;
      requestedBy: string;
      workflowId: string;
      checked: number;
      failures: IntegrityFailure[];
    }): Promise<void> {
      const em = deps.orm.em.fork();
      await em.transactional(async (tx) => {
        await recordCaseEvent(tx, {
          caseId: input.caseId,
          type: 'documents.integrity-checked',
          actor: 'system',
          summary:
            input.failures.length === 0
              ? `Dokumentu integritāte pārbaudīta: ${input.checked} versijas bez kļūdām`
              : `Dokumentu integritātes pārbaude: ${input.failures.length} no ${input.checked} versijām neatbilst`,
          data: { workflowId: input.workflowId, checked: input.checked, failures: input.failures },
        });
        await tx.flush();
        await appendAudit(tx, {
          actor: input.requestedBy,
          role: 'system',
          municipalityCode: null,
          action: 'documents.integrity-check',
          resourceType: 'case',
          resourceId: input.caseId,
          caseId: input.caseId,
          outcome: input.failures.length === 0 ? 'success' : 'error',
          requestId: null,
          details: { workflowId: input.workflowId, checked: input.checked, failed: input.failures.length },
        });
      });
    },
  };
}

export type DocumentIntegrityActivities = ReturnType<typeof createDocumentIntegrityActivities>;
