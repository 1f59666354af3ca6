/**
 * The identity-provider simulator as a relying party sees it: discovery, authorization code + PKCE with the
 * login_hint shortcut (non-production), an ID token with the personal code, names and level of assurance; no
 * shortcut in production mode; unknown redirect URIs refused.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oidc from 'openid-client';
import { ACR_HIGH, createIdp } from '../../simulators/idp/app.js';
import { loadPersons } from '../../simulators/idp/persons.js';
import { CookieJar, follow } from '../helpers/redirects.js';

const REDIRECT = 'http://127.0.0.1:3000/e-pakalpojumi/callback';

async function startIdp(mode: 'test' | 'production') {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp = createIdp({
    issuer,
    clientId: 'portal',
    clientSecret: 'portal-secret-123',
    redirectUris: [REDIRECT],
    mode,
    persons: loadPersons(),
  });
  server.on('request', (req, res) => idp.handle(req, res));
  const config = await oidc.discovery(new URL(issuer), 'portal', 'portal-secret-123', undefined, {
    execute: [oidc.allowInsecureRequests],
  });
  return { server, issuer, config };
}

async function authorize(config: oidc.Configuration, redirectUri: string, loginHint: string) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    login_hint: loginHint,
    prompt: 'login',
  });
  const jar = new CookieJar();
  const result = await follow(jar, url.href, (u) => u.startsWith(redirectUri));
  return { ...result, verifier, state, nonce };
}

describe('identity-provider simulator', () => {
  let test: Awaited<ReturnType<typeof startIdp>>;
  let prod: Awaited<ReturnType<typeof startIdp>>;
  beforeAll(async () => {
    test = await startIdp('test');
    prod = await startIdp('production');
  });
  afterAll(async () => {
    for (const s of [test, prod]) await new Promise((r) => s.server.close(r));
  });

  it('publishes discovery with the code flow, S256 PKCE and the identity claims', () => {
    const meta = test.config.serverMetadata();
    expect(meta.issuer).toBe(test.issuer);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.claims_supported).toEqual(
      expect.arrayContaining(['personal_code', 'given_name', 'family_name', 'acr']),
    );
  });

  it('approves a login_hint without a form and issues an ID token with the person (any loopback port)', async () => {
    const redirectUri = 'http://127.0.0.1:41234/e-pakalpojumi/callback';
    const flow = await authorize(test.config, redirectUri, '140384-19729');
    expect(flow.finalUrl.startsWith(redirectUri)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(test.config, new URL(flow.finalUrl), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      sub: 'PNOLV-140384-19729',
      personal_code: '140384-19729',
      given_name: 'Jānis',
      family_name: 'Bērziņš',
      acr: ACR_HIGH,
      amr: ['eid'],
      aud: 'portal',
      iss: test.issuer,
    });
  });

  it('shows the sign-in form instead in production mode, without the person list', async () => {
    const flow = await authorize(prod.config, REDIRECT, '140384-19729');
    expect(flow.response?.status).toBe(200);
    const html = await flow.response!.text();
    expect(html).toContain('name="personalCode"');
    expect(html).not.toContain('Bērziņš');
  });

  it('refuses a redirect URI that is not registered', async () => {
    const flow = await authorize(test.config, 'http://evil.example/e-pakalpojumi/callback', '140384-19729');
    expect(flow.response?.status).toBe(400);
    expect(await flow.response!.text()).toContain('redirect_uri');
  });
});
