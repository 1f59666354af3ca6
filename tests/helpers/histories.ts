/**
 * Recorded workflow histories for the replay test (issue 15). The workflow tests call `recordHistory` after a
 * scenario; it writes only when `DIGISOC_RECORD_HISTORIES=1` (`npm run histories:record`), so ordinary test runs
 * never touch the files. Each run of a continue-as-new chain is its own file: `<scenario>.json` for the first run,
 * `<scenario>.run-<n>.json` for the n-th. The folder is the workflow type read from the history itself.
 *
 * A file is Temporal's JSON history format plus one extra top-level field, `workflowId` (replay needs it; the
 * JSON reader ignores unknown fields, so a file downloaded with `temporal workflow show --output json` works too).
 *
 * Histories come from the test client, which has no payload codec: payloads are plain JSON of test data (fake
 * persons of the registry simulator), so they can live in the repository.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HISTORIES_DIR = path.join(ROOT, 'tests', 'workflows', 'histories');

/*
 * Temporal's JSON history format (what `temporal workflow show --output json` and the Web UI download give). The
 * SDK's own `historyToJSON`/`historyFromJSON` (@temporalio/common/lib/proto-utils) fail in this install with "type
 * must be a Type": @temporalio/common and @temporalio/proto each get their own nested copy of protobufjs 8, and the
 * JSON codec of one rejects the message types of the other. So the same conversion is done here with the protobufjs
 * copy that @temporalio/proto itself loads, whatever the layout of node_modules.
 */
const requireHere = createRequire(import.meta.url);
const requireFromProto = createRequire(requireHere.resolve('@temporalio/proto'));
interface ProtoType {
  fromObject(o: unknown): unknown;
}
const protojson = requireFromProto('protobufjs/ext/protojson') as {
  toJson(type: ProtoType, message: unknown): unknown;
  fromJson(type: ProtoType, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
};
const { patchProtobufRoot } = requireFromProto('@temporalio/proto/lib/patch-protobuf-root') as {
  patchProtobufRoot(root: unknown): { lookupType(name: string): ProtoType };
};
const historyType = patchProtobufRoot(requireFromProto('@temporalio/proto')).lookupType(
  'temporal.api.history.v1.History',
);

/** A history as Temporal's JSON format (proto3 JSON: enum names, base64 payloads, RFC 3339 times). */
export function historyToJson(history: History): unknown {
  return protojson.toJson(historyType, historyType.fromObject(history));
}

/** A history from Temporal's JSON format; unknown fields (a newer server's) are ignored. */
export function historyFromJson(json: unknown): History {
  const history = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (!history) throw new TypeError('not a workflow history');
  return history as History;
}

export const recordingHistories = (): boolean => process.env.DIGISOC_RECORD_HISTORIES === '1';

export interface RecordedHistory {
  workflowType: string;
  /** Path relative to HISTORIES_DIR, e.g. `placementReview/report.json`. */
  file: string;
  workflowId: string;
  history: History;
}

/** Workflow type and, for a run that continued as new, the next run's id. */
export function describeHistory(history: History): {
  workflowType: string;
  firstExecutionRunId: string | null;
  continuedAsNewRunId: string | null;
} {
  const events = history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const workflowType = started?.workflowType?.name;
  if (!workflowType) throw new Error('the history does not start with WorkflowExecutionStarted');
  const last = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes;
  return {
    workflowType,
    firstExecutionRunId: started.firstExecutionRunId || null,
    continuedAsNewRunId: last?.newExecutionRunId || null,
  };
}

/**
 * Writes the histories of every run of `workflowId` (from its first run along continue-as-new) under
 * `<workflowType>/<scenario>[.run-<n>].json`. A no-op unless recording.
 */
export async function recordHistory(client: Client, workflowId: string, scenario: string): Promise<void> {
  if (!recordingHistories()) return;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(scenario)) throw new Error(`scenario name "${scenario}": use a-z, 0-9, -`);
  const latest = await client.workflow.getHandle(workflowId).fetchHistory();
  let runId = describeHistory(latest).firstExecutionRunId;
  let history = runId ? await client.workflow.getHandle(workflowId, runId).fetchHistory() : latest;
  for (let run = 1; ; run++) {
    const { workflowType, continuedAsNewRunId } = describeHistory(history);
    const dir = path.join(HISTORIES_DIR, workflowType);
    fs.mkdirSync(dir, { recursive: true });
    const name = run === 1 ? `${scenario}.json` : `${scenario}.run-${run}.json`;
    fs.writeFileSync(
      path.join(dir, name),
      `${JSON.stringify({ workflowId, ...(historyToJson(history) as object) }, null, 1)}\n`,
    );
    if (!continuedAsNewRunId) break;
    runId = continuedAsNewRunId;
    history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  }
}

/** Every recorded history, sorted by file, with its workflow type read from the history. */
export function loadRecordedHistories(dir: string = HISTORIES_DIR): RecordedHistory[] {
  if (!fs.existsSync(dir)) return [];
  const out: RecordedHistory[] = [];
  for (const typeDir of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, typeDir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const file of fs.readdirSync(full).sort()) {
      if (!file.endsWith('.json')) continue;
      const json = JSON.parse(fs.readFileSync(path.join(full, file), 'utf8')) as { workflowId?: unknown };
      const history = historyFromJson(json);
      const { workflowType } = describeHistory(history);
      out.push({
        workflowType,
        file: `${typeDir}/${file}`,
        // Replay needs the real id when the workflow derives ids from it (children, tasks); the recorder keeps it
        // beside the events (a history from `temporal workflow show` has none: then a made-up one).
        workflowId: typeof json.workflowId === 'string' ? json.workflowId : `replay-${typeDir}-${file}`,
        history,
      });
    }
  }
  return out;
}
