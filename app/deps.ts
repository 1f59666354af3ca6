/** Builds the API's dependencies from the configuration: database, object store, Temporal client (composition root). */
import { Connection, type Client } from '@temporalio/client';
import { systemClock } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import { createOrm } from '../infra/db/orm.js';
import type { Logger } from '../infra/logger.js';
import { ObjectStore } from '../infra/object-store.js';
import { createClient } from '../temporal/client.js';
import type { AppDeps } from '../api/context.js';

export async function createDeps(
  config: Config,
  logger: Logger,
): Promise<AppDeps & { close(): Promise<void> }> {
  const orm = await createOrm(config.db);
  const store = new ObjectStore(config.minio);
  const connection = Connection.lazy({ address: config.temporal.address, connectTimeout: 5000 });
  const client: Client = createClient(connection, config.temporal.namespace, config.temporal.payloadKey);
  return {
    config,
    orm,
    store,
    logger,
    clock: systemClock,
    temporal: {
      client,
      async check() {
        await connection.ensureConnected();
        await connection.healthService.check({});
      },
    },
    async close() {
      await connection.close().catch(() => undefined);
      await orm.close(true);
    },
  };
}
