import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfig } from '../../infra/config.js';
import { AesGcmPayloadCodec, createPayloadCodecs } from '../../temporal/payload-codec.js';
import { localPayloadKey, PAYLOAD_KEY_FILE, withPayloadKey } from '../../temporal/payload-key.js';

const personal = { personalCode: '140384-19729', name: 'Jānis Bērziņš', iban: 'LV80BANK0000435195001' };
const text = (p: Payload) => Buffer.from(p.data ?? []).toString('utf8');

describe('the payload codec', () => {
  it('round-trips payloads through binary/encrypted without the plain text showing', async () => {
    const codec = new AesGcmPayloadCodec('a-long-random-payload-encryption-key');
    const plain = [defaultPayloadConverter.toPayload(personal), defaultPayloadConverter.toPayload(null)];
    const encoded = await codec.encode(plain);
    for (const p of encoded) {
      expect(Buffer.from(p.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
      expect(text(p)).not.toContain('140384');
      expect(text(p)).not.toContain('Bērziņš');
    }
    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([personal, null]);
    expect(Buffer.from(decoded[0]?.metadata?.encoding ?? []).toString()).toBe('json/plain');
  });

  it('refuses a payload encrypted with another key or altered on the way', async () => {
    const [sealed] = await new AesGcmPayloadCodec('the-key-of-one-installation').encode([
      defaultPayloadConverter.toPayload(personal),
    ]);
    await expect(
      new AesGcmPayloadCodec('the-key-of-another-installation').decode([sealed!]),
    ).rejects.toThrow();
    const tampered = Buffer.from(sealed!.data!);
    tampered[20] = (tampered[20] ?? 0) ^ 1;
    await expect(
      new AesGcmPayloadCodec('the-key-of-one-installation').decode([{ ...sealed!, data: tampered }]),
    ).rejects.toThrow();
  });

  it('leaves payloads that are not encrypted as they are, and has no codec without a key', async () => {
    const plain = defaultPayloadConverter.toPayload(personal);
    expect(await new AesGcmPayloadCodec('a-long-random-payload-encryption-key').decode([plain])).toEqual([
      plain,
    ]);
    expect(createPayloadCodecs(undefined)).toEqual([]);
  });
});

describe('the local payload key', () => {
  it('is generated once into the data dir, mode 0600, and used by every development process', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-key-'));
    try {
      const dataDir = path.join(dir, '.data');
      const first = withPayloadKey(loadConfig({ DIGISOC_DATA_DIR: dataDir })).temporal.payloadKey;
      expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const file = path.join(dataDir, PAYLOAD_KEY_FILE);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(localPayloadKey(dataDir)).toBe(first);
      expect(withPayloadKey(loadConfig({ DIGISOC_DATA_DIR: dataDir })).temporal.payloadKey).toBe(first);
      expect(fs.readdirSync(dataDir)).toEqual([PAYLOAD_KEY_FILE]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not used when a key is configured, nor in test mode', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-key-'));
    try {
      const explicit = withPayloadKey(
        loadConfig({ DIGISOC_DATA_DIR: dir, DIGISOC_PAYLOAD_KEY: 'an-explicitly-configured-key' }),
      );
      expect(explicit.temporal.payloadKey).toBe('an-explicitly-configured-key');
      expect(
        withPayloadKey(loadConfig({ DIGISOC_MODE: 'test', DIGISOC_DATA_DIR: dir })).temporal.payloadKey,
      ).toBe(undefined);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
