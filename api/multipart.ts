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

function safeFileName(name: string | undefined): string {
  const base = (name ?? 'document').split(/[\\/]/).pop() ?? 'document';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f"]/g, '').trim();
  return cleaned.slice(0, 200) || 'document';
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

  const parser = busboy({
    headers: { 'content-type': type },
    limits: { files: 1, fields: 20, fieldSize: 10_000, fileSize: options.maxBytes + 1 },
  });
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
