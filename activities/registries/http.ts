/**
 * The one DAGR HTTP client. JSON in POST bodies (personal codes never in URLs), a timeout per request, every answer
 * validated against its zod contract. Failures are Temporal ApplicationFailures typed for the retry policy:
 * malformed answers and 4xx are non-retryable; 5xx, timeouts and network errors are retryable. A 404 can be a
 * typed "not found" result where the registry uses it for "no such person".
 */
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { scrubPersonalCodes } from '../../infra/logger.js';
import { registryErrorSchema } from './schemas.js';
import type { RegistryCode } from './types.js';

export const REGISTRY_FAILURE_TYPES = {
  malformed: 'RegistryMalformedResponse',
  rejected: 'RegistryRejected',
  unavailable: 'RegistryUnavailable',
  timeout: 'RegistryTimeout',
  network: 'RegistryNetworkError',
} as const;
export type RegistryFailureKind = keyof typeof REGISTRY_FAILURE_TYPES;

/** Carried as the first detail of every registry ApplicationFailure (never a personal code). */
export interface RegistryFailureDetails {
  registry: RegistryCode;
  kind: RegistryFailureKind;
  httpStatus: number | null;
  durationMs: number;
}

export interface DagrClientOptions {
  baseUrl: string;
  /** Client-side timeout of one HTTP request (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface DagrCall<T> {
  registry: RegistryCode;
  /** Label for messages, e.g. "VSAA" or "bank HABALV22". */
  label: string;
  method?: 'POST' | 'GET';
  path: string;
  body?: unknown;
  schema: z.ZodType<T>;
  requestId: string;
  /** HTTP status of success (200, or 202 for asynchronous requests). */
  successStatus?: number;
  /** When true, 404 is returned as { kind: 'not-found' } instead of failing. */
  notFoundIsResult?: boolean;
}

interface Receipt {
  httpStatus: number;
  requestId: string;
  receivedAt: string;
  durationMs: number;
  /** The answer exactly as received (stored as evidence). */
  raw: unknown;
}

export type DagrAnswer<T> =
  ({ kind: 'ok'; data: T } & Receipt) | ({ kind: 'not-found'; code: string } & Receipt);

const MAX_ISSUES_IN_MESSAGE = 5;

function fail(
  kind: RegistryFailureKind,
  message: string,
  details: RegistryFailureDetails,
  cause?: Error,
): ApplicationFailure {
  const options = {
    message: scrubPersonalCodes(message),
    type: REGISTRY_FAILURE_TYPES[kind],
    nonRetryable: kind === 'malformed' || kind === 'rejected',
    details: [details],
    cause,
  };
  return ApplicationFailure.create(options);
}

/** The details of a failure thrown by callDagr, or null for any other error. */
export function registryFailureDetails(err: unknown): RegistryFailureDetails | null {
  if (!(err instanceof ApplicationFailure)) return null;
  const first: unknown = err.details?.[0];
  if (typeof first !== 'object' || first === null || !('registry' in first) || !('kind' in first))
    return null;
  return first as RegistryFailureDetails;
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  const shown = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((i) => `${formatPath(i.path)}: ${i.message}`)
    .join('; ');
  const more =
    issues.length > MAX_ISSUES_IN_MESSAGE ? ` (and ${issues.length - MAX_ISSUES_IN_MESSAGE} more)` : '';
  return shown + more;
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

export async function callDagr<T>(client: DagrClientOptions, call: DagrCall<T>): Promise<DagrAnswer<T>> {
  const doFetch = client.fetch ?? globalThis.fetch;
  const timeoutMs = client.timeoutMs ?? 10_000;
  const method = call.method ?? 'POST';
  const url = new URL(call.path, client.baseUrl.endsWith('/') ? client.baseUrl : `${client.baseUrl}/`);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const details = (kind: RegistryFailureKind, httpStatus: number | null): RegistryFailureDetails => ({
    registry: call.registry,
    kind,
    httpStatus,
    durationMs: elapsed(),
  });
  const where = `${call.label} (${method} ${call.path})`;

  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'x-request-id': call.requestId,
      },
      body: method === 'POST' ? JSON.stringify(call.body ?? {}) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    // DOMException and fetch errors may come from another realm: read their fields, do not rely on instanceof.
    const e = (typeof err === 'object' && err !== null ? err : {}) as {
      name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw fail('timeout', `${where} did not answer within ${timeoutMs} ms`, details('timeout', null));
    }
    const cause = (typeof e.cause === 'object' && e.cause !== null ? e.cause : {}) as { message?: unknown };
    const reason = String(cause.message ?? e.message ?? err);
    throw fail('network', `${where} could not be reached: ${reason}`, details('network', null));
  }

  let json: unknown;
  let isJson = true;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    isJson = false;
  }
  const receipt = (): Receipt => ({
    httpStatus: response.status,
    requestId: response.headers.get('x-request-id') ?? call.requestId,
    receivedAt: new Date().toISOString(),
    durationMs: elapsed(),
    raw: json,
  });

  if (response.status === (call.successStatus ?? 200)) {
    if (!isJson || json === undefined) {
      throw fail(
        'malformed',
        `${where} answered a malformed payload: the body is not JSON`,
        details('malformed', response.status),
      );
    }
    const parsed = call.schema.safeParse(json);
    if (!parsed.success) {
      throw fail(
        'malformed',
        `${where} answered a malformed payload: ${describeIssues(parsed.error.issues)}`,
        details('malformed', response.status),
      );
    }
    return { kind: 'ok', data: parsed.data, ...receipt() };
  }

  const error = registryErrorSchema.safeParse(json);
  const code = error.success ? error.data.code : `HTTP_${response.status}`;
  const explained = error.success ? `${error.data.code}: ${error.data.message}` : `HTTP ${response.status}`;
  if (response.status === 404 && call.notFoundIsResult) return { kind: 'not-found', code, ...receipt() };
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    throw fail(
      'unavailable',
      `${where} is unavailable (HTTP ${response.status}, ${explained})`,
      details('unavailable', response.status),
    );
  }
  if (response.status >= 200 && response.status < 300) {
    throw fail(
      'malformed',
      `${where} answered HTTP ${response.status} where ${call.successStatus ?? 200} was expected`,
      details('malformed', response.status),
    );
  }
  throw fail(
    'rejected',
    `${where} rejected the request (HTTP ${response.status}, ${explained})`,
    details('rejected', response.status),
  );
}
