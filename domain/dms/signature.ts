/**
 * HMAC-SHA256 webhook signatures: `X-DigiSoc-Signature: sha256=<hex>` over `<X-DigiSoc-Timestamp>.<raw body>`,
 * timestamp in unix seconds, rejected when more than 5 minutes away from now (replay protection).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SIGNATURE_MAX_SKEW_SECONDS } from './systems.js';

export function sign(secret: string, timestamp: string, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

export function signedHeaders(
  secret: string,
  rawBody: string | Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): { 'x-digisoc-timestamp': string; 'x-digisoc-signature': string } {
  const timestamp = String(nowSeconds);
  return { 'x-digisoc-timestamp': timestamp, 'x-digisoc-signature': sign(secret, timestamp, rawBody) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

/** Checks the timestamp window and the signature against every currently valid secret (rotation). */
export function verifySignature(options: {
  secrets: readonly string[];
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string | Buffer;
  nowSeconds?: number;
}): SignatureCheck {
  const { timestamp, signature } = options;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature))
    return { ok: false, reason: 'missing' };
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > SIGNATURE_MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' };
  const given = Buffer.from(signature, 'utf8');
  for (const secret of options.secrets) {
    const expected = Buffer.from(sign(secret, timestamp, options.rawBody), 'utf8');
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true };
  }
  return { ok: false, reason: 'mismatch' };
}
