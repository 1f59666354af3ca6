/**
 * Brings every registered provider's `providerRegistration` workflow in step with the register, through the same
 * process port the decisions use (signal-with-start). Used by the demo start, whose demo provider was seeded without
 * a decision.
 */
import { registeredUntil } from '../../domain/providers/index.js';
import { Provider, ProviderCertificate } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import type { RegistrationProcess } from './process.js';

export async function syncRegistrationProcesses(em: Em, process: RegistrationProcess): Promise<number> {
  const providers = await em.find(Provider, { state: 'registered' }, { orderBy: { id: 'asc' } });
  let n = 0;
  for (const p of providers) {
    const certificates = await em.find(ProviderCertificate, { providerId: p.id });
    const validTo = registeredUntil({ certificates, withdrawnOn: p.withdrawnOn ?? null });
    if (!validTo) continue;
    await process.certificateIssued(p.id, validTo);
    n += 1;
  }
  return n;
}
