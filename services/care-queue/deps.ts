/** Builds the dependencies of the care queue's commands for one request. */
import type { Client } from '@temporalio/client';
import { rigaToday } from '../../infra/clock.js';
import type { Config } from '../../infra/config.js';
import type { Em } from '../../infra/db/orm.js';
import { taskQueue } from '../../temporal/task-queues.js';
import type { OfferDeps } from './offers.js';
import { temporalPlaceProcess } from './temporal-process.js';

export function careQueueDepsWithTemporal(em: Em, client: Client, config: Config): OfferDeps {
  return {
    em,
    today: rigaToday(),
    process: temporalPlaceProcess(client, taskQueue('caseProcesses', config.temporal.taskQueuePrefix)),
  };
}
