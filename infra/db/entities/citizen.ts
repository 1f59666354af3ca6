import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A citizen's portal session (`/e-pakalpojumi`), separate from officials' sessions: created after an OpenID Connect
 * sign-in at the identity provider (Latvija.lv). Only the SHA-256 of the cookie value is stored.
 */
export const CitizenSession = defineEntity({
  name: 'CitizenSession',
  tableName: 'citizen_sessions',
  properties: {
    tokenHash: p.string().length(64).primary(),
    personalCode: p.string().length(12).index(),
    givenName: p.string().length(100),
    familyName: p.string().length(100),
    /** The level of assurance of the sign-in (eIDAS URI, the ID token's `acr`). */
    acr: p.string().length(100),
    csrfToken: p.string().length(64),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    lastSeenAt: p.datetime(),
  },
});
export type ICitizenSession = InferEntity<typeof CitizenSession>;

/**
 * A sign-in under way: what the callback must find again (state, nonce, PKCE verifier). Used once: the callback
 * deletes it before anything else, so a replayed callback finds nothing.
 */
export const CitizenSignIn = defineEntity({
  name: 'CitizenSignIn',
  tableName: 'citizen_sign_ins',
  properties: {
    /** SHA-256 of the `state` sent to the identity provider. */
    stateHash: p.string().length(64).primary(),
    nonce: p.string().length(64),
    codeVerifier: p.string().length(128),
    /** The client's address (rate limit of sign-in starts). */
    address: p.string().length(64).index(),
    createdAt: p.datetime().index(),
    expiresAt: p.datetime(),
  },
});
export type ICitizenSignIn = InferEntity<typeof CitizenSignIn>;

/**
 * A citizen's application through the portal (the means-test application, MK 809 annex 2): a draft they can come
 * back to, then submitted once — to the social service of their declared address, where it opened or found the case,
 * started the means-test cycle and created a task. `attachments` are stored objects not yet in a case file.
 */
export const CitizenApplication = defineEntity({
  name: 'CitizenApplication',
  tableName: 'citizen_applications',
  indexes: [{ properties: ['personalCode', 'kind', 'state'] }],
  properties: {
    id: p.string().length(36).primary(),
    personalCode: p.string().length(12),
    kind: p.string().length(20),
    /** draft → submitting → submitted. */
    state: p.string().length(12),
    data: p.json<Record<string, unknown>>(),
    attachments:
      p.json<
        { key: string; sha256: string; size: number; contentType: string; fileName: string; title: string }[]
      >(),
    municipalityCode: p.string().length(7).nullable(),
    caseId: p.string().length(36).nullable(),
    cycleId: p.string().length(36).nullable(),
    taskId: p.string().length(36).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    submittedAt: p.datetime().nullable(),
  },
});
export type ICitizenApplication = InferEntity<typeof CitizenApplication>;
