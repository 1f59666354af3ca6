/**
 * Local login with bcrypt-hashed passwords, sign-in throttling per (account, address) and per address
 * (services/login-throttle.ts) instead of a lock-out that anyone could trigger, and server-side sessions with an
 * absolute lifetime and an idle timeout. The rest of the system sees only an `AuthenticatedUser`, so an OIDC
 * provider (Latvija.lv) can later create the same sessions after its own login.
 */
import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { Session, User, type IUser } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { isRole, type Role } from '../domain/access/roles.js';
import { appendAudit } from './audit-log.js';
import { claimAttempt, recordFailure, recordSuccess, throttleKeys } from './login-throttle.js';

export interface AuthenticatedUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  municipalityCode: string | null;
  /** Set for a service provider's user: the provider whose deliveries they record. */
  providerCode: string | null;
  /** Set for an `org_hr` user: the organisation whose specialists they keep. */
  organisationId: string | null;
}

export type LoginResult =
  | { ok: true; user: AuthenticatedUser; token: string; csrfToken: string; expiresAt: Date }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

// A real hash of a random password, so unknown users cost the same time as wrong passwords.
const DUMMY_HASH = bcrypt.hashSync(randomBytes(16).toString('hex'), 10);

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toAuthenticated(user: IUser): AuthenticatedUser {
  if (!isRole(user.role)) throw new Error(`user ${user.username} has an unknown role`);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    municipalityCode: user.municipalityCode ?? null,
    providerCode: user.providerCode ?? null,
    organisationId: user.organisationId ?? null,
  };
}

export interface LoginInput {
  username: string;
  password: string;
  kind: 'api' | 'web';
  ttlMinutes: number;
  /** The client's address (api/middleware/client-address.ts): the throttling key with the user name. */
  address: string;
  requestId?: string;
}

/** Signs in and writes the attempt, successful or not, to the audit log. */
export async function login(em: Em, input: LoginInput, now = new Date()): Promise<LoginResult> {
  const result = await attemptLogin(em, input, now);
  const channel = input.kind === 'web' ? 'screens' : 'api';
  await appendAudit(em.fork(), {
    actor: input.username,
    role: result.ok ? result.user.role : 'anonymous',
    municipalityCode: result.ok ? result.user.municipalityCode : null,
    action: 'auth.login',
    resourceType: 'session',
    resourceId: null,
    caseId: null,
    outcome: result.ok ? 'success' : 'denied',
    requestId: input.requestId ?? null,
    details: result.ok ? { channel } : { channel, reason: result.reason },
  });
  return result;
}

async function attemptLogin(em: Em, input: LoginInput, now: Date): Promise<LoginResult> {
  const keys = throttleKeys(input.username, input.address);
  const claim = await claimAttempt(em, [keys.pair, keys.address], now);
  if (!claim.ok) return { ok: false, reason: 'throttled', retryAfterSeconds: claim.retryAfterSeconds };
  const user = await em.findOne(User, { username: input.username });
  const usable = user && user.active && user.passwordHash ? user : null;
  // Unknown users cost the same time as wrong passwords.
  const valid = await bcrypt.compare(input.password, usable?.passwordHash ?? DUMMY_HASH);
  if (!usable || !valid) {
    await recordFailure(em, [keys.pair, keys.address], now);
    return { ok: false, reason: 'invalid' };
  }
  await recordSuccess(em, keys, claim.held, now);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + input.ttlMinutes * 60_000);
  em.create(Session, {
    tokenHash: hashToken(token),
    userId: usable.id,
    kind: input.kind,
    csrfToken,
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
    caseSearchCode: null,
  });
  await em.flush();
  return { ok: true, user: toAuthenticated(usable), token, csrfToken, expiresAt };
}

/** Touches `lastSeenAt` at most this often (a write per request would be wasteful). */
const TOUCH_EVERY_MS = 60_000;

export interface ResolvedSession {
  user: AuthenticatedUser;
  csrfToken: string;
  kind: string;
}

/**
 * The session of a token, or null when unknown, past its absolute expiry, idle for `idleMinutes` or more, or its
 * user is inactive. An expired or idle session is removed.
 */
export async function resolveSession(
  em: Em,
  token: string,
  options: { idleMinutes: number; now: Date },
): Promise<ResolvedSession | null> {
  const { now } = options;
  const session = await em.findOne(Session, { tokenHash: hashToken(token) });
  if (!session) return null;
  const lastSeen = session.lastSeenAt ?? session.createdAt;
  if (session.expiresAt <= now || now.getTime() - lastSeen.getTime() >= options.idleMinutes * 60_000) {
    await em.nativeDelete(Session, { tokenHash: session.tokenHash });
    return null;
  }
  const user = await em.findOne(User, { id: session.userId });
  if (!user || !user.active) return null;
  if (now.getTime() - lastSeen.getTime() >= TOUCH_EVERY_MS) {
    await em.nativeUpdate(Session, { tokenHash: session.tokenHash }, { lastSeenAt: now });
  }
  return {
    user: toAuthenticated(user),
    csrfToken: session.csrfToken,
    kind: session.kind,
  };
}

/** The screens' pending case-list search by personal code, if any. */
export async function caseSearchCodeOf(em: Em, token: string): Promise<string | null> {
  const session = await em.findOne(Session, { tokenHash: hashToken(token) });
  return session?.caseSearchCode ?? null;
}

/** Keeps (or clears, with null) the screens' case-list search by personal code in the session. */
export async function setCaseSearchCode(em: Em, token: string, code: string | null): Promise<void> {
  await em.nativeUpdate(Session, { tokenHash: hashToken(token) }, { caseSearchCode: code });
}

export async function logout(em: Em, token: string): Promise<void> {
  await em.nativeDelete(Session, { tokenHash: hashToken(token) });
}
