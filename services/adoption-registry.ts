/**
 * The adoption register's first data exchange (seed 001 P11): a child's disability data from VDEĀVK, through the
 * registry layer's own `fetchDisability` activity (request log with legal basis, evidence snapshot). The evidence
 * goes to the restricted document area of the register record, never to a case file.
 */
import type { RegistryPorts } from '../activities/registries/ports.js';
import { createRegistryActivities } from '../activities/registries/activities.js';
import type { Config } from '../infra/config.js';
import type { Orm } from '../infra/db/orm.js';
import type { Logger } from '../infra/logger.js';
import type { ObjectStore } from '../infra/object-store.js';
import { createRegistryPorts } from './registry-ports.js';
import { storeSystemDocument } from './documents.js';
import type { DisabilityCheck } from './adoption/register.js';

export class RegistryUnavailableError extends Error {}

export async function checkChildDisability(
  deps: { config: Config; orm: Orm; store: ObjectStore; logger: Logger },
  input: { recordId: string; personId: string; requestedBy: string },
): Promise<DisabilityCheck> {
  const base = createRegistryPorts(deps);
  const ports: RegistryPorts = {
    ...base,
    evidence: {
      async storeSnapshot(s) {
        const { documentId } = await storeSystemDocument(deps.orm.em.fork(), deps.store, {
          caseId: s.caseId,
          title: 'VDEĀVK dati (adopcijas reģistrs)',
          type: 'registry-evidence',
          source: 'registry',
          restricted: true,
          fileName: `vdeavk-${s.requestId}.json`,
          contentType: 'application/json',
          actor: 'system:adoption-register',
          idempotencyKey: `registry:${s.requestId}`,
          body: Buffer.from(JSON.stringify({ kind: 'registry-evidence', ...s }, null, 2)),
          event: { type: 'adoption.registry-evidence', summary: 'Adopcijas reģistra dokuments' },
        });
        return { snapshotDocumentId: documentId };
      },
    },
  };
  const activities = createRegistryActivities(ports, {
    baseUrl: deps.config.simulators.registryUrl,
    callbackUrl: `${deps.config.api.publicUrl}/api/v1/integrations`,
    timeoutMs: 10_000,
  });
  try {
    const result = await activities.fetchDisability({
      caseId: input.recordId,
      personId: input.personId,
      purpose: 'Adopcijas reģistra ziņu pārbaude (MK 794)',
      requestedBy: input.requestedBy,
    });
    if (result.status === 'not-found')
      return { outcome: 'not-found', requestId: result.requestId, disability: null };
    return {
      outcome: 'ok',
      requestId: result.requestId,
      disability: result.disability
        ? {
            group: result.disability.group,
            validFrom: result.disability.validFrom,
            validTo: result.disability.validTo,
          }
        : null,
    };
  } catch (err) {
    throw new RegistryUnavailableError(err instanceof Error ? err.message : String(err));
  }
}
