/** What every social-service route shares: OpenAPI security and tag, the acting user, the services' deps. */
import type { Context } from 'hono';
import type { AppEnv } from '../../context.js';

export const secured = { security: [{ bearer: [] }], tags: ['Social services'] };

export function actorOf(c: Context<AppEnv>) {
  return { ...c.get('user'), requestId: c.get('requestId') };
}

export function depsOf(c: Context<AppEnv>) {
  const { config, temporal } = c.get('deps');
  return { em: c.get('em'), client: temporal.client, config };
}
