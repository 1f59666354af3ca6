/**
 * Worker bootstrap: one worker on the case-process task queue running every DigiSoc workflow and activity,
 * logging through pino with the request id of the API call that started the workflow.
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DefaultLogger,
  type NativeConnection,
  Runtime,
  Worker,
  type ActivityInterceptors,
  type LogLevel,
  type WorkerOptions,
} from '@temporalio/worker';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { Logger } from '../infra/logger.js';
import { requestContext } from '../infra/logger.js';
import { createPayloadCodecs } from './payload-codec.js';
import { requestIdFromHeaders } from './request-id.js';

const SELF = fileURLToPath(import.meta.url);
const HERE = path.dirname(SELF);
/** `.ts` when run from the sources (tsx, Jest), `.js` when run from the compiled `dist/` (npm run build). */
const EXT = path.extname(SELF);
export const WORKFLOWS_PATH = path.resolve(HERE, `../workflows/index${EXT}`);
export const WORKFLOW_INTERCEPTORS_PATH = path.resolve(HERE, `../workflows/interceptors${EXT}`);
/** Where `npm run build` writes the workflow bundle: `dist/workflow-bundle.js`, next to `dist/temporal/`. */
export const BUILT_WORKFLOW_BUNDLE_PATH = path.resolve(HERE, '../workflow-bundle.js');

/**
 * The prebuilt workflow bundle the worker runs, if any: `DIGISOC_WORKFLOW_BUNDLE` when set (tests, bench, fuzzer),
 * else in production mode (`config.mode`) the bundle built by `npm run build`, when it exists. Otherwise undefined: the worker
 * bundles the workflows from `WORKFLOWS_PATH` at start (development).
 */
export function prebuiltWorkflowBundle(
  mode: string,
  env: NodeJS.ProcessEnv = process.env,
  builtBundlePath: string = BUILT_WORKFLOW_BUNDLE_PATH,
): { codePath: string } | undefined {
  const explicit = env.DIGISOC_WORKFLOW_BUNDLE?.trim();
  if (explicit) return { codePath: explicit };
  if (mode === 'production' && fs.existsSync(builtBundlePath)) return { codePath: builtBundlePath };
  return undefined;
}

/** Worker Versioning deployment name; with the build id it is the version the worker reports (issue 15). */
export const WORKER_DEPLOYMENT_NAME = 'digisoc';

/** `DIGISOC_BUILD_ID`, else the short git commit of the checkout (`dir`), else `dev`. */
export function resolveBuildId(env: NodeJS.ProcessEnv = process.env, dir: string = HERE): string {
  const fromEnv = env.DIGISOC_BUILD_ID?.trim();
  if (fromEnv) return fromEnv;
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return commit || 'dev';
  } catch {
    return 'dev';
  }
}

/**
 * Routes the SDK's own log lines (worker, workflow `log`, activity `log`) into pino. Call it just before the first
 * NativeConnection or worker is created: the native runtime (its threads and the log-forwarding callback keep the
 * process alive) shuts itself down when its last connection and worker close, and a later call installs a fresh one.
 * A no-op while a runtime is live.
 */
export function installTemporalRuntime(logger: Logger): void {
  if (Runtime._instance !== undefined) return;
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => {
      logger[levels[entry.level]]({ ...entry.meta, sdk: true }, entry.message);
    }),
    // The SDK core's own (Rust) log lines go through the same pino logger as JSON, not raw to stderr.
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
  });
}

function activityRequestId(ctx: ActivityContext): ActivityInterceptors {
  let requestId: string | undefined;
  return {
    inbound: {
      async execute(input, next) {
        requestId = requestIdFromHeaders(input.headers);
        if (!requestId) return next(input);
        return requestContext.run({ requestId }, () => next(input));
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        const attrs = next(input);
        void ctx;
        return requestId ? { ...attrs, requestId } : attrs;
      },
    },
  };
}

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  payloadKey?: string;
  /** A prebuilt bundle (tests build one once); otherwise workflows are bundled from source. */
  workflowBundle?: { codePath: string };
  maxConcurrentActivityTaskExecutions?: number;
  /** Workflows kept in the worker's cache; unset → the SDK's default, which follows the heap size. */
  maxCachedWorkflows?: number | undefined;
  /** Build id reported to Temporal; default `resolveBuildId()`. */
  buildId?: string;
}

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  const workerOptions: WorkerOptions = {
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    dataConverter: { payloadCodecs: createPayloadCodecs(options.payloadKey) },
    interceptors: {
      // A prebuilt bundle already contains the workflow interceptors (see bundleWorkflows).
      workflowModules: options.workflowBundle ? undefined : [WORKFLOW_INTERCEPTORS_PATH],
      activity: [activityRequestId],
    },
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 100,
    shutdownGraceTime: '10s',
    // The version is recorded on every workflow task it completes; no versioning-based routing yet (see
    // docs/workflow-changes.md).
    workerDeploymentOptions: {
      version: { deploymentName: WORKER_DEPLOYMENT_NAME, buildId: options.buildId ?? resolveBuildId() },
      useWorkerVersioning: false,
    },
  };
  if (options.maxCachedWorkflows !== undefined) workerOptions.maxCachedWorkflows = options.maxCachedWorkflows;
  if (options.workflowBundle) {
    workerOptions.workflowBundle = options.workflowBundle;
  } else {
    workerOptions.workflowsPath = WORKFLOWS_PATH;
  }
  return Worker.create(workerOptions);
}

/** Bundles the workflows (and interceptors) to a file once, so many workers can start fast. */
export async function bundleWorkflows(
  outFile: string,
  sources: { workflowsPath: string; interceptorsPath: string } = {
    workflowsPath: WORKFLOWS_PATH,
    interceptorsPath: WORKFLOW_INTERCEPTORS_PATH,
  },
): Promise<{ codePath: string }> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const bundle = await bundleWorkflowCode({
    workflowsPath: sources.workflowsPath,
    workflowInterceptorModules: [sources.interceptorsPath],
    logger: new DefaultLogger('WARN'),
  });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, bundle.code);
  return { codePath: outFile };
}
