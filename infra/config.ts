/**
 * The one typed, validated configuration of DigiSoc. Every process (API, worker, simulators, scripts) reads its
 * settings here. Each variable has a documented default for the embedded local run; production mode refuses demo
 * passwords and default secrets.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const url = z.url();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const DEFAULT_SESSION_SECRET = 'digisoc-local-session-secret-change-me';
export const DEFAULT_PSEUDONYM_KEY = 'digisoc-local-pseudonym-key-change-me';
export const DEFAULT_MINIO_SECRET = 'digisoc-local-secret';
export const DEFAULT_BANK_CALLBACK_SECRET = 'demo-bank-callback-secret';
export const DEFAULT_IDP_CLIENT_SECRET = 'digisoc-local-idp-client-secret';

/** Environment variables, their defaults and meaning. The README's configuration table is generated from this. */
export const configSchema = z.object({
  DIGISOC_MODE: z.enum(['development', 'test', 'production']).default('development'),
  DIGISOC_DATA_DIR: z.string().min(1).default('.data'),
  DIGISOC_API_HOST: z.string().min(1).default('127.0.0.1'),
  DIGISOC_API_PORT: port.default(3000),
  DIGISOC_PUBLIC_URL: url.optional(),
  DIGISOC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DIGISOC_DB: z.enum(['sqlite', 'postgres']).default('sqlite'),
  DIGISOC_SQLITE_PATH: z.string().min(1).optional(),
  DIGISOC_POSTGRES_URL: z.string().min(1).default('postgresql://digisoc:digisoc@127.0.0.1:5432/digisoc'),

  DIGISOC_TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  DIGISOC_TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  DIGISOC_TEMPORAL_UI_PORT: port.default(8233),
  DIGISOC_TASK_QUEUE_PREFIX: z.string().min(1).default('digisoc'),
  /**
   * Key of the payload codec (AES-256-GCM) that encrypts every Temporal payload. Unset locally: a key generated once in
   * `<data dir>/payload.key`. Required in production mode.
   */
  DIGISOC_PAYLOAD_KEY: z.string().min(16).optional(),
  /** Origin of the Temporal Web UI allowed to call the codec endpoint (`/codec/decode`); unset: the local UI port. */
  DIGISOC_TEMPORAL_UI_ORIGIN: url.optional(),
  /** Optional: how many workflows the worker keeps in its cache (the SDK's default follows the heap size). */
  DIGISOC_WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).optional(),

  DIGISOC_MINIO_ENDPOINT: url.default('http://127.0.0.1:9000'),
  DIGISOC_MINIO_CONSOLE_PORT: port.default(9001),
  DIGISOC_MINIO_ACCESS_KEY: z.string().min(3).default('digisoc'),
  DIGISOC_MINIO_SECRET_KEY: z.string().min(8).default(DEFAULT_MINIO_SECRET),
  /** The public open-data bucket (issue 23); default: the documents bucket's name + "-open-data". */
  DIGISOC_MINIO_OPEN_DATA_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{2,62}$/, 'must be a valid S3 bucket name')
    .optional(),
  /** The pseudonymised analytical store's bucket (issue 23); default: the documents bucket's name + "-analytics". */
  DIGISOC_MINIO_ANALYTICS_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{2,62}$/, 'must be a valid S3 bucket name')
    .optional(),
  DIGISOC_MINIO_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{2,62}$/, 'must be a valid S3 bucket name')
    .default('digisoc-case-files'),
  DIGISOC_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),

  DIGISOC_REGISTRY_SIM_URL: url.default('http://127.0.0.1:4010'),
  DIGISOC_DMS_SIM_URL: url.default('http://127.0.0.1:4020'),
  /** The citizens' OpenID Connect identity provider (Latvija.lv; locally the simulator in simulators/idp). */
  DIGISOC_IDP_URL: url.default('http://127.0.0.1:4030'),
  DIGISOC_IDP_CLIENT_ID: z.string().min(1).default('digisoc-portal'),
  DIGISOC_IDP_CLIENT_SECRET: z.string().min(12).default(DEFAULT_IDP_CLIENT_SECRET),
  /** A citizen's portal session unused this long ends (absolute lifetime: DIGISOC_CITIZEN_SESSION_TTL_MINUTES). */
  DIGISOC_CITIZEN_IDLE_MINUTES: z.coerce.number().int().positive().default(15),
  DIGISOC_CITIZEN_SESSION_TTL_MINUTES: z.coerce.number().int().positive().default(120),
  DIGISOC_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  DIGISOC_SMTP_PORT: port.default(2525),
  DIGISOC_MAIL_FROM: z.string().min(3).default('DigiSoc <noreply@digisoc.local>'),

  DIGISOC_SESSION_SECRET: z.string().min(16).default(DEFAULT_SESSION_SECRET),
  DIGISOC_SESSION_TTL_MINUTES: z.coerce.number().int().positive().default(480),
  /** A session unused this long ends (besides the absolute DIGISOC_SESSION_TTL_MINUTES). */
  DIGISOC_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  /** Behind a reverse proxy: take the client's address from the last X-Forwarded-For entry (sign-in throttling). */
  DIGISOC_TRUST_PROXY: bool.default(false),
  DIGISOC_PSEUDONYM_KEY: z.string().min(16).default(DEFAULT_PSEUDONYM_KEY),
  DIGISOC_DEMO_PASSWORD: z.string().min(1).default('demo'),
  DIGISOC_DEMO_DMS_SECRET: z.string().min(1).default('demo-dms-secret'),
  /** How long an outbound DMS delivery may keep failing before the administrators get an alert task. */
  DIGISOC_DMS_OUTBOUND_ALERT_AFTER: z
    .string()
    .regex(/^\d+ (seconds|minutes|hours|days)$/, 'e.g. "24 hours"')
    .default('24 hours'),
  /** Shared secret banks (the simulator locally) send with their asynchronous statement callbacks. */
  DIGISOC_BANK_CALLBACK_SECRET: z.string().min(12).default(DEFAULT_BANK_CALLBACK_SECRET),
  DIGISOC_SEED_DEMO: bool.optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config {
  mode: RawConfig['DIGISOC_MODE'];
  dataDir: string;
  api: { host: string; port: number; publicUrl: string };
  logLevel: RawConfig['DIGISOC_LOG_LEVEL'];
  db: { kind: 'sqlite'; sqlitePath: string } | { kind: 'postgres'; url: string };
  temporal: {
    address: string;
    namespace: string;
    uiPort: number;
    uiOrigin: string;
    taskQueuePrefix: string;
    payloadKey?: string;
    maxCachedWorkflows?: number;
  };
  minio: {
    endpoint: string;
    consolePort: number;
    accessKey: string;
    secretKey: string;
    bucket: string;
    /** Open datasets (public, immutable versions); never the documents bucket. */
    openDataBucket: string;
    /** The pseudonymised analytical store (Parquet). */
    analyticsBucket: string;
  };
  uploadMaxBytes: number;
  simulators: { registryUrl: string; dmsUrl: string };
  citizen: {
    idpUrl: string;
    clientId: string;
    clientSecret: string;
    idleMinutes: number;
    ttlMinutes: number;
  };
  dms: { outboundAlertAfter: string };
  bankCallbackSecret: string;
  smtp: { host: string; port: number; from: string };
  session: { secret: string; ttlMinutes: number; idleMinutes: number; trustProxy: boolean };
  pseudonymKey: string;
  demo: { password: string; dmsSecret: string; seed: boolean };
}

export class ConfigError extends Error {
  constructor(public readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid DigiSoc configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(unknown)'),
        message: issue.message,
      })),
    );
  }
  const c = parsed.data;
  const problems: { variable: string; message: string }[] = [];
  if (c.DIGISOC_MODE === 'production') {
    const refuse = (variable: string, bad: boolean, message: string) => {
      if (bad) problems.push({ variable, message });
    };
    refuse(
      'DIGISOC_SESSION_SECRET',
      c.DIGISOC_SESSION_SECRET === DEFAULT_SESSION_SECRET,
      'the default secret is refused in production mode',
    );
    refuse(
      'DIGISOC_PSEUDONYM_KEY',
      c.DIGISOC_PSEUDONYM_KEY === DEFAULT_PSEUDONYM_KEY,
      'the default key is refused in production mode',
    );
    refuse(
      'DIGISOC_MINIO_SECRET_KEY',
      c.DIGISOC_MINIO_SECRET_KEY === DEFAULT_MINIO_SECRET,
      'the default secret is refused in production mode',
    );
    refuse(
      'DIGISOC_DEMO_PASSWORD',
      env.DIGISOC_DEMO_PASSWORD !== undefined,
      'demo passwords are refused in production mode (demo users are never created there)',
    );
    refuse(
      'DIGISOC_DEMO_DMS_SECRET',
      env.DIGISOC_DEMO_DMS_SECRET !== undefined,
      'demo DMS secrets are refused in production mode',
    );
    refuse(
      'DIGISOC_BANK_CALLBACK_SECRET',
      c.DIGISOC_BANK_CALLBACK_SECRET === DEFAULT_BANK_CALLBACK_SECRET,
      'the default secret is refused in production mode',
    );
    refuse(
      'DIGISOC_IDP_CLIENT_SECRET',
      c.DIGISOC_IDP_CLIENT_SECRET === DEFAULT_IDP_CLIENT_SECRET,
      'the default secret is refused in production mode',
    );
    refuse(
      'DIGISOC_PAYLOAD_KEY',
      c.DIGISOC_PAYLOAD_KEY === undefined,
      'required in production mode: Temporal histories hold personal data and are encrypted with this key',
    );
    refuse('DIGISOC_SEED_DEMO', c.DIGISOC_SEED_DEMO === true, 'demo data is refused in production mode');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode: c.DIGISOC_MODE,
    dataDir: c.DIGISOC_DATA_DIR,
    api: {
      host: c.DIGISOC_API_HOST,
      port: c.DIGISOC_API_PORT,
      publicUrl: c.DIGISOC_PUBLIC_URL ?? `http://${c.DIGISOC_API_HOST}:${c.DIGISOC_API_PORT}`,
    },
    logLevel: c.DIGISOC_LOG_LEVEL,
    db:
      c.DIGISOC_DB === 'sqlite'
        ? { kind: 'sqlite', sqlitePath: c.DIGISOC_SQLITE_PATH ?? `${c.DIGISOC_DATA_DIR}/digisoc.sqlite` }
        : { kind: 'postgres', url: c.DIGISOC_POSTGRES_URL },
    temporal: {
      address: c.DIGISOC_TEMPORAL_ADDRESS,
      namespace: c.DIGISOC_TEMPORAL_NAMESPACE,
      uiPort: c.DIGISOC_TEMPORAL_UI_PORT,
      uiOrigin: new URL(c.DIGISOC_TEMPORAL_UI_ORIGIN ?? `http://127.0.0.1:${c.DIGISOC_TEMPORAL_UI_PORT}`)
        .origin,
      taskQueuePrefix: c.DIGISOC_TASK_QUEUE_PREFIX,
      payloadKey: c.DIGISOC_PAYLOAD_KEY,
      maxCachedWorkflows: c.DIGISOC_WORKER_MAX_CACHED_WORKFLOWS,
    },
    minio: {
      endpoint: c.DIGISOC_MINIO_ENDPOINT,
      consolePort: c.DIGISOC_MINIO_CONSOLE_PORT,
      accessKey: c.DIGISOC_MINIO_ACCESS_KEY,
      secretKey: c.DIGISOC_MINIO_SECRET_KEY,
      bucket: c.DIGISOC_MINIO_BUCKET,
      openDataBucket: c.DIGISOC_MINIO_OPEN_DATA_BUCKET ?? `${c.DIGISOC_MINIO_BUCKET}-open-data`,
      analyticsBucket: c.DIGISOC_MINIO_ANALYTICS_BUCKET ?? `${c.DIGISOC_MINIO_BUCKET}-analytics`,
    },
    uploadMaxBytes: c.DIGISOC_UPLOAD_MAX_BYTES,
    simulators: { registryUrl: c.DIGISOC_REGISTRY_SIM_URL, dmsUrl: c.DIGISOC_DMS_SIM_URL },
    citizen: {
      idpUrl: c.DIGISOC_IDP_URL.replace(/\/$/, ''),
      clientId: c.DIGISOC_IDP_CLIENT_ID,
      clientSecret: c.DIGISOC_IDP_CLIENT_SECRET,
      idleMinutes: c.DIGISOC_CITIZEN_IDLE_MINUTES,
      ttlMinutes: c.DIGISOC_CITIZEN_SESSION_TTL_MINUTES,
    },
    dms: { outboundAlertAfter: c.DIGISOC_DMS_OUTBOUND_ALERT_AFTER },
    bankCallbackSecret: c.DIGISOC_BANK_CALLBACK_SECRET,
    smtp: { host: c.DIGISOC_SMTP_HOST, port: c.DIGISOC_SMTP_PORT, from: c.DIGISOC_MAIL_FROM },
    session: {
      secret: c.DIGISOC_SESSION_SECRET,
      ttlMinutes: c.DIGISOC_SESSION_TTL_MINUTES,
      idleMinutes: c.DIGISOC_SESSION_IDLE_MINUTES,
      trustProxy: c.DIGISOC_TRUST_PROXY,
    },
    pseudonymKey: c.DIGISOC_PSEUDONYM_KEY,
    demo: {
      password: c.DIGISOC_DEMO_PASSWORD,
      dmsSecret: c.DIGISOC_DEMO_DMS_SECRET,
      seed:
        c.DIGISOC_MODE === 'production' ? false : (c.DIGISOC_SEED_DEMO ?? c.DIGISOC_MODE === 'development'),
    },
  };
}
