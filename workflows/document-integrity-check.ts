/**
 * documentIntegrityCheck: re-verifies the SHA-256 of every stored version of a case's documents against MinIO and
 * records the result in the case timeline. Durable: a worker crash mid-way resumes where it stopped.
 */
import { defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DocumentIntegrityActivities, IntegrityFailure } from '../activities/document-integrity.js';

const { listStoredDocumentVersions, recordIntegrityResult } = proxyActivities<DocumentIntegrityActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

const { verifyStoredDocument } = proxyActivities<DocumentIntegrityActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

export interface DocumentIntegrityProgress {
  total: number;
  checked: number;
  failures: IntegrityFailure[];
}

export const integrityProgressQuery = defineQuery<DocumentIntegrityProgress>('integrityProgress');

/** How many versions are verified at the same time. */
const PARALLEL = 4;

export async function documentIntegrityCheck(input: {
  caseId: string;
  requestedBy: string;
}): Promise<DocumentIntegrityProgress> {
  const versions = await listStoredDocumentVersions(input.caseId);
  const progress: DocumentIntegrityProgress = { total: versions.length, checked: 0, failures: [] };
  setHandler(integrityProgressQuery, () => progress);
  for (let i = 0; i < versions.length; i += PARALLEL) {
    const batch = versions.slice(i, i + PARALLEL);
    const results = await Promise.all(batch.map((ref) => verifyStoredDocument(ref)));
    for (const failure of results) if (failure) progress.failures.push(failure);
    progress.checked += batch.length;
  }
  await recordIntegrityResult({
    caseId: input.caseId,
    requestedBy: input.requestedBy,
    workflowId: workflowInfo().workflowId,
    checked: progress.checked,
    failures: progress.failures,
  });
  return progress;
}
