/**
 * The DMS side of the webhook signature, written from the protocol (docs/dms-integration.md), not shared with the
 * API: `x-digisoc-signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, `x-digisoc-timestamp` in unix
 * seconds, refused when more than 5 minutes from now. A bug on either side makes the integration tests fail.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-digisoc-signature';
export const TIMESTAMP_HEADER = 'x-digisoc-timestamp';
const MAX_SKEW_SECONDS = 300;

/** The DMS products the simulator plays. */
export type DmsSystem = 'namejs' | 'lietvaris';

function mac(secret: string, timestamp: string, body: string): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.from(`${timestamp}.${body}`, 'utf8'))
    .digest();
}

/** Headers of an outgoing webhook. */
export function signedHeaders(secret: string, body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000).toString();
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `sha256=${mac(secret, timestamp, body).toString('hex')}`,
  };
}

/** Why an incoming call's signature is refused, or null when it is valid. */
export function signatureProblem(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
): 'missing' | 'stale' | 'mismatch' | null {
  const hex = signature?.startsWith('sha256=') ? signature.slice('sha256='.length) : '';
  if (!timestamp || !/^[0-9]+$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(hex)) return 'missing';
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 'stale';
  return timingSafeEqual(Buffer.from(hex, 'hex'), mac(secret, timestamp, body)) ? null : 'mismatch';
}
