/** Who acts on the adoption register, what the commands and queries need, and their audit entries. */
import type { Client } from '@temporalio/client';
import type { Config } from '../../infra/config.js';
import type { Em, Orm } from '../../infra/db/orm.js';
import type { Logger } from '../../infra/logger.js';
import type { ObjectStore } from '../../infra/object-store.js';
import { appendAudit, type AuditOutcome } from '../audit-log.js';

export interface AdoptionActor {
  username: string;
  role: string;
  municipalityCode: string | null;
  requestId?: string | null;
}

export interface AdoptionDeps {
  em: Em;
  client: Client;
  config: Config;
  /** What the VDEĀVK check needs (it stores its evidence in the restricted document area). */
  registry: { config: Config; orm: Orm; store: ObjectStore; logger: Logger };
}

/** The dependencies of one request, from the running application's. */
export function adoptionDeps(
  em: Em,
  app: { config: Config; orm: Orm; store: ObjectStore; logger: Logger; temporal: { client: Client } },
): AdoptionDeps {
  return { em, client: app.temporal.client, config: app.config, registry: app };
}

export interface AdoptionAuditEvent {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  outcome?: AuditOutcome;
  purpose?: string | null;
  details?: Record<string, unknown> | null;
}

/** Appends an entry: pass the transaction to make it part of the change, otherwise it is written on its own. */
export async function auditAdoption(
  em: Em,
  actor: AdoptionActor,
  event: AdoptionAuditEvent,
  tx?: Em,
): Promise<void> {
  await appendAudit(tx ?? em.fork(), {
    actor: actor.username,
    role: actor.role,
    municipalityCode: actor.municipalityCode,
    requestId: actor.requestId ?? null,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId ?? null,
    caseId: null,
    subjectPersonId: null,
    outcome: event.outcome ?? 'success',
    purpose: event.purpose ?? null,
    details: event.details ?? null,
  });
}

/** `{ via: 'screens' }` for the screens' entries; the API's carry no `via`. */
export type Via = 'api' | 'screens';
export function viaDetails(via: Via): Record<string, unknown> {
  return via === 'screens' ? { via } : {};
}
