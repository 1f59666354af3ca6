/**
 * The production build (issue 16): `scripts/build.ts` compiles to a folder that plain `node` runs without tsx, and
 * bundles the workflows once. Builds to a throw-away folder inside the project (so `node_modules` resolves as it does
 * for `dist/`), then runs the compiled seed, API and registry simulator as separate `node` processes. Fails when the
 * build breaks, when a compiled import does not resolve, or when a run-time file is missing from the output.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { build, ROOT, WORKFLOW_BUNDLE_FILE } from '../../scripts/build.js';

// Inside the repository, so that plain node finds node_modules; `.data/` (git-ignored) may not exist on a fresh clone.
fs.mkdirSync(path.join(ROOT, '.data'), { recursive: true });
const outDir = fs.mkdtempSync(path.join(ROOT, '.data', 'build-test-'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-build-test-data-'));
const children: ChildProcess[] = [];

/** Plain node: no loader, no NODE_OPTIONS inherited from Jest. */
function nodeEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  return env;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `node <file>` and resolves once its output contains `ready` (rejects if it exits first). */
function startNode(file: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(outDir, file)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  await build(outDir);
}, 600_000);

afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('writes compiled ES modules, the run-time files and the workflow bundle', () => {
    for (const file of [
      'app/server.js',
      'app/worker.js',
      'scripts/db.js',
      'simulators/registry/server.js',
      'simulators/dms/server.js',
      'templates/i18n/lv.json',
      'package.json',
    ]) {
      expect([file, fs.existsSync(path.join(outDir, file))]).toEqual([file, true]);
    }
    expect(fs.readdirSync(path.join(outDir, 'simulators/registry/fixtures')).length).toBeGreaterThan(0);
    const bundle = fs.readFileSync(path.join(outDir, WORKFLOW_BUNDLE_FILE), 'utf8');
    // The bundle holds the workflow functions and the interceptors, from the compiled JavaScript.
    expect(bundle).toMatch(/function meansTestCycle\b/);
    expect(bundle).toMatch(/function socialService\b/);
    expect(bundle).toContain('interceptors');
    expect(bundle).not.toMatch(/workflows\/index\.ts/);
  });

  it('the compiled migrate-and-seed command runs with plain node', () => {
    const run = spawnSync(process.execPath, [path.join(outDir, 'scripts/db.js'), 'seed'], {
      env: nodeEnv({ DIGISOC_DATA_DIR: dataDir, DIGISOC_LOG_LEVEL: 'warn' }),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect([run.status, run.stderr]).toEqual([0, expect.any(String)]);
    expect(run.stdout).toMatch(/Seeded: \{"municipalities":\d+/);
  });

  it('the compiled API serves screens from the copied templates and answers /health from the database', async () => {
    const port = await freePort();
    await startNode(
      'app/server.js',
      nodeEnv({
        DIGISOC_DATA_DIR: dataDir,
        DIGISOC_API_HOST: '127.0.0.1',
        DIGISOC_API_PORT: String(port),
        // Temporal and MinIO are not running: the API starts anyway and reports them as down.
        DIGISOC_TEMPORAL_ADDRESS: '127.0.0.1:1',
        DIGISOC_MINIO_ENDPOINT: 'http://127.0.0.1:1',
      }),
      /DigiSoc API listening/,
    );
    const login = await fetch(`http://127.0.0.1:${port}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/<form[^>]*method="post"/i);
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
      checks: Record<string, string>;
    };
    expect(health.checks.database).toBe('ok');
  });

  it('the compiled registry simulator runs with plain node', async () => {
    const port = await freePort();
    await startNode(
      'simulators/registry/server.js',
      nodeEnv({ PORT: String(port), HOST: '127.0.0.1', SIM_LATENCY: '0' }),
      /registry simulator listening/,
    );
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });
});
