/**
 * The register at grant time (issue 22): the worker chooses the provider of a granted service from the register —
 * active on the day, offering that service type, at an address in the municipality or near it (the same planning
 * region). The service keeps naming the provider by its register code and name.
 */
import { isQueueServiceType } from '../../domain/care-queue/index.js';
import { CareQueueOffer, CareQueueRequest } from '../../infra/db/entities/index.js';
import { invalid } from '../errors.js';
import type { Em } from '../../infra/db/orm.js';
import { grantableProviders, type GrantableProvider } from './queries.js';

export interface GrantContext {
  caseId: string;
  serviceTypeCode: string;
  municipalityCode: string;
}

/**
 * State-funded long-term care is decided by LM through the care queue (BRIEF §4.13): for a queue type the grant
 * needs a place the client accepted, and its provider is the one LM offered. Undefined for other types; null when
 * LM has decided nothing for this client and type.
 */
async function lmDecidedProviderId(em: Em, service: GrantContext): Promise<string | null | undefined> {
  if (!isQueueServiceType(service.serviceTypeCode)) return undefined;
  const requests = await em.find(CareQueueRequest, {
    caseId: service.caseId,
    serviceType: service.serviceTypeCode,
    state: 'accepted',
  });
  if (requests.length === 0) return null;
  const offer = await em.findOne(
    CareQueueOffer,
    { requestId: { $in: requests.map((r) => r.id) }, state: 'accepted' },
    { orderBy: { answeredAt: 'desc' } },
  );
  return offer?.providerId ?? null;
}

export async function providersForGrant(
  em: Em,
  service: GrantContext,
  date: string,
): Promise<GrantableProvider[]> {
  const decided = await lmDecidedProviderId(em, service);
  if (decided === null) return [];
  return grantableProviders(
    em,
    service.serviceTypeCode,
    service.municipalityCode,
    date,
    decided === undefined ? undefined : [decided],
  );
}

/** The chosen provider as the service stores it, or null when none is chosen or it may not be chosen. */
export async function providerForGrant(
  em: Em,
  providerId: string | null | undefined,
  service: GrantContext,
  date: string,
): Promise<{ providerCode: string; providerName: string } | null> {
  if (!providerId) return null;
  const found = (await providersForGrant(em, service, date)).find((p) => p.id === providerId);
  return found ? { providerCode: found.code, providerName: found.legalName } : null;
}

/** Like providerForGrant, but a chosen provider that may not be chosen is a validation error on `providerId`. */
export async function checkedProviderForGrant(
  em: Em,
  providerId: string | null | undefined,
  service: GrantContext,
  date: string,
): Promise<{ providerCode: string; providerName: string } | null> {
  if ((await lmDecidedProviderId(em, service)) === null)
    throw invalid([
      {
        path: 'decision',
        message: 'state-funded long-term care is decided by LM through the care queue: no place accepted',
      },
    ]);
  const chosen = await providerForGrant(em, providerId, service, date);
  if (providerId && !chosen)
    throw invalid([
      {
        path: 'providerId',
        message: 'not an active provider of this service type in or near the municipality',
      },
    ]);
  return chosen;
}
