/**
 * Who sees what of the provider register (issue 22): LM the whole register; a provider's own user (`provider_admin`)
 * only its provider (another provider is "not found", never "forbidden"); municipal workers read registered
 * providers (to choose one at grant time). The register holds no personal data: legal entities, addresses, services.
 */
import type { Role } from '../../domain/access/roles.js';
import type { ProviderAddress } from '../../domain/providers/index.js';
import type { IProvider, IProviderApplication, IProviderCertificate } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { appendAudit } from '../audit-log.js';

export interface ProviderActor {
  username: string;
  role: Role;
  municipalityCode: string | null;
  /** For a provider's user: the code of its provider. */
  providerCode: string | null;
  requestId?: string;
}

export const isLm = (actor: Pick<ProviderActor, 'role'>): boolean => actor.role === 'lm_specialist';

/** May the actor see this provider's own records (applications, capacity)? */
export function keepsProvider(actor: ProviderActor, provider: Pick<IProvider, 'code'>): boolean {
  if (actor.role === 'provider_admin')
    return actor.providerCode !== null && actor.providerCode === provider.code;
  return true;
}

export async function auditProvider(
  em: Em,
  actor: ProviderActor,
  action: string,
  resourceId: string | null,
  details: Record<string, unknown> | null = null,
): Promise<void> {
  await appendAudit(em, {
    actor: actor.username,
    role: actor.role,
    municipalityCode: actor.municipalityCode,
    action,
    resourceType: 'provider',
    resourceId,
    caseId: null,
    outcome: 'success',
    requestId: actor.requestId ?? null,
    details,
  });
}

export interface CertificateView {
  certificateNo: string;
  validFrom: string;
  validTo: string;
}

export interface ProviderView {
  id: string;
  code: string;
  legalName: string;
  registrationNo: string | null;
  state: string;
  active: boolean;
  date: string;
  certificateNo: string | null;
  validFrom: string | null;
  validTo: string | null;
  withdrawnOn: string | null;
  addresses: ProviderAddress[];
  freePlaces: Record<string, number>;
  certificates: CertificateView[];
}

export const certificateView = (c: IProviderCertificate): CertificateView => ({
  certificateNo: c.certificateNo,
  validFrom: c.validFrom,
  validTo: c.validTo,
});

export interface ApplicationView {
  id: string;
  providerId: string;
  kind: string;
  state: string;
  legalName: string;
  registrationNo: string;
  addresses: ProviderAddress[] | null;
  effectiveOn: string | null;
  submittedBy: string;
  submittedAt: string;
  decidedOn: string | null;
  reason: string | null;
}

export const applicationView = (a: IProviderApplication): ApplicationView => ({
  id: a.id,
  providerId: a.providerId,
  kind: a.kind,
  state: a.state,
  legalName: a.legalName,
  registrationNo: a.registrationNo,
  addresses: a.addresses ?? null,
  effectiveOn: a.effectiveOn ?? null,
  submittedBy: a.submittedBy,
  submittedAt: a.submittedAt.toISOString(),
  decidedOn: a.decidedOn ?? null,
  reason: a.reason ?? null,
});
