/**
 * Production build (`npm run build`): compiles the product with tsc (tsconfig.build.json) to `dist/` as ESM that plain
 * `node` runs (the sources' `.js` import specifiers resolve to the compiled files), copies the files the code reads
 * at run time (screen and letter templates, i18n catalogues, public assets, the registry simulator's fixtures), and
 * bundles the workflows once into `dist/workflow-bundle.js`, which the production worker runs.
 *   tsx scripts/build.ts [--out-dir DIR]   (default dist/; tests build to a temporary folder)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflows } from '../temporal/worker.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Folders the compiled code reads relative to its own location (`paths.ts`, `i18n.ts`, `letters.ts`, fixtures). */
export const RUNTIME_ASSETS = ['templates', 'public', 'simulators/registry/fixtures'] as const;

export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

export async function build(outDir: string): Promise<void> {
  fs.rmSync(outDir, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: ROOT, stdio: 'inherit' },
  );
  // `type: module` for the compiled files wherever dist/ is copied to (outside the project's package.json).
  fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
  for (const asset of RUNTIME_ASSETS) {
    fs.cpSync(path.join(ROOT, asset), path.join(outDir, asset), { recursive: true });
  }
  await bundleWorkflows(path.join(outDir, WORKFLOW_BUNDLE_FILE), {
    workflowsPath: path.join(outDir, 'workflows/index.js'),
    interceptorsPath: path.join(outDir, 'workflows/interceptors.js'),
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf('--out-dir');
  const outDir = path.resolve(ROOT, flag >= 0 ? (process.argv[flag + 1] ?? '') : 'dist');
  if (flag >= 0 && !process.argv[flag + 1]) throw new Error('--out-dir needs a folder');
  await build(outDir);
  console.log(`built ${path.relative(ROOT, outDir) || outDir}`);
}
