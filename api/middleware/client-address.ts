/**
 * The client's network address, the key of sign-in throttling. The socket's peer address; behind a reverse proxy
 * (DIGISOC_TRUST_PROXY=true) the last X-Forwarded-For entry, the one the proxy itself appended. A client cannot
 * choose its key by sending the header when no proxy is trusted.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';

export function clientAddress(c: Context<AppEnv>): string {
  if (c.get('deps').config.session.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return (getConnInfo(c).remote.address ?? 'unknown').slice(0, 64);
  } catch {
    return 'unknown';
  }
}
