/**
 * Replay test (issue 15): every recorded history in tests/workflows/histories/<workflowType>/ replays with today's
 * workflow code, bundled as the worker bundles it (workflows/index.ts with the workflow interceptors). A change that
 * breaks determinism fails here, naming the workflow type and the history file. Histories of a released version stay
 * in the folder, so a new version must replay them too. Refresh the current ones with `npm run histories:record`
 * (see docs/workflow-changes.md).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import * as registered from '../../workflows/index.js';
import webpack from 'webpack';
import { CLOSE_EXPIRY_TASK_PATCH, PINNED_RULES_PATCH } from '../../workflows/means-test/workflow.js';
import { UPDATE_MUTEX_PATCH } from '../../workflows/social-services/handlers.js';
import { PINNED_ALERT_SETTINGS_PATCH } from '../../workflows/placement-review/contract.js';
import { WORKFLOW_INTERCEPTORS_PATH, WORKFLOWS_PATH } from '../../temporal/worker.js';
import { loadFixtures } from '../../simulators/registry/fixtures.js';
import { isValidPersonalCode } from '../../simulators/registry/personal-code.js';
import { historyToJson, loadRecordedHistories, type RecordedHistory } from '../helpers/histories.js';
import { bundleTestWorkflows, workflowsPath } from '../helpers/time-skipping.js';
import { UNREADABLE_TABLE_MESSAGE } from './fixtures/unreadable-thresholds.js';

const TIMEOUT = 240_000;
const histories = loadRecordedHistories();

/** The workflow types the worker registers: the async functions workflows/index.ts exports. */
const workflowTypes = Object.entries(registered)
  .filter(([, v]) => typeof v === 'function' && v.constructor.name === 'AsyncFunction')
  .map(([name]) => name)
  .sort();

/** Long-running processes: at least two recorded scenarios each. */
const AT_LEAST_TWO = ['socialService', 'meansTestCycle', 'placementReview', 'adoptionMatch'];

/** Scenarios (first runs; `.run-<n>` files are the later runs of a continue-as-new chain) per workflow type. */
function scenarios(type: string): string[] {
  return histories
    .filter((h) => h.workflowType === type && !/\.run-\d+\.json$/.test(h.file))
    .map((h) => h.file);
}

/** The types with fewer recorded scenarios than required. */
function withoutEnoughHistories(types: string[]): string[] {
  return types.filter((t) => scenarios(t).length < (AT_LEAST_TWO.includes(t) ? 2 : 1));
}

let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') }); // one replay worker per file: no state-change lines
  } catch {
    // already installed in this process
  }
  // What temporal/worker.ts bundles (bundleWorkflows), not a test entry point.
  bundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
    logger: new DefaultLogger('WARN'),
  });
}, TIMEOUT);

describe('recorded histories', () => {
  it('cover every registered workflow type (≥ 2 scenarios for the long-running ones)', () => {
    expect(workflowTypes).toEqual(expect.arrayContaining([...AT_LEAST_TWO, 'registryCheck', 'dmsIntake']));
    expect(withoutEnoughHistories(workflowTypes)).toEqual([]);
    // A workflow type added without histories would be named here.
    expect(withoutEnoughHistories([...workflowTypes, 'newWorkflowType'])).toEqual(['newWorkflowType']);
  });

  it('name the workflow types: in workflows/, `export async function` is used only for them', () => {
    const files = fs
      .readdirSync('workflows', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'));
    const exported = files
      .flatMap((f) => [
        ...fs.readFileSync(path.join('workflows', f), 'utf8').matchAll(/export async function (\w+)/g),
      ])
      .map((m) => m[1])
      .sort();
    expect(exported).toEqual(workflowTypes);
  });

  it('are filed under their own workflow type, and only registered types', () => {
    for (const h of histories) expect([h.file, h.workflowType]).toEqual([h.file, h.file.split('/')[0]]);
    const unknown = [...new Set(histories.map((h) => h.workflowType))].filter(
      (t) => !workflowTypes.includes(t),
    );
    expect(unknown).toEqual([]);
  });

  it('hold plain test data: no payload codec and no personal code at all, not even the simulator’s fake ones', () => {
    const fakeCodes = new Set(loadFixtures().map((d) => d.person.personalCode.replace('-', '')));
    const found: string[] = [];
    const encodings = new Set<string>();
    for (const h of histories) {
      const json = historyToJson(h.history);
      // The history's own fields (failure messages, ids) and every decoded payload.
      const text = [JSON.stringify(json), ...payloadTexts(json, encodings)].join('\n');
      // 11-digit numbers that are valid personal codes (company numbers such as 40003987651 are not) or the
      // simulator's fixture codes: workflows carry person ids, never codes.
      for (const m of text.matchAll(/\b\d{6}-?\d{5}\b/g)) {
        if (isValidPersonalCode(m[0]) || fakeCodes.has(m[0].replace('-', '')))
          found.push(`${h.file}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
    // Every payload is plain JSON (or empty): nothing was encrypted by the payload codec.
    expect([...encodings].sort()).toEqual(expect.arrayContaining(['json/plain']));
    expect([...encodings].filter((e) => e !== 'json/plain' && e !== 'binary/null')).toEqual([]);
  });
});

describe('replay with today’s workflow code', () => {
  it.each(histories.map((h) => [h.file, h] as const))(
    '%s',
    async (_file, h: RecordedHistory) => {
      await Worker.runReplayHistory({ workflowBundle: bundle, replayName: h.file }, h.history, h.workflowId);
    },
    TIMEOUT,
  );
});

/** The patch ids of the `patched()` markers in a recorded history. */
function patchIds(file: string): string[] {
  const h = histories.find((x) => x.file === file);
  if (!h) throw new Error(`${file} is missing`);
  return (h.history.events ?? [])
    .map((e) => e.markerRecordedEventAttributes)
    .filter((m) => m?.markerName === 'core_patch')
    .map((m) => {
      const data = m?.details?.['patch-data']?.payloads?.[0]?.data;
      return data ? String((JSON.parse(Buffer.from(data).toString('utf8')) as { id?: unknown }).id) : '';
    });
}

describe('the worked example of docs/workflow-changes.md (patch means-test-close-expiry-task)', () => {
  it.each(['approved-expiring-reapplied', 'approved-expiring-expired'])(
    '%s: the history from before the change is kept (no marker); the current one has the marker',
    (scenario) => {
      // Both replay with today's code in "replay with today's workflow code" above.
      expect(patchIds(`meansTestCycle/${scenario}.before-${CLOSE_EXPIRY_TASK_PATCH}.json`)).toEqual([]);
      expect(patchIds(`meansTestCycle/${scenario}.before-${PINNED_RULES_PATCH}.json`)).toEqual([
        CLOSE_EXPIRY_TASK_PATCH,
      ]);
      expect(patchIds(`meansTestCycle/${scenario}.json`)).toContain(CLOSE_EXPIRY_TASK_PATCH);
    },
  );
});

describe('update handlers under a mutex (patch social-service-update-mutex)', () => {
  it('services started before it keep their concurrent handlers; those started after carry the marker', () => {
    const services = histories.filter((h) => h.workflowType === 'socialService');
    const before = services.filter((h) => h.file.includes('.before-'));
    const current = services.filter((h) => !h.file.includes('.before-'));
    expect(before.length).toBeGreaterThanOrEqual(15);
    expect(current.length).toBeGreaterThanOrEqual(15);
    // All of them replay in "replay with today's workflow code" above, each on its own path.
    for (const h of before) expect([h.file, patchIds(h.file)]).toEqual([h.file, []]);
    for (const h of current) expect([h.file, patchIds(h.file)]).toEqual([h.file, [UPDATE_MUTEX_PATCH]]);
  });
});

describe('alert settings pinned per due date (patch placement-pinned-alert-settings)', () => {
  it('reviews from before the change have no marker and replay; the current ones resolve their settings', () => {
    const reviews = histories.filter((h) => h.workflowType === 'placementReview');
    const before = reviews.filter((h) => h.file.includes('.before-'));
    const current = reviews.filter((h) => !h.file.includes('.before-'));
    expect(before.length).toBeGreaterThanOrEqual(5);
    for (const h of before) expect([h.file, patchIds(h.file)]).toEqual([h.file, []]);
    // A run that continued as new carries the settings resolved for its due date, so it may have no marker.
    for (const h of current.filter((x) => !/\.run-\d+\.json$/.test(x.file))) {
      expect([h.file, patchIds(h.file)]).toEqual([h.file, [PINNED_ALERT_SETTINGS_PATCH]]);
    }
  });
});

describe('rules pinned at the start (patch means-test-pinned-rules)', () => {
  /** The worker's bundle, but domain/means-test/thresholds.ts replaced by a table that throws when read. */
  let withoutTable: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    withoutTable = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
      logger: new DefaultLogger('WARN'),
      webpackConfigHook: (config) => ({
        ...config,
        plugins: [
          ...(config.plugins ?? []),
          new webpack.NormalModuleReplacementPlugin(
            /means-test[\\/]thresholds\.js$/,
            workflowsPath('tests/workflows/fixtures/unreadable-thresholds.ts'),
          ),
        ],
      }),
    });
  }, TIMEOUT);

  const current = histories.filter(
    (h) => h.workflowType === 'meansTestCycle' && !h.file.includes('.before-'),
  );

  it('every current means-test history carries its rule set', () => {
    expect(current.length).toBeGreaterThanOrEqual(5);
    for (const h of current) {
      const input =
        h.history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
      const args = JSON.parse(Buffer.from(input ?? new Uint8Array()).toString('utf8')) as { rules?: unknown };
      expect([h.file, args.rules]).toEqual([
        h.file,
        expect.objectContaining({ thresholds: expect.any(Object) }),
      ]);
    }
  });

  it(
    'a changed threshold table does not change a running cycle: its histories replay without reading the table',
    async () => {
      for (const h of current) {
        await Worker.runReplayHistory(
          { workflowBundle: withoutTable, replayName: h.file },
          h.history,
          h.workflowId,
        );
      }
      // A cycle from before the rule set was pinned reads the bundle's table, so this bundle cannot replay it.
      const old = histories.find(
        (x) => x.file === `meansTestCycle/approved-expiring-expired.before-${PINNED_RULES_PATCH}.json`,
      );
      expect(old).toBeDefined();
      await expect(
        Worker.runReplayHistory({ workflowBundle: withoutTable }, old!.history, old!.workflowId),
      ).rejects.toThrow(UNREADABLE_TABLE_MESSAGE);
    },
    TIMEOUT,
  );
});

describe('the replay test itself', () => {
  it(
    'fails with DeterminismViolationError when a step is added to placementReview without patched()',
    async () => {
      const h = histories.find((x) => x.file === 'placementReview/reports-until-ended.json');
      expect(h).toBeDefined();
      const changed = await bundleTestWorkflows(
        'tests/workflows/fixtures/nondeterministic-placement-review.ts',
      );
      await expect(
        Worker.runReplayHistory({ workflowBundle: changed }, h!.history, h!.workflowId),
      ).rejects.toBeInstanceOf(DeterminismViolationError);
      // The same history replays with the real code.
      await Worker.runReplayHistory({ workflowBundle: bundle }, h!.history, h!.workflowId);
    },
    TIMEOUT,
  );
});

/** The decoded text of every payload (`data`, base64) in a JSON history; collects the payload encodings. */
function payloadTexts(node: unknown, encodings: Set<string>): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => payloadTexts(n, encodings));
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const metadata = o.metadata as Record<string, string> | undefined;
  if (metadata && typeof metadata.encoding === 'string') {
    encodings.add(Buffer.from(metadata.encoding, 'base64').toString('utf8'));
    return typeof o.data === 'string' ? [Buffer.from(o.data, 'base64').toString('utf8')] : [];
  }
  return Object.values(o).flatMap((v) => payloadTexts(v, encodings));
}
