/**
 * Size limits on every request body, enforced before anything parses it (Hono's `bodyLimit`: the Content-Length
 * is checked up front, a chunked body is counted while it is read and cut off at the limit). 64 KB by default;
 * larger only where a route needs it. Multipart document uploads are streamed to MinIO and keep their own
 * limit (`DIGISOC_UPLOAD_MAX_BYTES`, enforced while streaming in api/multipart.ts), so they are not buffered here.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Config } from '../../infra/config.js';
import type { AppEnv } from '../context.js';
import { problem } from '../problem.js';

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/** The DMS webhook carries its files as base64 (4/3 of the bytes) inside JSON: the file limit plus headroom. */
export function dmsBodyLimitBytes(uploadMaxBytes: number): number {
  return Math.ceil(uploadMaxBytes * 1.4) + 256 * 1024;
}

/** Streaming multipart uploads (API and screens): their limit is applied while streaming. */
const STREAMED_UPLOADS = [
  /^\/api\/v1\/cases\/[^/]+\/documents$/,
  /^\/api\/v1\/cases\/[^/]+\/documents\/[^/]+\/versions$/,
  /^\/cases\/[^/]+\/documents$/,
  /^\/cases\/[^/]+\/documents\/[^/]+\/versions$/,
];
const DMS_WEBHOOK = /^\/api\/v1\/integrations\/dms\/[^/]+\/documents$/;
/** A provider's application lists every address with its services (up to 200 × 50): larger than 64 KB at most. */
const PROVIDER_APPLICATIONS = /^\/api\/v1\/providers\/(applications|[^/]+\/applications)$/;
export const PROVIDER_APPLICATION_LIMIT_BYTES = 1024 * 1024;

function isStreamedUpload(path: string, contentType: string | undefined): boolean {
  return (
    (contentType ?? '').toLowerCase().startsWith('multipart/form-data') &&
    STREAMED_UPLOADS.some((re) => re.test(path))
  );
}

function limited(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    // The rest of the body is never read: the connection must not carry another request.
    onError: (c) =>
      problem(c, 413, `the request body exceeds ${maxSize} bytes`, { headers: { Connection: 'close' } }),
  });
}

export function bodyLimits(config: Config): MiddlewareHandler<AppEnv> {
  const standard = limited(DEFAULT_BODY_LIMIT_BYTES);
  const dms = limited(dmsBodyLimitBytes(config.uploadMaxBytes));
  const providerApplications = limited(PROVIDER_APPLICATION_LIMIT_BYTES);
  return (c, next) => {
    const path = c.req.path;
    if (isStreamedUpload(path, c.req.header('content-type'))) return next();
    if (c.req.method === 'POST' && DMS_WEBHOOK.test(path)) return dms(c, next);
    if (c.req.method === 'POST' && PROVIDER_APPLICATIONS.test(path)) return providerApplications(c, next);
    return standard(c, next);
  };
}
