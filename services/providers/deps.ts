/** Builds the dependencies of the provider register's commands for one request. */
import type { Client } from '@temporalio/client';
import { rigaToday } from '../../infra/clock.js';
import type { Config } from '../../infra/config.js';
import type { Em } from '../../infra/db/orm.js';
import { taskQueue } from '../../temporal/task-queues.js';
import type { RegistrationProcess } from './process.js';
import { temporalRegistrationProcess } from './temporal-process.js';

export interface ProviderDeps {
  em: Em;
  /** Today in Riga: decisions dated after it are refused. */
  today: string;
  process?: RegistrationProcess;
}

export function providerDeps(em: Em, process?: RegistrationProcess, now: Date = new Date()): ProviderDeps {
  return { em, today: rigaToday(now), ...(process ? { process } : {}) };
}

export function providerDepsWithTemporal(em: Em, client: Client, config: Config): ProviderDeps {
  return providerDeps(
    em,
    temporalRegistrationProcess(client, taskQueue('caseProcesses', config.temporal.taskQueuePrefix)),
  );
}
