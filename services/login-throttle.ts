/**
 * Sign-in throttling instead of account lock-out, kept in the database so every API process shares it.
 *
 * - Per (account, source address): after the n-th consecutive failure the next attempt from that address for that
 *   account waits min(2^(n−3), 60) s for n > 3 (the first three failures cost nothing). A successful sign-in
 *   removes the pair's row. An attacker at another address therefore never slows the real user down.
 * - Per source address, whatever the account (also unknown ones): the same growing delay after more than
 *   ADDRESS_FREE_FAILURES failures, min(2^(n−20), 60) s. It counts failures only (a success does not reset it, so a
 *   valid account of one's own cannot be used to clear it) and starts again after ADDRESS_FORGET_MS without a
 *   failure. Twenty lets an office behind one address mistype freely; spraying many user names from one address
 *   is held to about one guess a minute.
 * - While a row is at or above its free allowance, an attempt holds it (blockedUntil = now + HOLD_MS) before the
 *   password is checked, so parallel requests cannot slip several guesses into one delay.
 */
import { createHash } from 'node:crypto';
import { raw } from '@mikro-orm/core';
import { LoginThrottle, type ILoginThrottle } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';

export const PAIR_FREE_FAILURES = 3;
export const ADDRESS_FREE_FAILURES = 20;
export const MAX_DELAY_SECONDS = 60;
/** A pair's consecutive failures are forgotten after a day without one. */
export const PAIR_FORGET_MS = 24 * 3600_000;
export const ADDRESS_FORGET_MS = 3600_000;
const HOLD_MS = 10_000;

/** The wait after the n-th consecutive failure: min(2^(n − free), 60) s for n > free, else 0. */
export function throttleDelaySeconds(failures: number, free: number): number {
  return failures > free ? Math.min(2 ** (failures - free), MAX_DELAY_SECONDS) : 0;
}

type Scope = 'pair' | 'address';

interface Key {
  id: string;
  scope: Scope;
  username: string | null;
  address: string;
  free: number;
  forgetMs: number;
}

function keyOf(scope: Scope, address: string, username: string | null): Key {
  const id = createHash('sha256')
    .update(`${scope}\u0000${username ?? ''}\u0000${address}`)
    .digest('hex');
  return scope === 'pair'
    ? { id, scope, username, address, free: PAIR_FREE_FAILURES, forgetMs: PAIR_FORGET_MS }
    : { id, scope, username: null, address, free: ADDRESS_FREE_FAILURES, forgetMs: ADDRESS_FORGET_MS };
}

export function throttleKeys(username: string, address: string): { pair: Key; address: Key } {
  return {
    pair: keyOf('pair', address, username.toLowerCase()),
    address: keyOf('address', address, null),
  };
}

function fresh(em: Em, key: Key): Promise<ILoginThrottle | null> {
  return em.fork().findOne(LoginThrottle, { id: key.id });
}

export type Claim = { ok: true; held: Key[] } | { ok: false; retryAfterSeconds: number };

function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/**
 * Whether an attempt may check its password now. Holds each row that is at its free allowance, so only one
 * attempt at a time runs while a delay would follow a failure.
 */
export async function claimAttempt(em: Em, keys: Key[], now: Date): Promise<Claim> {
  const held: Key[] = [];
  let wait = 0;
  for (const key of keys) {
    const row = await fresh(em, key);
    if (!row || now.getTime() - row.lastFailureAt.getTime() > key.forgetMs) continue;
    if (row.blockedUntil && row.blockedUntil > now) {
      wait = Math.max(wait, secondsUntil(row.blockedUntil, now));
      continue;
    }
    if (throttleDelaySeconds(row.failures + 1, key.free) === 0) continue;
    const claimed = await em
      .fork()
      .nativeUpdate(
        LoginThrottle,
        { id: key.id, $or: [{ blockedUntil: null }, { blockedUntil: { $lte: now } }] },
        { blockedUntil: new Date(now.getTime() + HOLD_MS) },
      );
    if (claimed === 1) held.push(key);
    else wait = Math.max(wait, 1);
  }
  if (wait > 0) {
    await releaseHolds(em, held, now);
    return { ok: false, retryAfterSeconds: wait };
  }
  return { ok: true, held };
}

/** Gives back holds without a failure (the password was right, or the attempt was refused). */
async function releaseHolds(em: Em, held: Key[], now: Date): Promise<void> {
  for (const key of held) await em.fork().nativeUpdate(LoginThrottle, { id: key.id }, { blockedUntil: now });
}

/** Records a failure on every key: counts it (atomically) and sets when the next attempt is allowed. */
export async function recordFailure(em: Em, keys: Key[], now: Date): Promise<void> {
  for (const key of keys) {
    const fork = em.fork();
    const forgetBefore = new Date(now.getTime() - key.forgetMs);
    await fork.nativeUpdate(
      LoginThrottle,
      { id: key.id, lastFailureAt: { $lt: forgetBefore } },
      { failures: 0, blockedUntil: null },
    );
    const updated = await fork.nativeUpdate(
      LoginThrottle,
      { id: key.id },
      { failures: raw('failures + 1'), lastFailureAt: now },
    );
    if (updated === 0) {
      try {
        await fork.insert(LoginThrottle, {
          id: key.id,
          scope: key.scope,
          username: key.username,
          address: key.address,
          failures: 1,
          lastFailureAt: now,
          blockedUntil: null,
        });
      } catch {
        // Another process inserted it first: count on its row.
        await fork.nativeUpdate(
          LoginThrottle,
          { id: key.id },
          { failures: raw('failures + 1'), lastFailureAt: now },
        );
      }
    }
    const row = await fresh(em, key);
    const delay = throttleDelaySeconds(row?.failures ?? 1, key.free);
    await fork.nativeUpdate(
      LoginThrottle,
      { id: key.id },
      { blockedUntil: delay > 0 ? new Date(now.getTime() + delay * 1000) : null },
    );
  }
}

/** A successful sign-in: the pair starts again from zero; the address keeps counting its failures. */
export async function recordSuccess(em: Em, keys: { pair: Key; address: Key }, held: Key[], now: Date) {
  await em.fork().nativeDelete(LoginThrottle, { id: keys.pair.id });
  await releaseHolds(
    em,
    held.filter((k) => k.id !== keys.pair.id),
    now,
  );
}
