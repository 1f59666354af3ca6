/** What every adoption route shares: the role gate (404 for everyone else), the acting user, the services' deps. */
import { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { can, type Permission } from '../../../domain/access/roles.js';
import { adoptionDeps, type AdoptionDeps } from '../../../services/adoption/audit.js';
import { audit } from '../../audit.js';
import type { AppEnv } from '../../context.js';
import { authenticate } from '../../middleware/auth.js';
import { refuseMissingBody } from '../../middleware/input-guard.js';
import { HttpProblem } from '../../problem.js';

/** Role gate of the adoption module: anyone without the permission sees a 404 identical to an unknown route. */
export function adoptionOnly(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!can(c.get('user').role, permission)) {
      await audit(c, {
        action: 'adoption.access',
        resourceType: 'adoption',
        outcome: 'denied',
        details: { method: c.req.method, path: c.req.path },
      });
      throw new HttpProblem(404, `no route ${c.req.method} ${c.req.path}`);
    }
    refuseMissingBody(c);
    await next();
  };
}

export const READ = (): MiddlewareHandler<AppEnv>[] => [authenticate(), adoptionOnly('adoption:read')];
export const WRITE = (): MiddlewareHandler<AppEnv>[] => [authenticate(), adoptionOnly('adoption:write')];

export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
export const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
export const TAGS = ['Adoption'];
export const SEC = [{ bearer: [] }];

export function depsOf(c: Context<AppEnv>): AdoptionDeps {
  return adoptionDeps(c.get('em'), c.get('deps'));
}
