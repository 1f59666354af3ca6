/**
 * outboundDocument: sends a decision letter to the municipality's DMS for registration and stores the DMS
 * registration number on the document. Retried with backoff; still failing after `alertAfter` (default 24 h) →
 * an alert task for the administrators, and delivery goes on. Every attempt carries the same idempotency key, so the
 * DMS registers the document exactly once, across retries and worker restarts.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DmsActivities } from '../activities/dms.js';
import { DEFAULT_OUTBOUND_ALERT_AFTER, DMS_CASE_FILE_OPTIONS, dmsOutboundOptions } from './dms-policies.js';

export interface OutboundDocumentInput {
  outboundId: string;
  /** e.g. "24 hours" (DIGISOC_DMS_OUTBOUND_ALERT_AFTER). */
  alertAfter?: string;
}

export interface OutboundDocumentResult {
  outboundId: string;
  registrationNumber: string | null;
  alerted: boolean;
  rejected: boolean;
}

const caseFile = proxyActivities<DmsActivities>(DMS_CASE_FILE_OPTIONS);

function rejected(err: unknown): boolean {
  return (
    err instanceof ActivityFailure &&
    err.cause instanceof ApplicationFailure &&
    err.cause.type === 'DmsRejected'
  );
}

export async function outboundDocument(input: OutboundDocumentInput): Promise<OutboundDocumentResult> {
  const alertAfter = input.alertAfter ?? DEFAULT_OUTBOUND_ALERT_AFTER;
  const { workflowId } = workflowInfo();
  const firstWindow = proxyActivities<DmsActivities>(dmsOutboundOptions(alertAfter));
  try {
    const { registrationNumber } = await firstWindow.deliverDocumentToDms(input.outboundId);
    return { outboundId: input.outboundId, registrationNumber, alerted: false, rejected: false };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    await caseFile.raiseDmsOutboundAlert({ outboundId: input.outboundId, workflowId, alertAfter });
    if (rejected(err)) {
      return { outboundId: input.outboundId, registrationNumber: null, alerted: true, rejected: true };
    }
  }
  // Alerted; keep delivering until the DMS is back (same idempotency key, so still one registration).
  const afterAlert = proxyActivities<DmsActivities>(dmsOutboundOptions());
  const { registrationNumber } = await afterAlert.deliverDocumentToDms(input.outboundId);
  return { outboundId: input.outboundId, registrationNumber, alerted: true, rejected: false };
}
