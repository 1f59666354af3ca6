/**
 * The MinIO-backed document store. Objects have opaque keys (no personal data in keys or metadata), the bucket has
 * versioning on, and every write computes a SHA-256 while streaming.
 */
import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as Minio from 'minio';
import type { Config } from './config.js';

export class ObjectStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`object storage unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ObjectStoreUnavailableError';
  }
}

export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
  versionId: string | null;
}

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'ENOTFOUND',
]);

function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return (code !== undefined && NETWORK_ERRORS.has(code)) || (err as Error)?.name === 'AbortError';
}

export class ObjectStore {
  readonly client: Minio.Client;
  readonly bucket: string;

  constructor(config: Config['minio']) {
    const url = new URL(config.endpoint);
    this.client = new Minio.Client({
      endPoint: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      useSSL: url.protocol === 'https:',
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      region: 'us-east-1',
    });
    this.bucket = config.bucket;
  }

  /** Creates the bucket when missing and turns versioning on. Idempotent. */
  async ensureBucket(): Promise<void> {
    try {
      if (!(await this.client.bucketExists(this.bucket))) {
        await this.client.makeBucket(this.bucket, 'us-east-1');
      }
      await this.client.setBucketVersioning(this.bucket, { Status: 'Enabled' });
    } catch (err) {
      if (isUnavailable(err)) throw new ObjectStoreUnavailableError(err);
      throw err;
    }
  }

  async ping(timeoutMs = 2000): Promise<void> {
    await withTimeout(this.client.bucketExists(this.bucket), timeoutMs, 'MinIO health check timed out');
  }

  static newKey(prefix: string): string {
    const id = randomUUID();
    return `${prefix}/${id.slice(0, 2)}/${id}`;
  }

  /**
   * Streams `body` to MinIO, hashing as it goes. When `maxBytes` is exceeded the upload is aborted with
   * `TooLargeError` and nothing is left behind.
   */
  async put(
    key: string,
    body: Readable,
    options: { contentType: string; maxBytes?: number; expectedSha256?: string },
  ): Promise<StoredObject> {
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          cb(new TooLargeError(options.maxBytes));
          return;
        }
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    const pass = new PassThrough();
    const piping = pipeline(body, meter, pass);
    let info: { versionId?: string | null };
    try {
      const [result] = await Promise.all([
        this.client.putObject(this.bucket, key, pass, undefined, { 'Content-Type': options.contentType }),
        piping,
      ]);
      info = result;
    } catch (err) {
      pass.destroy();
      await this.removeAllVersions(key).catch(() => undefined);
      if (err instanceof TooLargeError) throw err;
      if (isUnavailable(err)) throw new ObjectStoreUnavailableError(err);
      throw err;
    }
    const sha256 = hash.digest('hex');
    if (options.expectedSha256 && options.expectedSha256 !== sha256) {
      await this.removeAllVersions(key).catch(() => undefined);
      throw new ChecksumMismatchError(key);
    }
    return { key, sha256, size, versionId: info.versionId ?? null };
  }

  async putBuffer(key: string, body: Buffer, contentType: string): Promise<StoredObject> {
    return this.put(key, Readable.from([body]), { contentType });
  }

  /** A readable stream of the object that fails with ChecksumMismatchError at the end if the bytes changed. */
  async getVerified(key: string, expectedSha256: string): Promise<Readable> {
    let source: Readable;
    try {
      source = await this.client.getObject(this.bucket, key);
    } catch (err) {
      if (isUnavailable(err)) throw new ObjectStoreUnavailableError(err);
      throw err;
    }
    const hash = createHash('sha256');
    const verify = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        cb(null, chunk);
      },
      flush(cb) {
        const actual = hash.digest('hex');
        cb(actual === expectedSha256 ? null : new ChecksumMismatchError(key));
      },
    });
    source.on('error', (err) => verify.destroy(err));
    return source.pipe(verify);
  }

  async getBuffer(key: string, expectedSha256?: string): Promise<Buffer> {
    const stream = expectedSha256
      ? await this.getVerified(key, expectedSha256)
      : await this.client.getObject(this.bucket, key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Removes every version of a key (used only to undo a write whose database step failed). */
  async removeAllVersions(key: string): Promise<void> {
    const versions: { versionId?: string }[] = [];
    const stream = this.client.listObjects(this.bucket, key, false, { IncludeVersion: true });
    for await (const item of stream as AsyncIterable<{ name?: string; versionId?: string }>) {
      if (item.name === key) versions.push({ versionId: item.versionId });
    }
    if (versions.length === 0) {
      await this.client.removeObject(this.bucket, key);
      return;
    }
    for (const v of versions) {
      await this.client.removeObject(this.bucket, key, v.versionId ? { versionId: v.versionId } : {});
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.statObject(this.bucket, key);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'NotFound' || (err as { code?: string }).code === 'NoSuchKey')
        return false;
      throw err;
    }
  }
}

export class TooLargeError extends Error {
  constructor(public readonly maxBytes: number) {
    super(`the file is larger than the limit of ${maxBytes} bytes`);
    this.name = 'TooLargeError';
  }
}

export class ChecksumMismatchError extends Error {
  constructor(key: string) {
    super(`SHA-256 mismatch for stored object ${key}`);
    this.name = 'ChecksumMismatchError';
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
