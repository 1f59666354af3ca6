/**
 * Citizens' portal sessions: created after a verified sign-in at the identity provider, with an absolute lifetime and
 * a short idle timeout, kept apart from officials' sessions (own table, own cookie). The rest of the portal sees
 * only a `Citizen`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { CitizenSession, Person } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { appendAudit } from '../audit-log.js';
import { hashToken } from '../identity.js';

export interface Citizen {
  personalCode: string;
  givenName: string;
  familyName: string;
  acr: string;
  /** The person's record in DigiSoc, when there is one (not everyone who signs in is a client). */
  personId: string | null;
  /** The actor of audit entries for the citizen's own actions: a keyed pseudonym, never the personal code. */
  actor: string;
}

export interface CitizenSessionView {
  citizen: Citizen;
  csrfToken: string;
}

const TOUCH_EVERY_MS = 60_000;

/**
 * The actor of audit entries written for a citizen's own actions: `citizen:` and an HMAC of the personal code under
 * the pseudonym key (the audit log never holds a personal code; the same citizen is always the same actor).
 */
export function citizenActor(personalCode: string, pseudonymKey: string): string {
  const digest = createHmac('sha256', pseudonymKey)
    .update(`citizen\u0000${personalCode}`)
    .digest('base64url');
  return `citizen:${digest.slice(0, 32)}`;
}

export async function personIdOf(em: Em, personalCode: string): Promise<string | null> {
  const person = await em.findOne(Person, { personalCode }, { fields: ['id'] });
  return person?.id ?? null;
}

export async function createCitizenSession(
  em: Em,
  identity: { personalCode: string; givenName: string; familyName: string; acr: string },
  options: { ttlMinutes: number; now: Date; requestId: string | null; pseudonymKey: string },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await em.transactional(async (tx) => {
    tx.create(CitizenSession, {
      tokenHash: hashToken(token),
      ...identity,
      csrfToken,
      createdAt: options.now,
      expiresAt: new Date(options.now.getTime() + options.ttlMinutes * 60_000),
      lastSeenAt: options.now,
    });
    await appendAudit(tx, {
      actor: citizenActor(identity.personalCode, options.pseudonymKey),
      role: 'citizen',
      municipalityCode: null,
      action: 'citizen.sign-in',
      resourceType: 'citizen-session',
      resourceId: null,
      caseId: null,
      subjectPersonId: await personIdOf(tx, identity.personalCode),
      outcome: 'success',
      requestId: options.requestId,
      details: { acr: identity.acr },
    });
  });
  return { token, csrfToken };
}

/** The session of a cookie value, or null (unknown, expired, idle too long — then removed). */
export async function resolveCitizenSession(
  em: Em,
  token: string,
  options: { idleMinutes: number; now: Date; pseudonymKey: string },
): Promise<CitizenSessionView | null> {
  const row = await em.findOne(CitizenSession, { tokenHash: hashToken(token) });
  if (!row) return null;
  const { now } = options;
  if (row.expiresAt <= now || now.getTime() - row.lastSeenAt.getTime() >= options.idleMinutes * 60_000) {
    await em.nativeDelete(CitizenSession, { tokenHash: row.tokenHash });
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS)
    await em.nativeUpdate(CitizenSession, { tokenHash: row.tokenHash }, { lastSeenAt: now });
  return {
    citizen: {
      personalCode: row.personalCode,
      givenName: row.givenName,
      familyName: row.familyName,
      acr: row.acr,
      personId: await personIdOf(em, row.personalCode),
      actor: citizenActor(row.personalCode, options.pseudonymKey),
    },
    csrfToken: row.csrfToken,
  };
}

/** Whether a token is a live citizen session (officials' routes answer 404 to it). */
export async function isCitizenToken(
  em: Em,
  token: string,
  now: Date,
  idleMinutes: number,
): Promise<boolean> {
  const row = await em.findOne(
    CitizenSession,
    { tokenHash: hashToken(token) },
    { fields: ['tokenHash', 'expiresAt', 'lastSeenAt'] },
  );
  return !!row && row.expiresAt > now && now.getTime() - row.lastSeenAt.getTime() < idleMinutes * 60_000;
}

export async function endCitizenSession(em: Em, token: string, citizen: Citizen, requestId: string | null) {
  await em.nativeDelete(CitizenSession, { tokenHash: hashToken(token) });
  await appendAudit(em.fork(), {
    actor: citizen.actor,
    role: 'citizen',
    municipalityCode: null,
    action: 'citizen.sign-out',
    resourceType: 'citizen-session',
    resourceId: null,
    caseId: null,
    subjectPersonId: citizen.personId,
    outcome: 'success',
    requestId,
  });
}
