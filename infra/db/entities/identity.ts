import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A local user. Designed so an OIDC identity (Latvija.lv) can later map onto the same row via `externalId`. */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.string().length(36).primary(),
    username: p.string().length(100).unique(),
    displayName: p.string().length(200),
    passwordHash: p.string().length(200).nullable(),
    externalId: p.string().length(200).nullable().unique(),
    role: p.string().length(40),
    municipalityCode: p.string().length(7).nullable(),
    /** For a service provider's user: the provider code whose deliveries they record (issue 6). */
    providerCode: p.string().length(50).nullable(),
    /** For an `org_hr` user: the specialists-register organisation they keep (issue 19). */
    organisationId: p.string().length(36).nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime(),
  },
});
export type IUser = InferEntity<typeof User>;

/** A login session; only the SHA-256 of the bearer token / cookie value is stored. */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    tokenHash: p.string().length(64).primary(),
    userId: p.string().length(36).index(),
    kind: p.string().length(10),
    csrfToken: p.string().length(64),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    /** Last request seen (updated at most once a minute); the idle timeout counts from here (createdAt when null). */
    lastSeenAt: p.datetime().nullable(),
    /** The screens' case-list search by personal code (POST-redirect-GET keeps it here, never in a URL). */
    caseSearchCode: p.string().length(12).nullable(),
  },
});
export type ISession = InferEntity<typeof Session>;

/**
 * Sign-in throttling state, shared by every API process: one row per (account, source address) pair and one per
 * source address. `failures` counts consecutive failed sign-ins (a pair's row is removed by a successful one);
 * `blockedUntil` is when the next attempt is allowed (see services/login-throttle.ts).
 */
export const LoginThrottle = defineEntity({
  name: 'LoginThrottle',
  tableName: 'login_throttles',
  properties: {
    /** SHA-256 of the scope and key, so the key's length never matters. */
    id: p.string().length(64).primary(),
    scope: p.string().length(10),
    username: p.string().length(100).nullable(),
    address: p.string().length(64).index(),
    failures: p.integer(),
    lastFailureAt: p.datetime(),
    blockedUntil: p.datetime().nullable(),
  },
});
export type ILoginThrottle = InferEntity<typeof LoginThrottle>;
