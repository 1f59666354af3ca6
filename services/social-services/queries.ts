/**
 * Social-service queries: scoped lookups of a client's services, their deliveries and settlements (per service, per
 * municipality and month, CSV).
 */
import { csvDocument } from '../../infra/csv.js';
import { isNationalRole } from '../../domain/access/roles.js';
import {
  ServiceDelivery,
  ServiceSettlement,
  SocialService,
  type IServiceSettlement,
  type ISocialService,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import type { Actor } from '../case-file.js';

/**
 * A service the user may see: their municipality's (workers, supervisors), or — for a provider's user — a service
 * of their municipality granted to their provider. Null otherwise (the API answers 404).
 */
export async function findVisibleService(
  em: Em,
  actor: Pick<Actor, 'role' | 'municipalityCode'> & { providerCode?: string | null },
  id: string,
  caseId?: string,
): Promise<ISocialService | null> {
  const row = await em.findOne(SocialService, caseId ? { id, caseId } : { id });
  if (!row) return null;
  if (isNationalRole(actor.role) || actor.municipalityCode !== row.municipalityCode) return null;
  if (actor.role === 'service_provider' && (!actor.providerCode || actor.providerCode !== row.providerCode)) {
    return null;
  }
  return row;
}

/** The services granted to a provider in a municipality, running ones first. */
export async function servicesOfProvider(
  em: Em,
  municipalityCode: string,
  providerCode: string,
): Promise<ISocialService[]> {
  return em.find(
    SocialService,
    { providerCode, municipalityCode, decision: 'grant' },
    { orderBy: { active: 'desc', startDate: 'asc' } },
  );
}

export async function servicesOfCase(em: Em, caseId: string): Promise<ISocialService[]> {
  return em.find(SocialService, { caseId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
}

export async function deliveriesOf(em: Em, serviceId: string) {
  return em.find(ServiceDelivery, { serviceId }, { orderBy: { month: 'asc' } });
}

export async function settlementsOf(em: Em, serviceId: string): Promise<IServiceSettlement[]> {
  return em.find(ServiceSettlement, { serviceId }, { orderBy: { month: 'asc' } });
}

export async function settlementsOfMonth(
  em: Em,
  municipalityCode: string,
  month: string,
): Promise<IServiceSettlement[]> {
  return em.find(
    ServiceSettlement,
    { municipalityCode, month },
    { orderBy: { serviceTypeCode: 'asc', id: 'asc' } },
  );
}

export function settlementView(s: IServiceSettlement) {
  return {
    serviceId: s.serviceId,
    caseId: s.caseId,
    serviceType: s.serviceTypeCode,
    month: s.month,
    units: Number(s.units),
    unit: s.unit,
    tariffEur: Number(s.tariffEur),
    costEur: Number(s.costEur),
    clientPaysEur: Number(s.clientPaysEur),
    clientCapEur: s.clientCapEur === null || s.clientCapEur === undefined ? null : Number(s.clientCapEur),
    clientIncomeEur:
      s.clientIncomeEur === null || s.clientIncomeEur === undefined ? null : Number(s.clientIncomeEur),
    incomeEvidenceDocumentId: s.incomeEvidenceDocumentId ?? null,
    funderPaysEur: Number(s.funderPaysEur),
    funder: s.funder,
    legalBasis: s.legalBasis ?? null,
    final: s.final,
    revision: s.revision,
    settledAt: s.settledAt.toISOString(),
  };
}
export type SettlementView = ReturnType<typeof settlementView>;

const CSV_COLUMNS: (keyof SettlementView)[] = [
  'month',
  'serviceType',
  'serviceId',
  'caseId',
  'units',
  'unit',
  'tariffEur',
  'costEur',
  'clientPaysEur',
  'funderPaysEur',
  'funder',
  'clientCapEur',
  'legalBasis',
  'final',
];

/** RFC 4180 CSV (CRLF), amounts with two decimals; formula-like text cells are neutralised. No personal data. */
export function settlementsCsv(rows: SettlementView[]): string {
  return csvDocument([CSV_COLUMNS, ...rows.map((r) => CSV_COLUMNS.map((c) => r[c]))], {
    number: (n, column) =>
      CSV_COLUMNS[column]?.endsWith('Eur') || !Number.isInteger(n) ? n.toFixed(2) : n.toFixed(0),
  });
}
