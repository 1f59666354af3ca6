/**
 * ID-token validation of the citizen sign-in, against a test identity provider whose token endpoint answers with
 * exactly the ID token each case needs: a good one is accepted (so the refusals below are the token's fault), and a
 * bad signature, a wrong audience, an expired token, a replayed nonce, a wrong issuer or a missing level of assurance
 * are refused — no identity comes out.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';
import { CitizenSignInService } from '../../services/citizen/sign-in.js';

const CLIENT_ID = 'digisoc-portal-test';
const REDIRECT = 'http://127.0.0.1:3000/e-pakalpojumi/callback';

type Claims = Record<string, unknown>;

function b64(value: object | Buffer): string {
  return (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');
}

function jwt(claims: Claims, key: KeyObject, kid: string): string {
  const head = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(claims)}`;
  return `${head}.${b64(sign('sha256', Buffer.from(head), key))}`;
}

class TestIdp {
  readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly otherKey = createPrivateKey(
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  readonly kid = randomBytes(6).toString('hex');
  server = http.createServer((req, res) => this.handle(req, res));
  issuer = '';
  /** What the next token response carries: given the nonce of the pending authorization request. */
  nextIdToken: (nonce: string) => string = () => '';
  lastNonce = '';

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  claims(nonce: string, over: Claims = {}): Claims {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.issuer,
      aud: CLIENT_ID,
      sub: 'PNOLV-140384-19729',
      iat: now,
      exp: now + 300,
      nonce,
      personal_code: '140384-19729',
      given_name: 'Jānis',
      family_name: 'Bērziņš',
      acr: 'http://eidas.europa.eu/LoA/high',
      ...over,
    };
  }

  token(claims: Claims, key: KeyObject = this.key.privateKey): string {
    return jwt(claims, key, this.kid);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.issuer);
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration')
      return json({
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/auth`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    if (url.pathname === '/jwks')
      return json({
        keys: [{ ...this.key.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }],
      });
    if (url.pathname === '/token') {
      req.resume();
      return req.on('end', () =>
        json({
          access_token: 'at',
          token_type: 'Bearer',
          expires_in: 300,
          id_token: this.nextIdToken(this.lastNonce),
        }),
      );
    }
    res.writeHead(404).end();
  }
}

describe('citizen sign-in: ID-token validation', () => {
  let stack: TestStack;
  const idp = new TestIdp();
  let service: CitizenSignInService;
  const warnings: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, seedDemo: false });
    await idp.start();
    service = new CitizenSignInService(
      { idpUrl: idp.issuer, clientId: CLIENT_ID, clientSecret: 'test-client-secret', redirectUri: REDIRECT },
      { warn: (obj: object) => warnings.push(JSON.stringify(obj)) },
    );
  });
  afterAll(async () => {
    await new Promise((r) => idp.server.close(r));
    await stack?.close();
  });

  /** Starts a sign-in, lets the test provider answer with `idToken(nonce)`, and runs the callback. */
  async function signInWith(idToken: (nonce: string) => string) {
    const em = stack.orm.em.fork();
    const started = await service.start(em, {
      address: `test-${randomBytes(4).toString('hex')}`,
      now: new Date(),
    });
    if (!started.ok) throw new Error('sign-in did not start');
    const url = new URL(started.url);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    idp.lastNonce = url.searchParams.get('nonce')!;
    idp.nextIdToken = idToken;
    return service.finish(stack.orm.em.fork(), {
      search: `?code=${randomBytes(8).toString('hex')}&state=${started.state}`,
      stateCookie: started.state,
      now: new Date(),
      requestId: null,
    });
  }

  it('accepts a good ID token and takes the identity from it', async () => {
    const result = await signInWith((nonce) => idp.token(idp.claims(nonce)));
    expect(result).toEqual({
      ok: true,
      identity: {
        personalCode: '140384-19729',
        givenName: 'Jānis',
        familyName: 'Bērziņš',
        acr: 'http://eidas.europa.eu/LoA/high',
      },
    });
  });

  const refused: [string, (nonce: string) => string][] = [
    ['a bad signature (another key, same key id)', (n) => idp.token(idp.claims(n), idp.otherKey)],
    [
      'a tampered payload',
      (n) => {
        const [h, , s] = idp.token(idp.claims(n)).split('.');
        return `${h}.${b64(idp.claims(n, { personal_code: '020787-18178' }))}.${s}`;
      },
    ],
    ['a wrong audience', (n) => idp.token(idp.claims(n, { aud: 'another-service' }))],
    [
      'an expired token',
      (n) => {
        const past = Math.floor(Date.now() / 1000) - 3600;
        return idp.token(idp.claims(n, { iat: past - 300, exp: past }));
      },
    ],
    [
      'a replayed nonce (the token of an earlier sign-in)',
      () => idp.token(idp.claims('nonce-of-an-earlier-sign-in')),
    ],
    ['no nonce', (n) => idp.token({ ...idp.claims(n), nonce: undefined })],
    ['a wrong issuer', (n) => idp.token(idp.claims(n, { iss: 'http://evil.example' }))],
    [
      'a level of assurance below substantial',
      (n) => idp.token(idp.claims(n, { acr: 'http://eidas.europa.eu/LoA/low' })),
    ],
    ['no personal code', (n) => idp.token(idp.claims(n, { personal_code: undefined }))],
  ];

  it.each(refused)('refuses %s', async (_name, idToken) => {
    const result = await signInWith(idToken);
    expect(result).toEqual({ ok: false, reason: 'refused' });
  });

  it('refuses a callback replayed after a successful sign-in (the state was used once)', async () => {
    const em = stack.orm.em.fork();
    const started = await service.start(em, { address: 'replay', now: new Date() });
    if (!started.ok) throw new Error('sign-in did not start');
    idp.lastNonce = new URL(started.url).searchParams.get('nonce')!;
    idp.nextIdToken = (n) => idp.token(idp.claims(n));
    const input = {
      search: `?code=c1&state=${started.state}`,
      stateCookie: started.state,
      now: new Date(),
      requestId: null,
    };
    expect((await service.finish(stack.orm.em.fork(), input)).ok).toBe(true);
    expect(await service.finish(stack.orm.em.fork(), input)).toEqual({ ok: false, reason: 'no-sign-in' });
  });

  it('limits sign-in starts per address', async () => {
    const em = stack.orm.em.fork();
    const now = new Date();
    const results = [];
    for (let i = 0; i < 21; i++) results.push(await service.start(em, { address: 'busy', now }));
    expect(results.slice(0, 20).every((r) => r.ok)).toBe(true);
    expect(results[20]).toMatchObject({ ok: false, reason: 'throttled' });
    // Another address is not slowed down.
    expect((await service.start(em, { address: 'calm', now })).ok).toBe(true);
  });
});
