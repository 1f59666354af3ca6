/**
 * Fault injection in front of every registry route: latency, outage (503), seeded random errors (500), timeouts
 * (no answer within any client timeout) and malformed payloads (200 with a body violating the contract).
 */
import type { MiddlewareHandler } from 'hono';
import { failure, pause, type SimEnv } from './http-helpers.js';
import type { SimRegistry } from './state.js';

const PREFIXES: [string, SimRegistry][] = [
  ['/pmlp/', 'pmlp'],
  ['/vdeavk/', 'vdeavk'],
  ['/vsaa/', 'vsaa'],
  ['/vid/', 'vid'],
  ['/nva/', 'nva'],
  ['/vzd/', 'vzd'],
  ['/kontu-registrs/', 'account-register'],
  ['/banks/', 'banks'],
  ['/npais/', 'npais'],
  ['/baris/', 'baris'],
];

export function registryOfPath(path: string): SimRegistry | 'admin' | null {
  if (path.startsWith('/_admin/')) return 'admin';
  return PREFIXES.find(([prefix]) => path.startsWith(prefix))?.[1] ?? null;
}

export function faultInjection(): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const registry = c.get('registry');
    if (registry === null || registry === 'admin') return next();
    const state = c.get('state');
    const fault = state.faults.get(registry);
    await pause(state.latencyFor(registry), c.req.raw.signal, state.signal);
    if (fault?.outage)
      return failure(c, 503, 'SERVICE_UNAVAILABLE', `${registry} is temporarily unavailable`);
    if (fault?.timeout) {
      await pause(state.timeoutHangMs, c.req.raw.signal, state.signal);
      return failure(c, 504, 'UPSTREAM_TIMEOUT', `${registry} did not answer in time`);
    }
    if (state.drawError(registry))
      return failure(c, 500, 'INTERNAL_ERROR', `${registry} failed to process the request`);
    await next();
    if (fault?.malformed && c.res.status >= 200 && c.res.status < 300) {
      const body: unknown = await c.res.json();
      c.res = new Response(JSON.stringify(malform(body)), {
        status: c.res.status,
        headers: { 'content-type': 'application/json' },
      });
    }
  };
}

const META_KEYS = new Set(['requestId', 'timestamp']);

/**
 * Breaks the contract the way real systems do: the first amount of the payload becomes a string with a decimal
 * comma ("123,45"); without amounts, the first leaf gets the wrong type (a date as "31.12.2026", a number for a
 * string, a string for an empty list).
 */
export function malform(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { unexpected: body };
  const copy = structuredClone(body) as Record<string, unknown>;
  const payloadKeys = Object.keys(copy).filter((k) => !META_KEYS.has(k));
  for (const onlyNumbers of [true, false]) {
    for (const key of payloadKeys) {
      if (corruptFirstLeaf(copy, key, onlyNumbers)) return copy;
    }
  }
  delete copy.timestamp;
  return copy;
}

type Container = Record<string | number, unknown>;

function corruptFirstLeaf(parent: Container, key: string | number, onlyNumbers: boolean): boolean {
  const value = parent[key];
  const set = (v: unknown) => {
    parent[key] = v;
    return true;
  };
  if (typeof value === 'number') return set(value.toFixed(2).replace('.', ','));
  if (Array.isArray(value)) {
    if (value.length === 0) return onlyNumbers ? false : set('nav datu');
    return value.some((_, i) => corruptFirstLeaf(value as unknown as Container, i, onlyNumbers));
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return onlyNumbers ? false : set(null);
    return keys.some((k) => corruptFirstLeaf(value as Container, k, onlyNumbers));
  }
  if (onlyNumbers) return false;
  if (typeof value === 'string') {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return set(date ? `${date[3]}.${date[2]}.${date[1]}` : 12345);
  }
  if (typeof value === 'boolean') return set(value ? 'jā' : 'nē');
  if (value === null) return set({});
  return false;
}
