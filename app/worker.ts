/** Worker process entry (composition root of the worker): `node dist/app/worker.js` (production, after `npm run build`) or `tsx app/worker.ts`. Stops gracefully on SIGTERM/SIGINT. */
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../infra/config.js';
import { createOrm } from '../infra/db/orm.js';
import { createLogger } from '../infra/logger.js';
import { ObjectStore } from '../infra/object-store.js';
import { createActivities } from '../activities/index.js';
import { createWorker, installTemporalRuntime, prebuiltWorkflowBundle } from '../temporal/worker.js';
import { registerSearchAttributes } from '../temporal/search-attributes.js';
import { Connection } from '@temporalio/client';
import { taskQueue } from '../temporal/task-queues.js';
import { createClient } from '../temporal/client.js';
import { ensureNpaisSyncSchedule } from '../services/placements-schedule.js';
import { ensureAnalyticsExportSchedule } from '../services/analytics-schedule.js';
import { withPayloadKey } from '../temporal/payload-key.js';

const config = withPayloadKey(loadConfig());
const logger = createLogger({ level: config.logLevel, name: 'digisoc-worker' });
installTemporalRuntime(logger);

const orm = await createOrm(config.db);
const store = new ObjectStore(config.minio);
const clientConnection = await Connection.connect({ address: config.temporal.address });
await registerSearchAttributes(clientConnection, config.temporal.namespace);
const temporalClient = createClient(clientConnection, config.temporal.namespace, config.temporal.payloadKey);
// The NPAIS sync schedule (orphan-court placement decisions → placementReview workflows); idempotent.
await ensureNpaisSyncSchedule(temporalClient, config);
// The nightly export to the pseudonymised analytical store (issue 23); idempotent.
await ensureAnalyticsExportSchedule(temporalClient, config);

const connection = await NativeConnection.connect({ address: config.temporal.address });
const worker = await createWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: taskQueue('caseProcesses', config.temporal.taskQueuePrefix),
  activities: createActivities({ config, orm, store, logger, temporalClient }),
  payloadKey: config.temporal.payloadKey,
  maxCachedWorkflows: config.temporal.maxCachedWorkflows,
  // Production runs the bundle `npm run build` wrote to dist/ (built once, not at every start).
  workflowBundle: prebuiltWorkflowBundle(config.mode),
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    logger.info({ signal }, 'worker shutting down gracefully');
    worker.shutdown();
  });
}
logger.info(
  { taskQueue: worker.options.taskQueue, deploymentVersion: worker.options.workerDeploymentOptions?.version },
  'DigiSoc worker running',
);
await worker.run();
await connection.close();
await clientConnection.close();
await orm.close(true);
logger.info('worker stopped');
