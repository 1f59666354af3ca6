/**
 * Reading the provider register (issue 22): a provider on a date (active or not, its certificate), the applications
 * waiting for LM, the public register (no sign-in: names, addresses, services, certificate validity; nothing
 * personal) and the providers a worker may choose at grant time.
 */
import { certificateOn, offersIn, registeredUntil } from '../../domain/providers/index.js';
import {
  municipalitiesOf,
  planningRegionOf,
  type PlanningRegion,
} from '../../domain/specialists/planning-regions.js';
import {
  Provider,
  ProviderApplication,
  ProviderCertificate,
  Task,
  type IProvider,
  type IProviderCertificate,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { MUNICIPALITIES } from '../../infra/db/municipalities.js';
import { keptProviderOr404 } from './commands.js';
import {
  applicationView,
  auditProvider,
  certificateView,
  isLm,
  type ApplicationView,
  type ProviderActor,
  type ProviderView,
} from './scope.js';

async function certificatesOf(em: Em, ids: string[]): Promise<Map<string, IProviderCertificate[]>> {
  const rows = ids.length ? await em.find(ProviderCertificate, { providerId: { $in: ids } }) : [];
  const map = new Map<string, IProviderCertificate[]>();
  for (const c of rows) map.set(c.providerId, [...(map.get(c.providerId) ?? []), c]);
  return map;
}

function view(p: IProvider, certificates: IProviderCertificate[], date: string): ProviderView {
  const facts = { certificates, withdrawnOn: p.withdrawnOn ?? null };
  const current = certificateOn(facts, date);
  const sorted = [...certificates].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  return {
    id: p.id,
    code: p.code,
    legalName: p.legalName,
    registrationNo: p.registrationNo ?? null,
    state: p.state,
    active: current !== undefined,
    date,
    certificateNo: current?.certificateNo ?? null,
    validFrom: current?.validFrom ?? null,
    validTo: current?.validTo ?? registeredUntil(facts),
    withdrawnOn: p.withdrawnOn ?? null,
    addresses: p.addresses,
    freePlaces: p.freePlaces ?? {},
    certificates: sorted.map(certificateView),
  };
}

export async function getProvider(
  em: Em,
  actor: ProviderActor,
  id: string,
  date: string,
): Promise<ProviderView> {
  const p = await keptProviderOr404(em, actor, id);
  const certs = (await certificatesOf(em, [p.id])).get(p.id) ?? [];
  await auditProvider(em, actor, 'provider.read', p.id, { date });
  return view(p, certs, date);
}

/** The provider of a provider's own user (its "my registration" screen), or null. */
export async function ownProvider(em: Em, actor: ProviderActor, date: string): Promise<ProviderView | null> {
  if (!actor.providerCode) return null;
  const p = await em.findOne(Provider, { code: actor.providerCode });
  if (!p) return null;
  return view(p, (await certificatesOf(em, [p.id])).get(p.id) ?? [], date);
}

export async function listApplications(
  em: Em,
  actor: ProviderActor,
  filter: { state?: string | undefined },
): Promise<ApplicationView[]> {
  const where: Record<string, unknown> = filter.state ? { state: filter.state } : {};
  if (!isLm(actor)) {
    const own = actor.providerCode ? await em.findOne(Provider, { code: actor.providerCode }) : null;
    where.providerId = own?.id ?? '-';
  }
  const rows = await em.find(ProviderApplication, where, {
    orderBy: { submittedAt: 'asc', id: 'asc' },
    limit: 500,
  });
  return rows.map(applicationView);
}

export async function getApplicationLetter(em: Em, actor: ProviderActor, id: string): Promise<string | null> {
  const a = await em.findOne(ProviderApplication, { id });
  if (!a) return null;
  const p = await keptProviderOr404(em, actor, a.providerId);
  return p ? (a.letterHtml ?? null) : null;
}

export interface PublicProvider {
  id: string;
  legalName: string;
  registrationNo: string | null;
  certificateNo: string;
  validFrom: string;
  validTo: string;
  addresses: {
    address: string;
    municipalityAtvk: string;
    services: { serviceType: string; capacity: number }[];
  }[];
}

/** Active providers on `date`, filtered; certificates are public, capacity too (no personal data). */
export async function publicProviders(
  em: Em,
  filter: { q?: string | undefined; serviceType?: string | undefined; municipality?: string | undefined },
  date: string,
): Promise<PublicProvider[]> {
  const rows = await em.find(
    Provider,
    { state: { $in: ['registered', 'inactive', 'withdrawn'] } },
    { orderBy: { legalName: 'asc' } },
  );
  const certs = await certificatesOf(
    em,
    rows.map((p) => p.id),
  );
  const q = filter.q?.trim().toLowerCase();
  const out: PublicProvider[] = [];
  for (const p of rows) {
    const current = certificateOn(
      { certificates: certs.get(p.id) ?? [], withdrawnOn: p.withdrawnOn ?? null },
      date,
    );
    if (!current) continue;
    if (q && !p.legalName.toLowerCase().includes(q) && !(p.registrationNo ?? '').includes(q)) continue;
    const addresses = p.addresses
      .filter((a) => !filter.municipality || a.municipalityAtvk === filter.municipality)
      .map((a) => ({
        address: a.address,
        municipalityAtvk: a.municipalityAtvk,
        services: a.services.filter((s) => !filter.serviceType || s.serviceType === filter.serviceType),
      }))
      .filter((a) => a.services.length > 0);
    if (addresses.length === 0) continue;
    out.push({
      id: p.id,
      legalName: p.legalName,
      registrationNo: p.registrationNo ?? null,
      certificateNo: current.certificateNo,
      validFrom: current.validFrom,
      validTo: current.validTo,
      addresses,
    });
  }
  return out;
}

export interface GrantableProvider {
  id: string;
  code: string;
  legalName: string;
  /** True when an address is in the municipality itself (else in the same planning region). */
  inMunicipality: boolean;
}

/**
 * The providers a worker may choose at grant time: active on `date`, offering the service type at an address in the
 * municipality or, failing that, near it (the same planning region). Those in the municipality first.
 */
export async function grantableProviders(
  em: Em,
  serviceType: string,
  municipalityCode: string,
  date: string,
  /** Only these providers, wherever they provide the type (LM's decision on a state-funded place). */
  only?: readonly string[],
): Promise<GrantableProvider[]> {
  const region = planningRegionOf(municipalityCode);
  const near = only
    ? MUNICIPALITIES.map((m) => m.atvk)
    : region === 'national'
      ? [municipalityCode]
      : municipalitiesOf(region as PlanningRegion);
  const rows = await em.find(
    Provider,
    { state: 'registered', ...(only ? { id: { $in: [...only] } } : {}) },
    { orderBy: { legalName: 'asc' } },
  );
  const certs = await certificatesOf(
    em,
    rows.map((p) => p.id),
  );
  return rows
    .filter((p) =>
      certificateOn({ certificates: certs.get(p.id) ?? [], withdrawnOn: p.withdrawnOn ?? null }, date),
    )
    .filter((p) => offersIn(p.addresses, serviceType, near))
    .map((p) => ({
      id: p.id,
      code: p.code,
      legalName: p.legalName,
      inMunicipality: offersIn(p.addresses, serviceType, [municipalityCode]),
    }))
    .sort((a, b) => Number(b.inMunicipality) - Number(a.inMunicipality));
}

/** The registration workflow's open reminders to re-register (tasks of the provider's own queue). */
export function renewalReminders(em: Em, providerId: string) {
  return em.find(
    Task,
    { source: `provider:${providerId}`, kind: 'provider-renewal-due', state: { $ne: 'completed' } },
    { orderBy: { createdAt: 'desc' }, limit: 5 },
  );
}

/** The municipalities an address may lie in (for the application forms). */
export const MUNICIPALITY_CHOICES = MUNICIPALITIES;
