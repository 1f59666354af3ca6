/** What every provider-register route needs from the request: the acting user and the commands' dependencies. */
import type { Context } from 'hono';
import { providerDepsWithTemporal, type ProviderDeps } from '../../../services/providers/deps.js';
import type { ProviderActor } from '../../../services/providers/scope.js';
import type { AppEnv } from '../../context.js';

export function actorOf(c: Context<AppEnv>): ProviderActor {
  const user = c.get('user');
  return {
    username: user.username,
    role: user.role,
    municipalityCode: user.municipalityCode,
    providerCode: user.providerCode,
    requestId: c.get('requestId'),
  };
}

export function depsOf(c: Context<AppEnv>): ProviderDeps {
  const deps = c.get('deps');
  return providerDepsWithTemporal(c.get('em'), deps.temporal.client, deps.config);
}
