/**
 * Entry point: `tsx simulators/idp/server.ts`, the Latvija.lv-style identity provider. Its own settings, read from
 * the environment (it imports nothing of the project):
 * - DIGISOC_IDP_URL (issuer and listening address; default http://127.0.0.1:4030), PORT/HOST override the latter;
 * - DIGISOC_IDP_CLIENT_ID / DIGISOC_IDP_CLIENT_SECRET: the portal's client (defaults match DigiSoc's);
 * - SIM_IDP_REDIRECT_URIS: comma-separated; default DIGISOC_PUBLIC_URL (or http://127.0.0.1:3000) +
 *   /e-pakalpojumi/callback. Loopback URIs accept any port.
 * - DIGISOC_MODE: in `production` the person picker and the login_hint shortcut are off.
 * - SIM_IDP_PERSONS_DIR: where the persons come from (default: the registry simulator's fixtures).
 */
import http from 'node:http';
import { createIdp } from './app.js';
import { DEFAULT_PERSONS_DIR, loadPersons } from './persons.js';

const env = process.env;
const issuer = (env.DIGISOC_IDP_URL ?? 'http://127.0.0.1:4030').replace(/\/$/, '');
const configured = new URL(issuer);
const port = Number(env.PORT ?? (configured.port || 80));
const hostname = env.HOST ?? configured.hostname;
const mode =
  env.DIGISOC_MODE === 'production' || env.DIGISOC_MODE === 'test' ? env.DIGISOC_MODE : 'development';
const publicUrl = (env.DIGISOC_PUBLIC_URL ?? `http://127.0.0.1:${env.DIGISOC_API_PORT ?? 3000}`).replace(
  /\/$/,
  '',
);
const redirectUris = (env.SIM_IDP_REDIRECT_URIS ?? `${publicUrl}/e-pakalpojumi/callback`)
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const persons = loadPersons(env.SIM_IDP_PERSONS_DIR ?? DEFAULT_PERSONS_DIR);

const idp = createIdp({
  issuer,
  clientId: env.DIGISOC_IDP_CLIENT_ID ?? 'digisoc-portal',
  clientSecret: env.DIGISOC_IDP_CLIENT_SECRET ?? 'digisoc-local-idp-client-secret',
  redirectUris,
  mode,
  persons,
});
const server = http.createServer((req, res) => idp.handle(req, res));
server.listen(port, hostname, () => {
  console.log(JSON.stringify({ msg: 'identity provider listening', issuer, persons: persons.length, mode }));
});

const shutdown = () => server.close(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
