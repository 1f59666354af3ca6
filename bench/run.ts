/**
 * `npm run bench [scenario …]`: starts the real infrastructure (MinIO, Temporal dev server, registry simulator at
 * zero latency) on free ports, runs the named scenarios and prints one JSON line each. Figures are ratios against
 * the raw infrastructure measured in the same run, because these machines are noisy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalInfrastructure, stopAll } from '../scripts/stack.js';
import { bundleWorkflows } from '../temporal/worker.js';
import { SCENARIOS } from './scenarios.js';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in SCENARIOS));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digisoc-bench-'));
const infra = await startLocalInfrastructure(dir, {
  DIGISOC_MODE: 'test',
  DIGISOC_LOG_LEVEL: 'error',
  DIGISOC_TEST_DIR: dir,
});
Object.assign(process.env, infra.env);
process.env.DIGISOC_WORKFLOW_BUNDLE = (await bundleWorkflows(path.join(dir, 'bundle.js'))).codePath;
let failed = false;
try {
  for (const [name, run] of Object.entries(SCENARIOS)) {
    if (wanted.length && !wanted.includes(name)) continue;
    try {
      await run();
    } catch (err) {
      failed = true;
      console.error(
        JSON.stringify({ scenario: name, error: err instanceof Error ? err.message : String(err) }),
      );
    }
  }
} finally {
  await stopAll(infra.processes);
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
