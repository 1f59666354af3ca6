/**
 * documentIntegrityCheck: re-verifies the SHA-256 of every stored version of a case's documents against MinIO and
 * records the result in the case timeline. Durable: a worker crash mid-way resumes where it stopped.
 */
import { defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DocumentIntegrityActivities, IntegrityFailure } from '../activities/document-integrity.js';

const { listStoredDocumentVersions, recordIntegrityResult } = proxyActivities<DocumentIntegrityActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

const verifyRetry = {
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
  maximumAttempts: 20,
};
/** Re-hashing time grows with the object: small files get a short timeout so a lost worker is noticed fast. */
const verifySmall = proxyActivities<DocumentIntegrityActivities>({
  startToCloseTimeout: '15 seconds',
  retry: verifyRetry,
});
const verifyLarge = proxyActivities<DocumentIntegrityActivities>({
  startToCloseTimeout: '3 minutes',
  retry: verifyRetry,
});
const LARGE_BYTES = 5 * 1024 * 1024;

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
    const results = await Promise.all(
      batch.map((ref) => (ref.size > LARGE_BYTES ? verifyLarge : verifySmall).verifyStoredDocument(ref)),
    );
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
