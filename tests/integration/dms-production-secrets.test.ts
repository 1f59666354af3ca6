/**
 * Promise: "in production, DMS webhooks are verified with each municipality's own secrets from the database, with
 * rotation". A second app instance shares the test stack's database but runs with mode = production, so the demo
 * secret is not valid anywhere. A signed but malformed document answers 422 (the signature was accepted, nothing is
 * taken in); a refused signature answers 401.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signedHeaders } from '../../domain/dms/signature.js';
import { IntegrationSecret } from '../../infra/db/entities/index.js';
import { newId } from '../../infra/ids.js';
import { createApp } from '../../api/app.js';
import { extraRouters } from '../../api/extra-routers.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

const RIGA = '0001000';
const CESIS = '0026000';
const HOUR = 3600_000;
let stack: TestStack;
let production: ReturnType<typeof createApp>;

const body = (atvk: string) =>
  JSON.stringify({ eventType: 'document.registered', document: { institution: { atvk } } });

async function post(raw: string, secret: string): Promise<number> {
  const res = await production.request('/api/v1/integrations/dms/namejs/documents', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(secret, raw) },
    body: raw,
  });
  await res.arrayBuffer();
  return res.status;
}

async function secret(municipalityCode: string, value: string, from: number, to: number | null) {
  const em = stack.orm.em.fork();
  em.create(IntegrationSecret, {
    id: newId(),
    municipalityCode,
    system: 'namejs',
    secret: value,
    validFrom: new Date(from),
    validTo: to === null ? null : new Date(to),
    createdAt: new Date(),
  });
  await em.flush();
}

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  production = createApp({ ...stack.deps, config: { ...stack.config, mode: 'production' } }, extraRouters);
});
afterAll(async () => {
  await stack.close();
});

describe('production DMS secrets', () => {
  it('the demo secret is refused in production (and accepted in test mode, so the difference is the mode)', async () => {
    const raw = body(RIGA);
    expect(await post(raw, stack.config.demo.dmsSecret)).toBe(401);
    const test = await stack.request('POST', '/api/v1/integrations/dms/namejs/documents', {
      body: raw,
      headers: { 'content-type': 'application/json', ...signedHeaders(stack.config.demo.dmsSecret, raw) },
    });
    expect(test.status).toBe(422);
  });

  it("a municipality's own secret from the database is accepted, and only for that municipality", async () => {
    const now = Date.now();
    await secret(RIGA, 'riga-prod-1', now - HOUR, null);
    await secret(CESIS, 'cesis-prod-1', now - HOUR, null);
    expect(await post(body(RIGA), 'riga-prod-1')).toBe(422);
    expect(await post(body(CESIS), 'cesis-prod-1')).toBe(422);
    expect(await post(body(RIGA), 'cesis-prod-1')).toBe(401);
    expect(await post(body(CESIS), 'riga-prod-1')).toBe(401);
  });

  it('rotation: the old and new secrets are both valid during the overlap; retired and future ones are not', async () => {
    const now = Date.now();
    await stack.orm.em.fork().nativeDelete(IntegrationSecret, { municipalityCode: RIGA });
    await secret(RIGA, 'riga-retired', now - 400 * 24 * HOUR, now - HOUR);
    await secret(RIGA, 'riga-old', now - 30 * 24 * HOUR, now + 24 * HOUR);
    await secret(RIGA, 'riga-new', now - HOUR, null);
    await secret(RIGA, 'riga-future', now + 24 * HOUR, null);
    expect(await post(body(RIGA), 'riga-old')).toBe(422);
    expect(await post(body(RIGA), 'riga-new')).toBe(422);
    expect(await post(body(RIGA), 'riga-retired')).toBe(401);
    expect(await post(body(RIGA), 'riga-future')).toBe(401);
  });

  it('with no secret in the database for a municipality, every signature is refused', async () => {
    await stack.orm.em.fork().nativeDelete(IntegrationSecret, { municipalityCode: CESIS });
    expect(await post(body(CESIS), 'cesis-prod-1')).toBe(401);
    expect(await post(body(CESIS), stack.config.demo.dmsSecret)).toBe(401);
  });
});
