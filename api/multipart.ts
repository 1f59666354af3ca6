/**
 * Streaming multipart upload: the file part is sniffed from its first bytes and streamed straight to MinIO
 * (never held whole in memory), with the size limit enforced while streaming. Any failure removes the object.
 */
import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import type { Context } from 'hono';
import { ObjectStore, TooLargeError, type StoredObject } from '../infra/object-store.js';
import { UPLOADABLE_CONTENT_TYPES, type AllowedContentType } from '../domain/case-file/document-types.js';
import { sniffContentType, SNIFF_BYTES } from '../services/content-sniffing.js';
import { objectKeyPrefix } from '../services/documents.js';
import type { AppEnv } from './context.js';
import { HttpProblem } from './problem.js';

export interface ReceivedUpload {
  fields: Record<string, string>;
  stored: StoredObject;
  contentType: AllowedContentType;
  fileName: string;
}

const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * The stored form of an uploaded file's name: its last path segment, composed (NFC, so "ē" typed as e + U+0304 and
 * as U+0113 are the same name), without control characters, quotes or invisible/bidirectional format characters
 * (which can disguise an extension), at most 200 characters.
 */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? 'document').normalize('NFC').split(/[\\/]/).pop() ?? 'document';
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f"\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .trim();
  return Array.from(cleaned).slice(0, 200).join('') || 'document';
}

/**
 * `Content-Disposition: attachment` for a stored file name (RFC 6266): an ASCII `filename` for old clients (accents
 * dropped, anything else non-ASCII as "_") and the exact name as `filename*` in RFC 5987 UTF-8 percent-encoding.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName.normalize('NFC')).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Reads up to SNIFF_BYTES from the start of `file`, then returns them and a stream of the whole file.
 * (Event-based on purpose: breaking out of `for await` would destroy the source stream.)
 */
function peek(file: Readable): Promise<{ head: Buffer; whole: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (ended: boolean) => {
      file.off('data', onData);
      file.off('end', onEnd);
      file.off('error', onError);
      file.pause();
      const head = Buffer.concat(chunks);
      const whole = new PassThrough();
      whole.write(head);
      if (ended) {
        whole.end();
      } else {
        file.on('error', (err) => whole.destroy(err));
        file.pipe(whole);
      }
      resolve({ head, whole });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= SNIFF_BYTES) finish(false);
    };
    const onEnd = () => finish(true);
    const onError = (err: Error) => reject(err);
    file.on('data', onData);
    file.once('end', onEnd);
    file.once('error', onError);
  });
}

export async function receiveUpload(
  c: Context<AppEnv>,
  options: { store: ObjectStore; maxBytes: number },
): Promise<ReceivedUpload> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) {
    throw new HttpProblem(415, 'send the document as multipart/form-data with a "file" part');
  }
  const declared = Number(c.req.header('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > options.maxBytes + MULTIPART_OVERHEAD) {
    throw new HttpProblem(413, `the file is larger than the limit of ${options.maxBytes} bytes`, {
      maxBytes: options.maxBytes,
    });
  }
  const body = c.req.raw.body;
  if (!body) throw new HttpProblem(422, 'empty request', { errors: [{ path: 'file', message: 'required' }] });

  let parser: ReturnType<typeof busboy>;
  try {
    parser = busboy({
      headers: { 'content-type': type },
      // File names arrive as raw UTF-8 in the part headers (what browsers and fetch send); busboy's default is latin1.
      defParamCharset: 'utf8',
      limits: { files: 1, fields: 20, fieldSize: 10_000, fileSize: options.maxBytes + 1 },
    });
  } catch {
    // busboy refuses a multipart Content-Type without a boundary before reading anything.
    throw new HttpProblem(400, 'the multipart body could not be read: the Content-Type has no boundary');
  }
  const fields: Record<string, string> = {};
  let upload: Promise<{ stored: StoredObject; contentType: AllowedContentType; fileName: string }> | null =
    null;

  const done = new Promise<void>((resolve, reject) => {
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, file, info) => {
      if (name !== 'file' || upload) {
        file.resume();
        return;
      }
      upload = (async () => {
        const { head, whole } = await peek(file);
        const contentType = await sniffContentType(head);
        if (!contentType || !UPLOADABLE_CONTENT_TYPES.includes(contentType)) {
          whole.resume();
          file.resume();
          throw new HttpProblem(
            415,
            'this file type is not accepted: PDF, PNG, JPEG, DOCX, ODT, TXT or an e-signature container (.edoc)',
          );
        }
        const stored = await options.store.put(ObjectStore.newKey(objectKeyPrefix), whole, {
          contentType,
          maxBytes: options.maxBytes,
        });
        return { stored, contentType, fileName: safeFileName(info.filename) };
      })();
      upload.catch(() => file.resume());
    });
    parser.on('error', reject);
    parser.on('close', () => resolve());
  });

  Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>).pipe(parser);
  try {
    await done;
  } catch {
    throw new HttpProblem(400, 'the multipart body could not be read');
  }
  if (!upload)
    throw new HttpProblem(422, 'no file in the request', { errors: [{ path: 'file', message: 'required' }] });
  try {
    const result = await (upload as Promise<{
      stored: StoredObject;
      contentType: AllowedContentType;
      fileName: string;
    }>);
    return { fields, ...result };
  } catch (err) {
    if (err instanceof TooLargeError) {
      throw new HttpProblem(413, `the file is larger than the limit of ${options.maxBytes} bytes`, {
        maxBytes: options.maxBytes,
      });
    }
    throw err;
  }
}
