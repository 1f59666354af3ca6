/** Builds the dependencies of the specialists commands for one request: the ORM context, today, the process port. */
import type { Client } from '@temporalio/client';
import { rigaToday } from '../../infra/clock.js';
import type { Config } from '../../infra/config.js';
import type { Em } from '../../infra/db/orm.js';
import { taskQueue } from '../../temporal/task-queues.js';
import type { SpecialistDeps } from './commands.js';
import type { QualificationProcess } from './process.js';
import { temporalQualificationProcess } from './temporal-process.js';

export function specialistDeps(
  em: Em,
  process?: QualificationProcess,
  now: Date = new Date(),
): SpecialistDeps {
  return { em, today: rigaToday(now), ...(process ? { process } : {}) };
}

/** The dependencies of a request in the running system: the qualification workflows run on the case queue. */
export function specialistDepsWithTemporal(em: Em, client: Client, config: Config): SpecialistDeps {
  return specialistDeps(
    em,
    temporalQualificationProcess(client, taskQueue('caseProcesses', config.temporal.taskQueuePrefix)),
  );
}
