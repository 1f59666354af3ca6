/** The simulator's entry point as a separate process: `tsx simulators/registry/server.ts` with PORT=0. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { call } from './support/http.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('registry simulator process', () => {
  it('starts from server.ts, loads the fixtures, logs its URL and stops on SIGTERM', async () => {
    child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['simulators/registry/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', SIM_LATENCY: '0', DIGISOC_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no start line: ${out}`)), 20_000);
      child?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.includes('registry simulator listening'));
        if (line) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { url: string }).url);
        }
      });
      child?.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const health = await call(`${url}/health`, 'GET');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', dossiers: 21 } });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
