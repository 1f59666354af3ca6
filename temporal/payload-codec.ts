/**
 * The payload codec: every payload the client or worker sends to Temporal is encrypted (AES-256-GCM, the standard
 * `binary/encrypted` encoding), so personal data in workflow histories is never stored in plain text. The key comes
 * from DIGISOC_PAYLOAD_KEY or, in a development run, the local key file (`payload-key.ts`); only a process given no
 * key at all (the time-skipping workflow tests) has an empty chain. The Temporal UI decodes through `/codec` (api/routes/codec.ts).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'digisoc-aes256gcm-v1';

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(secret).digest();
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      const plain = Buffer.from(
        JSON.stringify({ metadata: encodeMetadata(payload.metadata), data: b64(payload.data) }),
      );
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCODING), 'encryption-key-id': Buffer.from(KEY_ID) },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING || !payload.data)
        return payload;
      const sealed = Buffer.from(payload.data);
      const iv = sealed.subarray(0, 12);
      const tag = sealed.subarray(sealed.length - 16);
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(12, sealed.length - 16)),
        decipher.final(),
      ]);
      const parsed = JSON.parse(plain.toString()) as {
        metadata: Record<string, string>;
        data: string | null;
      };
      return {
        metadata: Object.fromEntries(
          Object.entries(parsed.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
        ),
        data: parsed.data === null ? undefined : Buffer.from(parsed.data, 'base64'),
      };
    });
  }
}

function b64(data: Uint8Array | null | undefined): string | null {
  return data ? Buffer.from(data).toString('base64') : null;
}

function encodeMetadata(metadata: Payload['metadata']): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, b64(v) ?? '']));
}

/** The codec chain for a key; empty without one. */
export function createPayloadCodecs(payloadKey: string | undefined): PayloadCodec[] {
  return payloadKey ? [new AesGcmPayloadCodec(payloadKey)] : [];
}
