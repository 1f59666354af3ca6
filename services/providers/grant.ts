/**
 * The register at grant time (issue 22): the worker chooses the provider of a granted service from the register —
 * active on the day, offering that service type, at an address in the municipality or near it (the same planning
 * region). The service keeps naming the provider by its register code and name.
 */
import { invalid } from '../errors.js';
import type { Em } from '../../infra/db/orm.js';
import { grantableProviders, type GrantableProvider } from './queries.js';

export interface GrantContext {
  serviceTypeCode: string;
  municipalityCode: string;
}

export function providersForGrant(em: Em, service: GrantContext, date: string): Promise<GrantableProvider[]> {
  return grantableProviders(em, service.serviceTypeCode, service.municipalityCode, date);
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
