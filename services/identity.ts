/**
 * Local login with bcrypt-hashed passwords, lock-out after repeated failures, and server-side sessions. The
 * rest of the system sees only an `AuthenticatedUser`, so an OIDC provider (Latvija.lv) can later create the same
 * sessions after its own login.
 */
import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { Session, User, type IUser } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { isRole, type Role } from '../domain/access/roles.js';
import { appendAudit } from './audit-log.js';

export const LOCKOUT = { maxFailures: 5, lockMinutes: 15 } as const;

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
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

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
  const user = await em.findOne(User, { username: input.username });
  if (!user || !user.active || !user.passwordHash) {
    await bcrypt.compare(input.password, DUMMY_HASH);
    return { ok: false, reason: 'invalid' };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    return {
      ok: false,
      reason: 'locked',
      retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000),
    };
  }
  const valid = await bcrypt.compare(input.password, user.passwordHash);
  if (!valid) {
    user.failedLogins = (user.lockedUntil && user.lockedUntil <= now ? 0 : user.failedLogins) + 1;
    user.lockedUntil = null;
    let result: LoginResult = { ok: false, reason: 'invalid' };
    if (user.failedLogins >= LOCKOUT.maxFailures) {
      user.lockedUntil = new Date(now.getTime() + LOCKOUT.lockMinutes * 60_000);
      user.failedLogins = 0;
      result = { ok: false, reason: 'locked', retryAfterSeconds: LOCKOUT.lockMinutes * 60 };
    }
    await em.flush();
    return result;
  }
  user.failedLogins = 0;
  user.lockedUntil = null;
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + input.ttlMinutes * 60_000);
  em.create(Session, {
    tokenHash: hashToken(token),
    userId: user.id,
    kind: input.kind,
    csrfToken,
    createdAt: now,
    expiresAt,
  });
  await em.flush();
  return { ok: true, user: toAuthenticated(user), token, csrfToken, expiresAt };
}

export async function resolveSession(
  em: Em,
  token: string,
  now = new Date(),
): Promise<{ user: AuthenticatedUser; csrfToken: string; kind: string } | null> {
  const session = await em.findOne(Session, { tokenHash: hashToken(token) });
  if (!session || session.expiresAt <= now) return null;
  const user = await em.findOne(User, { id: session.userId });
  if (!user || !user.active) return null;
  return { user: toAuthenticated(user), csrfToken: session.csrfToken, kind: session.kind };
}

export async function logout(em: Em, token: string): Promise<void> {
  await em.nativeDelete(Session, { tokenHash: hashToken(token) });
}
