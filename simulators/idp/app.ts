/**
 * A Latvija.lv-style identity provider on `oidc-provider` (a certified OpenID Connect implementation): discovery,
 * JWKS, authorization code flow with PKCE, ID tokens carrying the personal code, names and the authentication level
 * (eIDAS level of assurance in `acr`, the means in `amr`). Its own interaction pages stand in for the eID card,
 * eParaksts mobile and bank sign-in: a person picker outside production, and — outside production only — an
 * authorization request with `login_hint=<personal code>` is approved at once without a form (automated tests).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { subjectOf, type IdpPerson } from './persons.js';
import { escapeHtml, pickerPage, type AuthMethod } from './views.js';

export const ACR_HIGH = 'http://eidas.europa.eu/LoA/high';
export const ACR_SUBSTANTIAL = 'http://eidas.europa.eu/LoA/substantial';

export const AUTH_METHODS: Record<AuthMethod, { acr: string; amr: string }> = {
  eid: { acr: ACR_HIGH, amr: 'eid' },
  eparaksts: { acr: ACR_HIGH, amr: 'eparaksts-mobile' },
  bank: { acr: ACR_SUBSTANTIAL, amr: 'bank' },
};

export interface IdpOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** `production` turns the login_hint shortcut off. */
  mode: 'development' | 'test' | 'production';
  persons: IdpPerson[];
}

export interface Idp {
  provider: Provider;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

function isLoopback(uri: string): boolean {
  const host = new URL(uri).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

export function createIdp(options: IdpOptions): Idp {
  const byCode = new Map(options.persons.map((p) => [p.personalCode, p]));
  const bySubject = new Map(options.persons.map((p) => [subjectOf(p.personalCode), p]));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
  };

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        // Loopback redirect URIs of a native client may use any port (RFC 8252 §7.3): each test stack's API listens
        // on a port of its own.
        application_type: options.redirectUris.every(isLoopback) ? 'native' : 'web',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile'],
    claims: {
      openid: ['sub'],
      // The level of assurance and the means travel with the identity.
      profile: ['given_name', 'family_name', 'personal_code', 'birthdate', 'acr', 'amr'],
    },
    acrValues: [ACR_HIGH, ACR_SUBSTANTIAL],
    // The relying party gets the identity in the ID token itself (no userinfo round trip).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, userinfo: { enabled: true } },
    ttl: {
      Session: 600,
      Interaction: 600,
      Grant: 600,
      AuthorizationCode: 60,
      IdToken: 300,
      AccessToken: 300,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const person = bySubject.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          given_name: person.givenName,
          family_name: person.familyName,
          personal_code: person.personalCode,
          birthdate: person.birthDate,
        }),
      };
    },
    // The portal is the state's own service: no consent screen; the grant covers exactly what was asked.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      const client = ctx.oidc.client;
      if (!accountId || !client) return undefined;
      const existing = ctx.oidc.session?.grantIdFor(client.clientId);
      if (existing) {
        const grant = await ctx.oidc.provider.Grant.find(existing);
        if (grant) return grant;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head><body><main><h1>Sign-in error</h1><p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p></main></body></html>`;
    },
  };
  const provider = new Provider(options.issuer, configuration);
  const callback = provider.callback();

  async function finishLogin(
    req: IncomingMessage,
    res: ServerResponse,
    person: IdpPerson,
    method: AuthMethod,
  ): Promise<void> {
    const { acr, amr } = AUTH_METHODS[method];
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: subjectOf(person.personalCode), acr, amr: [amr], remember: false } },
      { mergeWithLastSubmission: false },
    );
  }

  async function interaction(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    action: string | undefined,
  ) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return send(res, 400, 'text/plain', 'interaction mismatch');
    // A native (loopback) client is always asked for consent; the portal is the state's own service: approve what
    // it asked for, nothing more.
    if (details.prompt.name === 'consent' && details.session?.accountId) {
      const grant =
        (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
        new provider.Grant({
          accountId: details.session.accountId,
          clientId: String(details.params.client_id),
        });
      grant.addOIDCScope('openid profile');
      const grantId = await grant.save();
      return provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
    }
    if (req.method === 'GET' && action === undefined) {
      const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
      const hinted = hint ? byCode.get(hint) : undefined;
      if (hinted && options.mode !== 'production') return finishLogin(req, res, hinted, 'eid');
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        pickerPage({ uid, persons: options.mode === 'production' ? [] : options.persons }),
      );
    }
    if (req.method === 'POST' && action === 'login') {
      const form = new URLSearchParams(await readBody(req));
      const person = byCode.get((form.get('personalCode') ?? '').trim());
      const method = form.get('method');
      if (!person || (method !== 'eid' && method !== 'eparaksts' && method !== 'bank')) {
        return send(
          res,
          422,
          'text/html; charset=utf-8',
          pickerPage({
            uid,
            persons: options.mode === 'production' ? [] : options.persons,
            error: 'Izvēlieties personu un autentifikācijas veidu. Choose a person and a means of sign-in.',
          }),
        );
      }
      return finishLogin(req, res, person, method);
    }
    if (req.method === 'POST' && action === 'abort') {
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'the person cancelled the sign-in' },
        { mergeWithLastSubmission: false },
      );
    }
    return send(res, 405, 'text/plain', 'method not allowed');
  }

  return {
    provider,
    handle(req, res) {
      const url = new URL(req.url ?? '/', options.issuer);
      if (url.pathname === '/health') return send(res, 200, 'application/json', '{"status":"ok"}');
      const m = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|abort))?$/.exec(url.pathname);
      if (m) {
        res.setHeader('Cache-Control', 'no-store');
        interaction(req, res, m[1]!, m[2]).catch((err: unknown) => {
          if (!res.headersSent)
            send(res, 400, 'text/plain', `sign-in failed: ${err instanceof Error ? err.message : 'error'}`);
        });
        return;
      }
      void callback(req, res);
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function readBody(req: IncomingMessage, limit = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
