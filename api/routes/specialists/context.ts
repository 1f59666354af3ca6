/** What every specialists route needs from the request: the acting user and the commands' dependencies. */
import type { Context } from 'hono';
import type { SpecialistDeps } from '../../../services/specialists/commands.js';
import { specialistDepsWithTemporal } from '../../../services/specialists/deps.js';
import type { SpecialistActor } from '../../../services/specialists/scope.js';
import type { AppEnv } from '../../context.js';

export function actorOf(c: Context<AppEnv>): SpecialistActor {
  const user = c.get('user');
  return {
    username: user.username,
    role: user.role,
    municipalityCode: user.municipalityCode,
    organisationId: user.organisationId,
    requestId: c.get('requestId'),
  };
}

export function depsOf(c: Context<AppEnv>): SpecialistDeps {
  const deps = c.get('deps');
  return specialistDepsWithTemporal(c.get('em'), deps.temporal.client, deps.config);
}
