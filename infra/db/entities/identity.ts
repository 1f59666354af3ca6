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
    failedLogins: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
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
  },
});
export type ISession = InferEntity<typeof Session>;
