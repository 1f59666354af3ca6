/**
 * The layer check (docs/architecture.md): runs dependency-cruiser with `.dependency-cruiser.cjs` over the repository
 * and compares its violations with the known-violations baseline.
 *   - a violation not in the baseline (a new wrong-way import or cycle) fails;
 *   - a baseline entry that no longer occurs (a fixed one) fails too, so the baseline only ever shrinks:
 *     `npm run lint:deps -- --update` rewrites it, commit the smaller file.
 * Usage: tsx scripts/lint-deps.ts [--update] [--root DIR]   (DIR defaults to the repository root)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASELINE_FILE = '.dependency-cruiser-known-violations.json';
export const CONFIG_FILE = '.dependency-cruiser.cjs';

export interface Violation {
  type: string;
  from: string;
  to: string;
  rule: { severity: string; name: string };
  cycle?: { name: string }[];
}

/** One line per violation; a cycle is named by its whole path, so the same edge in two cycles stays two entries. */
export function violationKey(v: Violation): string {
  const via = v.cycle ? ` (cycle ${v.cycle.map((step) => step.name).join(' → ')})` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${via}`;
}

/** Runs the dependency-cruiser CLI over `targets` (paths relative to `root`) and returns its violations. */
export function cruise(root: string, targets: string[] = ['.']): Violation[] {
  const bin = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const run = spawnSync(
    process.execPath,
    [bin, '--config', CONFIG_FILE, '--output-type', 'baseline', '--no-progress', ...targets],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) {
    throw new Error(`dependency-cruiser failed (exit ${run.status}): ${run.stderr}`);
  }
  return JSON.parse(run.stdout) as Violation[];
}

export interface Comparison {
  added: Violation[];
  fixed: Violation[];
  known: number;
}

export function compare(current: Violation[], known: Violation[]): Comparison {
  const knownKeys = new Set(known.map(violationKey));
  const currentKeys = new Set(current.map(violationKey));
  return {
    added: current.filter((v) => !knownKeys.has(violationKey(v))),
    fixed: known.filter((v) => !currentKeys.has(violationKey(v))),
    known: known.length,
  };
}

function main(): number {
  const args = process.argv.slice(2);
  const rootArg = args[args.indexOf('--root') + 1];
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = args.includes('--root') && rootArg ? path.resolve(rootArg) : path.resolve(here, '..');
  const current = cruise(root);
  const baselinePath = path.join(root, BASELINE_FILE);
  if (args.includes('--update')) {
    writeFileSync(baselinePath, `${JSON.stringify(current, null, 2)}\n`);
    console.log(`${BASELINE_FILE}: ${current.length} known violations written`);
    return 0;
  }
  const known = JSON.parse(readFileSync(baselinePath, 'utf8')) as Violation[];
  const result = compare(current, known);
  for (const v of result.added) console.error(`new violation   ${violationKey(v)}`);
  for (const v of result.fixed) console.error(`fixed, still in the baseline   ${violationKey(v)}`);
  if (result.added.length > 0) {
    console.error(
      `\n${result.added.length} new layer violation(s): see .dependency-cruiser.cjs for the rules.`,
    );
  }
  if (result.fixed.length > 0) {
    console.error(
      `\n${result.fixed.length} violation(s) fixed: shrink the baseline with npm run lint:deps -- --update`,
    );
  }
  if (result.added.length > 0 || result.fixed.length > 0) return 1;
  console.log(`layer rules hold (${current.length} known violations in ${BASELINE_FILE})`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
