/**
 * The real Temporal server of `./digisoc start --cluster`: its PostgreSQL schema (temporal-sql-tool), its config
 * (frontend, history, matching and worker services in one process, persistence and visibility on PostgreSQL), the
 * namespace and the project's search attributes, and the Web UI server. Built by scripts/setup-cluster.sh.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { registerSearchAttributes } from '../temporal/search-attributes.js';
import { ROOT, startProcess, tcpOpen, httpOk, waitFor, type ManagedProcess } from './stack.js';

const DIR = path.join(ROOT, '.tools', 'temporal-server');
const bin = (name: string) => path.join(DIR, 'bin', name);

export interface TemporalClusterOptions {
  dataDir: string;
  logDir: string;
  /** The PostgreSQL cluster Temporal keeps its state in (a superuser). */
  pg: { host: string; port: number; user: string; password: string };
  frontendPort: number;
  /** The other services' ports; by default next to the frontend's as in Temporal's own development config. */
  servicePorts?: TemporalServicePorts;
  uiPort: number;
  namespace: string;
  /** Fixed when the cluster is created; more shards spread history load (BRIEF: a national system). */
  historyShards: number;
  codecEndpoint: string;
}

export interface TemporalServicePorts {
  history: number;
  matching: number;
  worker: number;
  /** Membership (ringpop) ports of frontend, history, matching and worker. */
  membership: [number, number, number, number];
  http: number;
  metrics: number;
}

export function defaultServicePorts(frontend: number): TemporalServicePorts {
  return {
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 6,
    membership: [frontend - 300, frontend - 299, frontend - 298, frontend - 294],
    http: frontend + 10,
    metrics: frontend + 767,
  };
}

export function temporalServerBuilt(): boolean {
  return fs.existsSync(bin('temporal-server')) && fs.existsSync(bin('temporal-sql-tool'));
}

/** Creates and migrates the two databases (idempotent: update-schema only applies what is missing). */
export function setUpTemporalSchema(o: TemporalClusterOptions): void {
  for (const [db, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const base = [
      '--plugin',
      'postgres12',
      '--endpoint',
      o.pg.host,
      '--port',
      String(o.pg.port),
      '--user',
      o.pg.user,
      '--password',
      o.pg.password,
      '--database',
      db,
    ];
    const run = (args: string[]) =>
      execFileSync(bin('temporal-sql-tool'), [...base, ...args], { stdio: 'pipe' });
    try {
      run(['create-database']);
    } catch (e) {
      if (!String((e as { stderr?: Buffer }).stderr ?? e).includes('already exists')) throw e;
    }
    run(['setup-schema', '-v', '0.0']);
    run(['update-schema', '-d', path.join(DIR, 'schema', 'postgresql', 'v12', schema, 'versioned')]);
  }
}

function sqlStore(o: TemporalClusterOptions, database: string, maxConns: number) {
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${o.pg.host}:${o.pg.port}`,
      connectProtocol: 'tcp',
      user: o.pg.user,
      password: o.pg.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

/** The server's config as JSON (which is YAML): the four services on consecutive ports from the frontend's. */
function writeServerConfig(o: TemporalClusterOptions): string {
  const root = path.join(o.dataDir, 'temporal');
  fs.mkdirSync(path.join(root, 'config'), { recursive: true });
  const dynamic = path.join(root, 'dynamicconfig.yaml');
  fs.writeFileSync(
    dynamic,
    [
      '# Written by scripts/cluster-temporal.ts.',
      'system.forceSearchAttributesCacheRefreshOnRead:',
      '  - value: true',
      'limit.maxIDLength:',
      '  - value: 255',
      '',
    ].join('\n'),
  );
  const p = o.frontendPort;
  const sp = o.servicePorts ?? defaultServicePorts(p);
  const service = (grpcPort: number, membershipPort: number, httpPort?: number) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...(httpPort ? { httpPort } : {}) },
  });
  const config = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: o.historyShards,
      datastores: {
        'postgres-default': sqlStore(o, 'temporal', 20),
        'postgres-visibility': sqlStore(o, 'temporal_visibility', 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: {
        prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${sp.metrics}` },
      },
    },
    services: {
      frontend: service(p, sp.membership[0], sp.http),
      history: service(sp.history, sp.membership[1]),
      matching: service(sp.matching, sp.membership[2]),
      worker: service(sp.worker, sp.membership[3]),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${p}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamic, pollInterval: '10s' },
  };
  fs.writeFileSync(path.join(root, 'config', 'cluster.yaml'), JSON.stringify(config, null, 2));
  return root;
}

function writeUiConfig(o: TemporalClusterOptions): string {
  const root = path.join(o.dataDir, 'temporal-ui');
  fs.mkdirSync(path.join(root, 'config'), { recursive: true });
  const config = {
    temporalGrpcAddress: `127.0.0.1:${o.frontendPort}`,
    host: '127.0.0.1',
    port: o.uiPort,
    enableUi: true,
    defaultNamespace: o.namespace,
    cors: { allowOrigins: [new URL(o.codecEndpoint).origin], cookieInsecure: true },
    codec: { endpoint: o.codecEndpoint, includeCredentials: true },
    auth: { enabled: false },
  };
  fs.writeFileSync(path.join(root, 'config', 'cluster.yaml'), JSON.stringify(config, null, 2));
  return root;
}

/** The server process alone (its config written): what a restart drill stops and starts again. */
export function startTemporalServerProcess(o: TemporalClusterOptions): Promise<ManagedProcess> {
  const root = writeServerConfig(o);
  return startProcess({
    name: 'temporal-server',
    command: bin('temporal-server'),
    args: ['--root', root, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'],
    logDir: o.logDir,
    ready: tcpOpen('127.0.0.1', o.frontendPort),
    timeoutMs: 120_000,
  });
}

/** Schema, server, namespace, search attributes and the Web UI: [server, ui?]. */
export async function startTemporalServer(o: TemporalClusterOptions): Promise<ManagedProcess[]> {
  setUpTemporalSchema(o);
  const server = await startTemporalServerProcess(o);
  const address = `127.0.0.1:${o.frontendPort}`;
  const connection = await Connection.connect({ address });
  try {
    await waitFor(
      async () => {
        try {
          await connection.workflowService.describeNamespace({ namespace: o.namespace });
          return true;
        } catch {
          try {
            await connection.workflowService.registerNamespace({
              namespace: o.namespace,
              workflowExecutionRetentionPeriod: msToTs('30 days'),
            });
          } catch {
            // not ready yet, or registered meanwhile: describe again
          }
          return false;
        }
      },
      120_000,
      `namespace ${o.namespace}`,
    );
    // A new namespace reaches every service's namespace cache within seconds: retry until it has.
    await waitFor(
      () => registerSearchAttributes(connection, o.namespace).then(() => true),
      120_000,
      'search attributes',
    );
  } finally {
    await connection.close();
  }
  const started = [server];
  if (fs.existsSync(bin('temporal-ui-server'))) {
    const uiRoot = writeUiConfig(o);
    started.push(
      await startProcess({
        name: 'temporal-ui',
        command: bin('temporal-ui-server'),
        args: ['--root', uiRoot, '--config', 'config', '--env', 'cluster', 'start'],
        logDir: o.logDir,
        ready: httpOk(`http://127.0.0.1:${o.uiPort}/`),
      }),
    );
  }
  return started;
}
