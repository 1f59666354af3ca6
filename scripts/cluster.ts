/**
 * `./digisoc start --cluster`: the production topology of docker-compose.yml as local processes (no Docker engine
 * here). Two PostgreSQL clusters (Temporal's and the application's, so stopping one leaves the other), the real
 * Temporal server on PostgreSQL with its Web UI, MinIO erasure-coded over 4 drives, the simulators, 2 workers and
 * 2 API processes on two ports, all with the compose file's variable names. Ctrl-C stops everything it started.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../infra/config.js';
import { createOrm, migrateUp } from '../infra/db/orm.js';
import { seedDatabase, DEMO_USERS } from '../infra/db/seed.js';
import { ObjectStore } from '../infra/object-store.js';
import { withPayloadKey } from '../temporal/payload-key.js';
import { startDemoProcesses } from './demo-processes.js';
import { startTemporalServer, temporalServerBuilt } from './cluster-temporal.js';
import { CLUSTER_COMPONENTS, clusterPorts } from './cluster-topology.js';
import { ROOT, httpOk, startMinio, startTsService, stopAll, type ManagedProcess } from './stack.js';

const started = Date.now();
const ports = clusterPorts(process.env);
const dataDir = path.resolve(ROOT, process.env.DIGISOC_DATA_DIR ?? '.data/cluster');
const logDir = path.join(dataDir, 'logs');
const processes: ManagedProcess[] = [];
const pgClusters: { dir: string; port: number }[] = [];
const step = (text: string) => console.log(`\x1b[1;34m[cluster]\x1b[0m ${text}`);

function postgres(action: 'start' | 'stop', dir: string, port: number): string {
  return execFileSync('bash', [path.join(ROOT, 'scripts/postgres.sh'), action, String(port)], {
    env: { ...process.env, DIGISOC_PG_DIR: dir },
    encoding: 'utf8',
  }).trim();
}

let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping the DigiSoc cluster…');
    await stopAll(processes);
    for (const pg of pgClusters.reverse()) postgres('stop', pg.dir, pg.port);
    console.log('All processes stopped.');
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  if (!temporalServerBuilt())
    throw new Error('the Temporal server is not built: run bash scripts/setup-cluster.sh');
  fs.mkdirSync(dataDir, { recursive: true });

  step('starting PostgreSQL: one cluster for Temporal, one for the application');
  const temporalPg = { dir: path.join(dataDir, 'pg-temporal'), port: ports.temporalPostgres };
  const appPg = { dir: path.join(dataDir, 'pg-app'), port: ports.appPostgres };
  postgres('start', temporalPg.dir, temporalPg.port);
  pgClusters.push(temporalPg);
  const appUrl = postgres('start', appPg.dir, appPg.port);
  pgClusters.push(appPg);

  const env: Record<string, string> = {
    DIGISOC_MODE: 'development',
    DIGISOC_DATA_DIR: dataDir,
    DIGISOC_DB: 'postgres',
    DIGISOC_POSTGRES_URL: appUrl,
    DIGISOC_TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    DIGISOC_TEMPORAL_NAMESPACE: 'default',
    DIGISOC_MINIO_ENDPOINT: `http://127.0.0.1:${ports.minio}`,
    DIGISOC_REGISTRY_SIM_URL: `http://127.0.0.1:${ports.registrySimulator}`,
    DIGISOC_DMS_SIM_URL: `http://127.0.0.1:${ports.dmsSimulator}`,
    DIGISOC_SMTP_PORT: String(ports.smtp),
    DIGISOC_SMTP_SINK_HTTP_PORT: String(ports.smtpHttp),
    DIGISOC_PUBLIC_URL: `http://127.0.0.1:${ports.api[0]}`,
    DIGISOC_TEMPORAL_UI_PORT: String(ports.temporalUi),
  };
  const config = withPayloadKey(loadConfig({ ...process.env, ...env }));
  Object.assign(process.env, env);

  step('starting the Temporal server on PostgreSQL, MinIO (4 drives, erasure-coded) and the simulators');
  const infra = await Promise.all([
    startTemporalServer({
      dataDir,
      logDir,
      pg: { host: '127.0.0.1', port: temporalPg.port, user: 'digisoc', password: 'digisoc' },
      frontendPort: ports.temporal,
      uiPort: ports.temporalUi,
      namespace: 'default',
      historyShards: Number(process.env.DIGISOC_TEMPORAL_HISTORY_SHARDS ?? 16),
      codecEndpoint: `${config.api.publicUrl}/codec`,
    }),
    startMinio({
      dataDir: `${path.join(dataDir, 'minio')}/drive{1...4}`,
      port: ports.minio,
      consolePort: ports.minioConsole,
      accessKey: config.minio.accessKey,
      secretKey: config.minio.secretKey,
      logDir,
    }).then((p) => [p]),
    ...CLUSTER_COMPONENTS.flatMap(({ name, kind, script, healthPort }) =>
      kind === 'simulator' && script && healthPort
        ? [
            startTsService({
              name,
              script,
              env,
              logDir,
              ready: httpOk(`http://127.0.0.1:${healthPort(ports)}/health`),
            }).then((p) => [p]),
          ]
        : [],
    ),
  ]);
  processes.push(...infra.flat());

  step('migrating and seeding the application database');
  const orm = await createOrm(config.db);
  await migrateUp(orm);
  await seedDatabase(orm.em.fork(), config);
  await orm.close(true);
  await new ObjectStore(config.minio).ensureBucket();

  step('starting 2 workers and 2 API processes');
  for (const i of [1, 2]) {
    processes.push(
      await startTsService({
        name: `worker-${i}`,
        script: 'temporal/worker-main.ts',
        env,
        logDir,
        ready: async () => true,
      }),
    );
  }
  for (const [i, port] of ports.api.entries()) {
    processes.push(
      await startTsService({
        name: `api-${i + 1}`,
        script: 'api/server.ts',
        env: { ...env, DIGISOC_API_PORT: String(port) },
        logDir,
        ready: httpOk(`http://127.0.0.1:${port}/health`),
      }),
    );
  }
  const demo = await startDemoProcesses(config);
  if (demo > 0) step(`started ${demo} demo process(es)`);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
The DigiSoc cluster is running (started in ${seconds} s). Ctrl-C stops everything.

  API processes        ${ports.api.map((p) => `http://127.0.0.1:${p}`).join('   ')}
  Temporal server      127.0.0.1:${ports.temporal} (PostgreSQL 127.0.0.1:${temporalPg.port})   Web UI http://127.0.0.1:${ports.temporalUi}
  Application DB       ${appUrl.replace(/:[^:@/]*@/, ':***@')}
  MinIO (4 drives)     http://127.0.0.1:${ports.minio}   console http://127.0.0.1:${ports.minioConsole}
  Logs                 ${logDir}

  Demo users (password "${config.demo.password}"): ${DEMO_USERS.map((u) => u.username).join(', ')}
`);
  await new Promise(() => undefined);
} catch (err) {
  console.error(`\nCluster start-up failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
}
