/**
 * `./digisoc start`: the whole system with embedded defaults and demo data — Temporal dev server (SQLite file,
 * Web UI), MinIO (single node), registry, DMS and identity-provider simulators, SMTP sink, migrations + seed on SQLite, the worker and the API.
 * Ctrl-C stops everything it started.
 */
import path from 'node:path';
import { loadConfig } from '../infra/config.js';
import { createOrm, migrateUp } from '../infra/db/orm.js';
import { seedDatabase, DEMO_USERS } from '../infra/db/seed.js';
import { ObjectStore } from '../infra/object-store.js';
import { PAYLOAD_KEY_FILE, withPayloadKey } from '../temporal/payload-key.js';
import { startDemoProcesses } from './demo-processes.js';
import {
  ROOT,
  httpOk,
  startMinio,
  startTemporal,
  startTsService,
  stopAll,
  type ManagedProcess,
} from './stack.js';

const started = Date.now();
const loaded = loadConfig({ DIGISOC_MODE: 'development', ...process.env });
const dataDir = path.resolve(ROOT, loaded.dataDir);
// Temporal payloads are encrypted by default: the key is DIGISOC_PAYLOAD_KEY or one generated once into the data dir,
// which the worker and the API (started below with the same DIGISOC_DATA_DIR) read too.
const config = withPayloadKey({ ...loaded, dataDir });
const logDir = path.join(dataDir, 'logs');
const processes: ManagedProcess[] = [];
const minioUrl = new URL(config.minio.endpoint);
const temporalPort = Number(config.temporal.address.split(':')[1] ?? 7233);
const registryUrl = new URL(config.simulators.registryUrl);
const smtpHttpPort = Number(process.env.DIGISOC_SMTP_SINK_HTTP_PORT ?? 2580);

let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping DigiSoc…');
    await stopAll(processes);
    console.log('All processes stopped.');
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const step = (text: string) => console.log(`\x1b[1;34m[start]\x1b[0m ${text}`);

try {
  const childEnv = { DIGISOC_MODE: 'development', DIGISOC_DATA_DIR: dataDir };
  step('starting MinIO, Temporal, the simulators (registry, DMS, identity provider) and the SMTP sink');
  const infra = await Promise.all([
    startMinio({
      dataDir: path.join(dataDir, 'minio'),
      port: Number(minioUrl.port),
      consolePort: config.minio.consolePort,
      accessKey: config.minio.accessKey,
      secretKey: config.minio.secretKey,
      logDir,
    }),
    startTemporal({
      port: temporalPort,
      uiPort: config.temporal.uiPort,
      dbFile: path.join(dataDir, 'temporal.sqlite'),
      logDir,
      namespace: config.temporal.namespace,
      codecEndpoint: `${config.api.publicUrl}/codec`,
    }),
    startTsService({
      name: 'registry-simulator',
      script: 'simulators/registry/server.ts',
      env: childEnv,
      logDir,
      ready: httpOk(`${registryUrl.origin}/health`),
    }),
    startTsService({
      name: 'smtp-sink',
      script: 'simulators/smtp-sink/server.ts',
      env: childEnv,
      logDir,
      ready: httpOk(`http://127.0.0.1:${smtpHttpPort}/health`),
    }),
    startTsService({
      name: 'dms-simulator',
      script: 'simulators/dms/server.ts',
      env: childEnv,
      logDir,
      ready: httpOk(`${new URL(config.simulators.dmsUrl).origin}/health`),
    }),
    startTsService({
      name: 'identity-provider',
      script: 'simulators/idp/server.ts',
      env: childEnv,
      logDir,
      ready: httpOk(`${config.citizen.idpUrl}/health`),
    }),
  ]);
  processes.push(...infra);

  step(`migrating and seeding the ${config.db.kind} database`);
  const orm = await createOrm(config.db);
  await migrateUp(orm);
  const seeded = await seedDatabase(orm.em.fork(), config);
  await orm.close(true);
  await new ObjectStore(config.minio).ensureBucket();
  step(`seeded ${JSON.stringify(seeded)}`);

  step('starting the worker and the API');
  processes.push(
    await startTsService({
      name: 'worker',
      script: 'app/worker.ts',
      env: childEnv,
      logDir,
      ready: async () => true,
    }),
  );
  processes.push(
    await startTsService({
      name: 'api',
      script: 'app/server.ts',
      env: childEnv,
      logDir,
      ready: httpOk(`http://${config.api.host}:${config.api.port}/health`),
    }),
  );
  const demo = await startDemoProcesses(config);
  if (demo > 0) step(`started ${demo} demo social-service request(s)`);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const api = config.api.publicUrl;
  console.log(`
DigiSoc is running (started in ${seconds} s). Ctrl-C stops everything.

  Case screens         ${api}/
  API + OpenAPI        ${api}/api/v1   ${api}/openapi.json   Swagger UI ${api}/docs
  Health               ${api}/health
  Temporal Web UI      http://127.0.0.1:${config.temporal.uiPort}   (gRPC ${config.temporal.address})
                       payloads encrypted (${process.env.DIGISOC_PAYLOAD_KEY ? 'DIGISOC_PAYLOAD_KEY' : path.join(dataDir, PAYLOAD_KEY_FILE)});
                       decoded for admins via ${api}/codec (sign in as admin, then enable
                       "Include cross-origin credentials" in the UI's codec settings)
  MinIO                ${config.minio.endpoint}   console http://127.0.0.1:${config.minio.consolePort}  (${config.minio.accessKey} / ${config.minio.secretKey})
  Registry simulator   ${config.simulators.registryUrl}
  DMS simulator        ${config.simulators.dmsUrl}
  Citizen portal       ${api}/e-pakalpojumi   (sign-in through the identity provider ${config.citizen.idpUrl})
  SMTP sink            smtp://${config.smtp.host}:${config.smtp.port}   messages http://127.0.0.1:${smtpHttpPort}/messages
  Logs                 ${logDir}

  Demo users (password "${config.demo.password}"):
${DEMO_USERS.map((u) => `    ${u.username.padEnd(12)} ${u.role.padEnd(20)} ${u.municipalityCode ?? 'national'}`).join('\n')}
`);
  await new Promise(() => undefined);
} catch (err) {
  console.error(`\nStart-up failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
}
