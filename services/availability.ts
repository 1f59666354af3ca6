/**
 * Which dependency an error says is down: the database (connection refused or cut, server shutting down or starting)
 * or the workflow engine (Temporal's gRPC UNAVAILABLE or DEADLINE_EXCEEDED). The API answers 503 with Retry-After
 * for these instead of 500; nothing was recorded, because every change commits in one transaction.
 */
import { ConnectionException } from '@mikro-orm/core';

export type UnavailableDependency = 'database' | 'workflow-engine';

/** PostgreSQL SQLSTATEs of a server that is going away or not yet accepting connections (class 08 and 57P0x). */
const PG_UNAVAILABLE = /^(08\d{3}|57P0[1-4])$/;
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);
/** gRPC status codes: 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED. */
const GRPC_UNAVAILABLE = new Set([4, 14]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let e: unknown = err;
  for (let i = 0; i < 8 && e && typeof e === 'object'; i++) {
    out.push(e as ErrorLike);
    e = (e as ErrorLike).cause;
  }
  return out;
}

export function unavailableDependency(err: unknown): UnavailableDependency | null {
  for (const e of chain(err)) {
    if (e.name === 'ServiceError' || e.name === 'GrpcError') {
      const code = typeof e.code === 'number' ? e.code : undefined;
      if (code !== undefined && GRPC_UNAVAILABLE.has(code)) return 'workflow-engine';
    }
    if (
      typeof e.code === 'number' &&
      GRPC_UNAVAILABLE.has(e.code) &&
      /UNAVAILABLE|DEADLINE/.test(String(e.message))
    )
      return 'workflow-engine';
  }
  for (const e of chain(err)) {
    if (e instanceof ConnectionException) return 'database';
    if (typeof e.code === 'string' && (PG_UNAVAILABLE.test(e.code) || NET_CODES.has(e.code)))
      return 'database';
    if (
      /Connection terminated|connection is closed|Client has encountered a connection error/i.test(
        String(e.message),
      )
    )
      return 'database';
  }
  return null;
}
