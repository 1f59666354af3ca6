/**
 * Citizens sign in at the identity provider (Latvija.lv; locally simulators/idp) with OpenID Connect through
 * `openid-client`: authorization code flow with PKCE (S256), `state` bound to the browser by a cookie and kept
 * server-side with the `nonce` and the code verifier for one use only, and a validated ID token (signature against
 * the provider's JWKS, issuer, audience, expiry, nonce), then the identity claims and the level of assurance.
 */
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { CitizenSignIn } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { appendAudit } from '../audit-log.js';

export const CALLBACK_PATH = '/e-pakalpojumi/callback';
/** A sign-in must come back from the identity provider within this time. */
export const SIGN_IN_TTL_MS = 10 * 60_000;
/** At most this many sign-ins may be started from one address within SIGN_IN_TTL_MS (then 429). */
export const SIGN_IN_STARTS_PER_ADDRESS = 20;
/** The levels of assurance accepted (eIDAS substantial or high: eID card, eParaksts mobile, online bank). */
export const ACCEPTED_ACR = [
  'http://eidas.europa.eu/LoA/high',
  'http://eidas.europa.eu/LoA/substantial',
] as const;

const PERSONAL_CODE = /^\d{6}-\d{5}$/;

export interface IdentityProviderSettings {
  idpUrl: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: the portal's public URL + CALLBACK_PATH. */
  redirectUri: string;
}

export interface CitizenIdentity {
  personalCode: string;
  givenName: string;
  familyName: string;
  acr: string;
}

export type StartResult =
  { ok: true; url: string; state: string } | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export type FinishResult =
  { ok: true; identity: CitizenIdentity } | { ok: false; reason: 'no-sign-in' | 'cancelled' | 'refused' };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() !== '' && value.length <= max ? value.trim() : null;
}

export class CitizenSignInService {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly settings: IdentityProviderSettings,
    private readonly log: { warn(obj: object, msg: string): void },
  ) {}

  /** Discovery once per process (again after a failure). Plain http is allowed only towards a loopback provider. */
  private discover(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const issuer = new URL(this.settings.idpUrl);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
      this.configuration = oidc
        .discovery(
          issuer,
          this.settings.clientId,
          this.settings.clientSecret,
          oidc.ClientSecretBasic(this.settings.clientSecret),
          loopback ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .then((config) => {
          // The ID token's signature is checked against the provider's JWKS too (openid-client skips it for tokens
          // from the token endpoint unless asked): the identity is trusted because the provider signed it.
          oidc.enableNonRepudiationChecks(config);
          return config;
        })
        .catch((err: unknown) => {
          this.configuration = undefined;
          throw err;
        });
    }
    return this.configuration;
  }

  async start(em: Em, input: { address: string; now: Date }): Promise<StartResult> {
    const { now, address } = input;
    const since = new Date(now.getTime() - SIGN_IN_TTL_MS);
    await em.nativeDelete(CitizenSignIn, { expiresAt: { $lte: now } });
    const recent = await em.count(CitizenSignIn, { address, createdAt: { $gt: since } });
    if (recent >= SIGN_IN_STARTS_PER_ADDRESS) {
      const oldest = await em.findOne(
        CitizenSignIn,
        { address, createdAt: { $gt: since } },
        { orderBy: { createdAt: 'asc' } },
      );
      const until = (oldest?.createdAt.getTime() ?? now.getTime()) + SIGN_IN_TTL_MS;
      return {
        ok: false,
        reason: 'throttled',
        retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)),
      };
    }
    const config = await this.discover();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      // Every portal sign-in authenticates afresh (no silent reuse of another person's provider session).
      prompt: 'login',
      acr_values: ACCEPTED_ACR.join(' '),
    });
    em.create(CitizenSignIn, {
      stateHash: sha256(state),
      nonce,
      codeVerifier,
      address,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGN_IN_TTL_MS),
    });
    await em.flush();
    return { ok: true, url: url.href, state };
  }

  /**
   * The callback: the `state` must match the browser's cookie and a sign-in under way (which is consumed here, so a
   * replayed callback is refused), then the code is exchanged and the ID token validated.
   */
  async finish(
    em: Em,
    input: { search: string; stateCookie: string | undefined; now: Date; requestId: string | null },
  ): Promise<FinishResult> {
    const params = new URLSearchParams(input.search);
    const state = params.get('state');
    if (!state || !input.stateCookie || state !== input.stateCookie)
      return this.refuse(em, 'no-sign-in', 'state missing or not this browser’s', input.requestId);
    const pending = await em.findOne(CitizenSignIn, { stateHash: sha256(state) });
    const consumed = pending ? await em.nativeDelete(CitizenSignIn, { stateHash: pending.stateHash }) : 0;
    if (!pending || consumed !== 1 || pending.expiresAt <= input.now)
      return this.refuse(
        em,
        'no-sign-in',
        'no sign-in under way for this state (expired or used)',
        input.requestId,
      );
    if (params.get('error'))
      return this.refuse(em, 'cancelled', `provider answered ${params.get('error')}`, input.requestId);
    try {
      const config = await this.discover();
      const tokens = await oidc.authorizationCodeGrant(
        config,
        new URL(`${this.settings.redirectUri}?${params}`),
        {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        },
      );
      const claims = tokens.claims();
      const personalCode = text(claims?.personal_code, 12);
      const givenName = text(claims?.given_name, 100);
      const familyName = text(claims?.family_name, 100);
      const acr = text(claims?.acr, 100);
      if (!personalCode || !PERSONAL_CODE.test(personalCode) || !givenName || !familyName)
        return this.refuse(em, 'refused', 'ID token without a personal code and names', input.requestId);
      if (!acr || !(ACCEPTED_ACR as readonly string[]).includes(acr))
        return this.refuse(
          em,
          'refused',
          `level of assurance ${acr ?? 'missing'} not accepted`,
          input.requestId,
        );
      return { ok: true, identity: { personalCode, givenName, familyName, acr } };
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'token exchange failed';
      return this.refuse(em, 'refused', reason, input.requestId);
    }
  }

  private async refuse(
    em: Em,
    reason: 'no-sign-in' | 'cancelled' | 'refused',
    why: string,
    requestId: string | null,
  ): Promise<FinishResult> {
    this.log.warn({ reason, why }, 'citizen sign-in refused');
    await appendAudit(em.fork(), {
      actor: 'citizen:unknown',
      role: 'citizen',
      municipalityCode: null,
      action: 'citizen.sign-in',
      resourceType: 'citizen-session',
      resourceId: null,
      caseId: null,
      outcome: 'denied',
      requestId,
      details: { reason, why: why.slice(0, 300) },
    });
    return { ok: false, reason };
  }
}
