import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../infra/config.js';

describe('loadConfig', () => {
  it('uses documented defaults for the embedded local run', () => {
    const config = loadConfig({});
    expect(config.db).toEqual({ kind: 'sqlite', sqlitePath: '.data/digisoc.sqlite' });
    expect(config.api.port).toBe(3000);
    expect(config.temporal.address).toBe('127.0.0.1:7233');
    expect(config.minio.endpoint).toBe('http://127.0.0.1:9000');
    expect(config.simulators.registryUrl).toBe('http://127.0.0.1:4010');
    expect(config.smtp.port).toBe(2525);
    expect(config.demo.seed).toBe(true);
    expect(config.temporal.maxCachedWorkflows).toBeUndefined();
  });

  it('reads the worker cache size, at least 2', () => {
    expect(loadConfig({ DIGISOC_WORKER_MAX_CACHED_WORKFLOWS: '20000' }).temporal.maxCachedWorkflows).toBe(
      20000,
    );
    expect(() => loadConfig({ DIGISOC_WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(
      /DIGISOC_WORKER_MAX_CACHED_WORKFLOWS/,
    );
    expect(() => loadConfig({ DIGISOC_WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toThrow(
      /DIGISOC_WORKER_MAX_CACHED_WORKFLOWS/,
    );
  });

  it('ends sessions after 8 hours and after 30 idle minutes by default; both are settings', () => {
    expect(loadConfig({}).session).toMatchObject({ ttlMinutes: 480, idleMinutes: 30, trustProxy: false });
    const set = loadConfig({
      DIGISOC_SESSION_IDLE_MINUTES: '15',
      DIGISOC_SESSION_TTL_MINUTES: '240',
      DIGISOC_TRUST_PROXY: 'true',
    });
    expect(set.session).toMatchObject({ ttlMinutes: 240, idleMinutes: 15, trustProxy: true });
    expect(() => loadConfig({ DIGISOC_SESSION_IDLE_MINUTES: '0' })).toThrow(/DIGISOC_SESSION_IDLE_MINUTES/);
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ DIGISOC_API_PORT: 'seventy' })).toThrow(/DIGISOC_API_PORT/);
    expect(() => loadConfig({ DIGISOC_DB: 'mysql' })).toThrow(/DIGISOC_DB/);
    expect(() => loadConfig({ DIGISOC_MINIO_ENDPOINT: 'not a url' })).toThrow(/DIGISOC_MINIO_ENDPOINT/);
    try {
      loadConfig({ DIGISOC_API_PORT: '70000', DIGISOC_UPLOAD_MAX_BYTES: '-1' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
        'DIGISOC_API_PORT',
        'DIGISOC_UPLOAD_MAX_BYTES',
      ]);
    }
  });

  it('selects PostgreSQL by DIGISOC_DB', () => {
    const config = loadConfig({ DIGISOC_DB: 'postgres', DIGISOC_POSTGRES_URL: 'postgresql://u:p@db:5432/x' });
    expect(config.db).toEqual({ kind: 'postgres', url: 'postgresql://u:p@db:5432/x' });
  });

  it('refuses demo passwords and default secrets in production mode', () => {
    expect(() => loadConfig({ DIGISOC_MODE: 'production' })).toThrow(/DIGISOC_SESSION_SECRET/);
    const strong = {
      DIGISOC_MODE: 'production',
      DIGISOC_SESSION_SECRET: 'a-long-random-production-secret',
      DIGISOC_PSEUDONYM_KEY: 'another-long-random-production-key',
      DIGISOC_MINIO_SECRET_KEY: 'a-strong-minio-secret',
      DIGISOC_BANK_CALLBACK_SECRET: 'a-strong-bank-callback-secret',
      DIGISOC_IDP_CLIENT_SECRET: 'a-strong-identity-provider-client-secret',
      DIGISOC_PAYLOAD_KEY: 'a-long-random-payload-encryption-key',
    };
    expect(loadConfig(strong).demo.seed).toBe(false);
    const { DIGISOC_IDP_CLIENT_SECRET: _idp, ...withoutIdpSecret } = strong;
    expect(() => loadConfig(withoutIdpSecret)).toThrow(/DIGISOC_IDP_CLIENT_SECRET/);
    expect(() => loadConfig({ ...strong, DIGISOC_DEMO_PASSWORD: 'demo' })).toThrow(/DIGISOC_DEMO_PASSWORD/);
    expect(() => loadConfig({ ...strong, DIGISOC_SEED_DEMO: 'true' })).toThrow(/DIGISOC_SEED_DEMO/);
  });

  it('refuses to start in production mode without an explicitly configured payload key', () => {
    const strong = {
      DIGISOC_MODE: 'production',
      DIGISOC_SESSION_SECRET: 'a-long-random-production-secret',
      DIGISOC_PSEUDONYM_KEY: 'another-long-random-production-key',
      DIGISOC_MINIO_SECRET_KEY: 'a-strong-minio-secret',
      DIGISOC_BANK_CALLBACK_SECRET: 'a-strong-bank-callback-secret',
      DIGISOC_IDP_CLIENT_SECRET: 'a-strong-identity-provider-client-secret',
    };
    try {
      loadConfig(strong);
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.variable)).toEqual(['DIGISOC_PAYLOAD_KEY']);
    }
    expect(() => loadConfig({ ...strong, DIGISOC_PAYLOAD_KEY: 'short' })).toThrow(/DIGISOC_PAYLOAD_KEY/);
    const config = loadConfig({ ...strong, DIGISOC_PAYLOAD_KEY: 'a-long-random-payload-encryption-key' });
    expect(config.temporal.payloadKey).toBe('a-long-random-payload-encryption-key');
    // Outside production the key may be left unset: the local key file is used (temporal/payload-key.ts).
    expect(loadConfig({}).temporal.payloadKey).toBeUndefined();
  });

  it('allows the Temporal UI origin to be configured for the codec endpoint', () => {
    expect(loadConfig({}).temporal.uiOrigin).toBe('http://127.0.0.1:8233');
    expect(loadConfig({ DIGISOC_TEMPORAL_UI_PORT: '9233' }).temporal.uiOrigin).toBe('http://127.0.0.1:9233');
    expect(loadConfig({ DIGISOC_TEMPORAL_UI_ORIGIN: 'https://temporal.example.lv/' }).temporal.uiOrigin).toBe(
      'https://temporal.example.lv',
    );
  });
});
