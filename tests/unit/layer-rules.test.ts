/**
 * The layer rules (.dependency-cruiser.cjs) really catch wrong-way imports: fixture files written into temporary
 * folders inside the real layers are cruised with the project's configuration and tsconfig, so `.js` specifiers
 * resolve to `.ts` sources exactly as in `npm run lint:deps`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, cruise, violationKey, type Violation } from '../../scripts/lint-deps.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const made: string[] = [];
let violations: Violation[] = [];

/** A temporary folder inside a layer, e.g. `domain/.layer-fixture-x1y2`; returns its path relative to the root. */
function fixtureDir(layer: string, files: Record<string, string>): string {
  mkdirSync(path.join(ROOT, layer), { recursive: true });
  const dir = mkdtempSync(path.join(ROOT, layer, 'layer-fixture-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return path.relative(ROOT, dir);
}

const dirs: Record<string, string> = {};

beforeAll(() => {
  dirs.domain = fixtureDir('domain', {
    'wrong.ts': "import { loadConfig } from '../../infra/config.js';\nexport const c = loadConfig;\n",
    'fine.ts': "import { isLeapYear } from '../calendar.js';\nexport const f = isLeapYear;\n",
    'cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
    'cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
  });
  dirs.workflows = fixtureDir('workflows', {
    'value-import.ts':
      "import { createAlertActivities } from '../../activities/alerts.js';\nexport const v = createAlertActivities;\n",
    'type-import.ts':
      "import type { AlertActivities } from '../../activities/alerts.js';\nexport type T = AlertActivities;\n",
    'node-import.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
  });
  dirs.activities = fixtureDir('activities', {
    'contract-type.ts':
      "import type { MeansDeclaration } from '../../workflows/means-test/contract.js';\nexport type D = MeansDeclaration;\n",
    'contract-value.ts':
      "import { meansTestCycleState } from '../../workflows/means-test/contract.js';\nexport const q = meansTestCycleState;\n",
    'workflow-code.ts':
      "import type { meansTestCycle } from '../../workflows/means-test/workflow.js';\nexport type W = typeof meansTestCycle;\n",
  });
  dirs.api = fixtureDir('api', {
    'temporal-type.ts': "import type { Client } from '@temporalio/client';\nexport type C = Client;\n",
    'entities.ts': "import { Person } from '../../infra/db/entities/index.js';\nexport const p = Person;\n",
  });
  dirs.simulators = fixtureDir('simulators', {
    'shared.ts':
      "import { validatePersonalCode } from '../../domain/personal-code.js';\nexport const s = validatePersonalCode;\n",
  });
  violations = cruise(ROOT, Object.values(dirs));
}, 60_000);

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function reported(rule: string, from: string): Violation[] {
  return violations.filter((v) => v.rule.name === rule && v.from === from);
}

describe('layer rules', () => {
  it('report domain/ importing infra/ (the .js specifier resolved to the .ts source)', () => {
    const found = reported('domain-imports-nothing-of-the-project', `${dirs.domain}/wrong.ts`);
    expect(found.map((v) => v.to)).toEqual(['infra/config.ts']);
  });

  it('let domain/ import domain/', () => {
    expect(violations.filter((v) => v.from === `${dirs.domain}/fine.ts`)).toEqual([]);
  });

  it('report a cycle', () => {
    expect(reported('no-circular', `${dirs.domain}/cycle-a.ts`)).toHaveLength(1);
  });

  it('report a workflow importing an activity module as a value, but not as a type', () => {
    expect(
      reported('workflows-import-activities-as-types-only', `${dirs.workflows}/value-import.ts`),
    ).toHaveLength(1);
    expect(violations.filter((v) => v.from === `${dirs.workflows}/type-import.ts`)).toEqual([]);
  });

  it('report a workflow importing a Node.js module', () => {
    expect(reported('workflows-only-sandbox-libraries', `${dirs.workflows}/node-import.ts`)).toHaveLength(1);
  });

  it("let an activity name its workflow's contract types, and nothing else of the workflow", () => {
    expect(violations.filter((v) => v.from === `${dirs.activities}/contract-type.ts`)).toEqual([]);
    expect(
      reported('activities-import-contracts-as-types-only', `${dirs.activities}/contract-value.ts`),
    ).toHaveLength(1);
    expect(
      reported('activities-know-workflows-by-contract-types-only', `${dirs.activities}/workflow-code.ts`),
    ).toHaveLength(1);
  });

  it('report api/ importing @temporalio/client (even type-only) and the ORM entities', () => {
    expect(reported('api-not-temporal-client', `${dirs.api}/temporal-type.ts`)).toHaveLength(1);
    expect(reported('api-not-entities-or-object-store', `${dirs.api}/entities.ts`).map((v) => v.to)).toEqual([
      'infra/db/entities/index.ts',
    ]);
  });

  it('report a simulator importing project code', () => {
    expect(reported('simulators-import-nothing-of-the-project', `${dirs.simulators}/shared.ts`)).toHaveLength(
      1,
    );
  });
});

describe('baseline comparison', () => {
  it('fails on a new violation and on a fixed one still listed', () => {
    const [first, second] = violations;
    if (!first || !second) throw new Error('the fixtures produce violations');
    expect(compare([first], [first])).toEqual({ added: [], fixed: [], known: 1 });
    expect(compare([first, second], [first]).added.map(violationKey)).toEqual([violationKey(second)]);
    expect(compare([first], [first, second]).fixed.map(violationKey)).toEqual([violationKey(second)]);
  });
});
