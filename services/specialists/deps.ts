/** Builds the dependencies of the specialists commands for one request: the ORM context, today, the process port. */
import { rigaToday } from '../../infra/clock.js';
import type { Em } from '../../infra/db/orm.js';
import type { SpecialistDeps } from './commands.js';
import type { QualificationProcess } from './process.js';

export function specialistDeps(
  em: Em,
  process?: QualificationProcess,
  now: Date = new Date(),
): SpecialistDeps {
  return { em, today: rigaToday(now), ...(process ? { process } : {}) };
}

export function todayInRiga(now: Date = new Date()): string {
  return rigaToday(now);
}
