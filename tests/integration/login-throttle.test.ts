/**
 * Sign-in throttling (issue 14, finding 5) and session timeouts on the real API: the (account, address) pair waits
 * min(2^(n−3), 60) s after its n-th consecutive failure, the address alone after more than 20 failures; another
 * address is never slowed; the state is in the database, shared by a second API process; sessions end after
 * 30 idle minutes and after 8 hours. Time moves through the injected clock (deps.clock), never by sleeping.
 * Requests come from different loopback source addresses (127.0.0.x) to stand for different clients.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../api/app.js';
import { createDeps } from '../../app/deps.js';
import type { AppDeps } from '../../api/context.js';
import { LoginThrottle, Session } from '../../infra/db/entities/index.js';
import { createLogger } from '../../infra/logger.js';
import { hashToken } from '../../services/identity.js';
import { throttleKeys } from '../../services/login-throttle.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

let stack: TestStack;
let second: { deps: AppDeps & { close(): Promise<void> }; server: ServerType; baseUrl: string };
let now = Date.parse('2026-11-20T08:00:00Z');
const clock = { now: () => new Date(now) };
const advance = (seconds: number) => {
  now += seconds * 1000;
};

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  stack.deps.clock = clock;
  // A second API process on the same database, as behind a load balancer.
  const deps = await createDeps(stack.config, createLogger({ level: 'error', name: 'test-2' }));
  deps.clock = clock;
  const app = createApp(deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address();
  second = {
    deps,
    server,
    baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  };
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => second?.server.close(() => resolve()));
  await second?.deps.close();
  await stack?.close();
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
}

/** POST /api/v1/auth/login from the given loopback source address. */
function login(username: string, password: string, from: string, baseUrl = stack.baseUrl): Promise<Answer> {
  const body = JSON.stringify({ username, password });
  const url = new URL('/api/v1/auth/login', baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: (res.headers['retry-after'] as string | undefined) ?? null,
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function throttleRow(username: string | null, address: string) {
  const keys = throttleKeys(username ?? '-', address);
  const id = username === null ? keys.address.id : keys.pair.id;
  return stack.orm.em.fork().findOne(LoginThrottle, { id });
}

describe('sign-in throttling per (account, address)', () => {
  const from = '127.0.0.2';

  it('waits min(2^(n−3), 60) s after the n-th failure, shared by both API processes; the right password after Retry-After signs in and resets', async () => {
    for (let n = 1; n <= 3; n++) expect((await login('vad.riga', `wrong-${n}`, from)).status).toBe(401);
    // The fourth failure is the first to cost a wait: 2^(4−3) = 2 s.
    expect((await login('vad.riga', 'wrong-4', from)).status).toBe(401);
    const expected = [2, 4, 8, 16, 32, 60, 60];
    for (const [i, seconds] of expected.entries()) {
      const n = 4 + i;
      const early = await login('vad.riga', 'demo', from);
      expect(early.status).toBe(429);
      expect(early.retryAfter).toBe(String(seconds));
      expect(early.body).toMatchObject({ status: 429, type: expect.stringContaining('429') });
      // The other API process sees the same state.
      const elsewhere = await login('vad.riga', 'demo', from, second.baseUrl);
      expect([elsewhere.status, elsewhere.retryAfter]).toEqual([429, String(seconds)]);
      const row = await throttleRow('vad.riga', from);
      expect(row?.failures).toBe(n);
      expect(row?.blockedUntil?.getTime()).toBe(now + seconds * 1000);
      advance(seconds - 1);
      expect((await login('vad.riga', 'demo', from)).retryAfter).toBe('1');
      advance(1);
      if (i < expected.length - 1) expect((await login('vad.riga', `wrong-${n + 1}`, from)).status).toBe(401);
    }
    // After Retry-After, the right password signs in, and the pair starts again from zero.
    const ok = await login('vad.riga', 'demo', from);
    expect(ok.status).toBe(200);
    expect(await throttleRow('vad.riga', from)).toBeNull();
    for (let n = 1; n <= 3; n++) expect((await login('vad.riga', `again-${n}`, from)).status).toBe(401);
    expect((await login('vad.riga', 'demo', from)).status).toBe(200);
  });

  it('never slows the user down from another address, however long an attacker keeps guessing', async () => {
    const attacker = '127.0.0.3';
    let failures = 0;
    while (failures < 10) {
      const res = await login('soc.cesis', `guess-${failures}`, attacker);
      if (res.status === 429) advance(Number(res.retryAfter));
      else {
        expect(res.status).toBe(401);
        failures++;
      }
    }
    expect((await login('soc.cesis', 'demo', attacker)).status).toBe(429);
    const user = await login('soc.cesis', 'demo', '127.0.0.4');
    expect(user.status).toBe(200);
    // The user's success does not clear the attacker's pair.
    expect((await login('soc.cesis', 'demo', attacker)).status).toBe(429);
  });
});

describe('sign-in throttling per address', () => {
  it('slows spraying of unknown users from one address after 20 failures; a success does not reset it; other addresses are not affected', async () => {
    const sprayer = '127.0.0.5';
    for (let n = 1; n <= 20; n++) expect((await login(`nobody-${n}`, 'x', sprayer)).status).toBe(401);
    // A success from that address does not wipe its failures.
    expect((await login('auditors', 'demo', sprayer)).status).toBe(200);
    expect((await throttleRow(null, sprayer))?.failures).toBe(20);
    expect((await login('nobody-21', 'x', sprayer)).status).toBe(401);
    const held = await login('admin', 'demo', sprayer);
    expect([held.status, held.retryAfter]).toEqual([429, '2']);
    expect((await login('admin', 'demo', '127.0.0.6')).status).toBe(200);
    advance(2);
    expect((await login('admin', 'demo', sprayer)).status).toBe(200);
    expect((await throttleRow(null, sprayer))?.failures).toBe(21);
  });
});

describe('session timeouts', () => {
  async function cases(token: string): Promise<number> {
    return (await stack.request('GET', '/api/v1/cases', { token })).status;
  }

  it('ends a session after 30 idle minutes', async () => {
    const token = await stack.login('soc.riga');
    advance(29 * 60);
    expect(await cases(token)).toBe(200);
    advance(29 * 60);
    expect(await cases(token)).toBe(200);
    advance(30 * 60);
    expect(await cases(token)).toBe(401);
    // The idle session is gone from the database, not only refused.
    expect(await stack.orm.em.fork().findOne(Session, { tokenHash: hashToken(token) })).toBeNull();
  });

  it('ends a session 8 hours after sign-in even when it is used all the time', async () => {
    const token = await stack.login('soc.riga');
    for (let minutes = 25; minutes < 480; minutes += 25) {
      advance(25 * 60);
      expect(await cases(token)).toBe(200);
    }
    advance(480 * 60 - Math.floor(480 / 25) * 25 * 60);
    expect(await cases(token)).toBe(401);
  });
});
