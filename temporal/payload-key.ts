/**
 * The payload codec's key. Production mode requires DIGISOC_PAYLOAD_KEY (infra/config.ts refuses to start without
 * it). A development run without one uses a random key generated once into `<data dir>/payload.key` (mode 0600; the
 * data dir is git-ignored), shared by the start script, the worker and the API, so workflow histories are encrypted
 * by default. Test mode uses only an explicit key (the test stack sets one; the time-skipping workflow tests run
 * without a codec).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../infra/config.js';

export const PAYLOAD_KEY_FILE = 'payload.key';

/**
 * Reads the local key file, creating it once: written whole to a private temporary file, then linked into place
 * (atomic, fails if the file exists), so two processes starting together agree on one key.
 */
export function localPayloadKey(dataDir: string): string {
  const file = path.join(dataDir, PAYLOAD_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) fs.chmodSync(file, 0o600);
  const key = fs.readFileSync(file, 'utf8').trim();
  if (key.length < 16)
    throw new Error(`${file} does not hold a usable payload key; remove it to generate one`);
  return key;
}

/** The configuration with the payload key every process of one installation uses. */
export function withPayloadKey(config: Config): Config {
  if (config.temporal.payloadKey || config.mode !== 'development') return config;
  return { ...config, temporal: { ...config.temporal, payloadKey: localPayloadKey(config.dataDir) } };
}
