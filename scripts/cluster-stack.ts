/**
 * The production topology as local processes, for `./digisoc start --cluster` (fixed ports) and for the cluster
 * drills (free ports): two PostgreSQL clusters (Temporal's and the application's), the real Temporal server on
 * PostgreSQL with its Web UI, MinIO erasure-coded over 4 drives, the simulators, N workers and N API processes.
 * The handle lets a drill kill a worker, restart the Temporal server or stop the application's database.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loadConfig, type Config } from '../infra/config.js';
import { createOrm, migrateUp } from '../infra/db/orm.js';
import { seedDatabase } from '../infra/db/seed.js';
import { ObjectStore } from '../infra/object-store.js';
import { withPayloadKey } from '../temporal/payload-key.js';
import {
  defaultServicePorts,
  startTemporalServer,
  startTemporalServerProcess,
  temporalServerBuilt,
  type TemporalClusterOptions,
  type TemporalServicePorts,
} from './cluster-temporal.js';
import { CLUSTER_COMPONENTS, type ClusterPorts } from './cluster-topology.js';
import { ROOT, freePort, httpOk, startMinio, startTsService, stopAll, type ManagedProcess } from './stack.js';

export interface ClusterOptions {
  dataDir: string;
  ports: ClusterPorts;
  temporalServicePorts?: TemporalServicePorts;
  workers: number;
  historyShards: number;
  /** Extra variables for the app processes (e.g. log level, simulator latency). */
  env?: Record<string, string>;
  onStep?: (text: string) => void;
}

export interface ClusterStack {
  env: Record<string, string>;
  config: Config;
  ports: ClusterPorts;
  apiUrls: string[];
  workers: ManagedProcess[];
  appPostgresUrl: string;
  startWorker(name: string): Promise<ManagedProcess>;
  restartTemporalServer(downMs?: number, whileDown?: () => Promise<void>): Promise<void>;
  postgres(which: 'app' | 'temporal', action: 'start' | 'stop'): void;
  stop(): Promise<void>;
}

/** A free port below 32768: Temporal stores membership ports in a smallint column. */
async function freeLowPort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
}

/** Free ports for every component (the drills run beside other stacks). */
export async function freeClusterPorts(): Promise<{ ports: ClusterPorts; temporal: TemporalServicePorts }> {
  const p: number[] = [];
  for (let i = 0; i < 20; i++) p.push(await freePort());
  const taken = new Set(p);
  const at = (i: number) => p[i] as number;
  return {
    ports: {
      temporalPostgres: at(0),
      appPostgres: at(1),
      temporal: at(2),
      temporalUi: at(3),
      minio: at(4),
      minioConsole: at(5),
      registrySimulator: at(6),
      dmsSimulator: at(7),
      smtp: at(8),
      smtpHttp: at(9),
      api: [at(10), at(11)],
    },
    temporal: {
      history: at(12),
      matching: at(13),
      worker: at(14),
      membership: [
        await freeLowPort(taken),
        await freeLowPort(taken),
        await freeLowPort(taken),
        await freeLowPort(taken),
      ],
      http: at(19),
      metrics: await freePort(),
    },
  };
}

export async function startClusterStack(o: ClusterOptions): Promise<ClusterStack> {
  if (!temporalServerBuilt())
    throw new Error('the Temporal server is not built: run bash scripts/setup-cluster.sh');
  const step = o.onStep ?? (() => undefined);
  const { ports } = o;
  const logDir = path.join(o.dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  // PostgreSQL runs as its own user (scripts/postgres.sh): it must be able to reach its directories in here.
  fs.chmodSync(o.dataDir, 0o755);
  const processes: ManagedProcess[] = [];
  const pg = {
    temporal: { dir: path.join(o.dataDir, 'pg-temporal'), port: ports.temporalPostgres },
    app: { dir: path.join(o.dataDir, 'pg-app'), port: ports.appPostgres },
  };
  const postgres = (which: 'app' | 'temporal', action: 'start' | 'stop'): string =>
    execFileSync('bash', [path.join(ROOT, 'scripts/postgres.sh'), action, String(pg[which].port)], {
      env: { ...process.env, DIGISOC_PG_DIR: pg[which].dir },
      encoding: 'utf8',
    }).trim();
  const stopPostgres = () => {
    for (const which of ['app', 'temporal'] as const) postgres(which, 'stop');
  };
  // The PostgreSQL servers run detached (pg_ctl): stop them even when this process ends without `stop()`.
  process.once('exit', stopPostgres);
  const stop = async () => {
    await stopAll(processes);
    stopPostgres();
    process.off('exit', stopPostgres);
  };

  try {
    step('starting PostgreSQL: one cluster for Temporal, one for the application');
    postgres('temporal', 'start');
    const appPostgresUrl = postgres('app', 'start');
    const env: Record<string, string> = {
      DIGISOC_MODE: 'development',
      DIGISOC_DATA_DIR: o.dataDir,
      DIGISOC_DB: 'postgres',
      DIGISOC_POSTGRES_URL: appPostgresUrl,
      DIGISOC_TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      DIGISOC_TEMPORAL_NAMESPACE: 'default',
      DIGISOC_MINIO_ENDPOINT: `http://127.0.0.1:${ports.minio}`,
      DIGISOC_MINIO_CONSOLE_PORT: String(ports.minioConsole),
      DIGISOC_REGISTRY_SIM_URL: `http://127.0.0.1:${ports.registrySimulator}`,
      DIGISOC_DMS_SIM_URL: `http://127.0.0.1:${ports.dmsSimulator}`,
      DIGISOC_SMTP_PORT: String(ports.smtp),
      DIGISOC_SMTP_SINK_HTTP_PORT: String(ports.smtpHttp),
      DIGISOC_PUBLIC_URL: `http://127.0.0.1:${ports.api[0]}`,
      DIGISOC_TEMPORAL_UI_PORT: String(ports.temporalUi),
      ...o.env,
    };
    const config = withPayloadKey(loadConfig({ ...process.env, ...env }));
    const temporalOptions: TemporalClusterOptions = {
      dataDir: o.dataDir,
      logDir,
      pg: { host: '127.0.0.1', port: pg.temporal.port, user: 'digisoc', password: 'digisoc' },
      frontendPort: ports.temporal,
      servicePorts: o.temporalServicePorts ?? defaultServicePorts(ports.temporal),
      uiPort: ports.temporalUi,
      namespace: 'default',
      historyShards: o.historyShards,
      codecEndpoint: `${config.api.publicUrl}/codec`,
    };

    step('starting the Temporal server on PostgreSQL, MinIO (4 drives, erasure-coded) and the simulators');
    // allSettled: when one component fails to start, the ones that did are still stopped by `stop()`.
    const infra = await Promise.allSettled([
      startTemporalServer(temporalOptions),
      startMinio({
        dataDir: `${path.join(o.dataDir, 'minio')}/drive{1...4}`,
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
    for (const r of infra) if (r.status === 'fulfilled') processes.push(...r.value);
    const failed = infra.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;

    step('migrating and seeding the application database');
    const orm = await createOrm(config.db);
    await migrateUp(orm);
    await seedDatabase(orm.em.fork(), config);
    await orm.close(true);
    await new ObjectStore(config.minio).ensureBucket();

    const startWorker = async (name: string) => {
      const worker = await startTsService({
        name,
        script: 'app/worker.ts',
        env,
        logDir,
        // The worker logs this line at info level once it polls its task queues.
        ready: async () => {
          const log = path.join(logDir, `${name}.log`);
          return fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('DigiSoc worker running');
        },
      });
      processes.push(worker);
      return worker;
    };
    step(`starting ${o.workers} workers and ${ports.api.length} API processes`);
    const workers: ManagedProcess[] = [];
    for (let i = 1; i <= o.workers; i++) workers.push(await startWorker(`worker-${i}`));
    for (const [i, port] of ports.api.entries()) {
      processes.push(
        await startTsService({
          name: `api-${i + 1}`,
          script: 'app/server.ts',
          env: { ...env, DIGISOC_API_PORT: String(port) },
          logDir,
          ready: httpOk(`http://127.0.0.1:${port}/health`),
        }),
      );
    }

    return {
      env,
      config,
      ports,
      apiUrls: ports.api.map((p) => `http://127.0.0.1:${p}`),
      workers,
      appPostgresUrl,
      startWorker,
      async restartTemporalServer(downMs = 0, whileDown) {
        const index = processes.findIndex((p) => p.name === 'temporal-server');
        await processes[index]?.stop();
        if (whileDown) await whileDown();
        if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
        processes[index] = await startTemporalServerProcess(temporalOptions);
      },
      postgres(which, action) {
        postgres(which, action);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
