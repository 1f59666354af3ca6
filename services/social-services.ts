/**
 * Social services (BRIEF §4.2, issue 6), shared by the API, the screens and the activities: the service catalogue
 * (types as versioned data, seeded from `domain/social-services/catalogue-seed.ts`, edited by administrators), starting a
 * client's socialService workflow, scoped lookups, the document hook that wakes services waiting for documents, and
 * settlements (per service, per municipality and month, CSV).
 */
import type { Client } from '@temporalio/client';
import { DomainValidationError, type ValidationIssue } from '../domain/validation.js';
import { isNationalRole } from '../domain/access/roles.js';
import type { IsoDate } from '../domain/calendar.js';
import { addMonthsClamped } from '../domain/calendar.js';
import type { z } from 'zod';
import {
  parseServiceTypeDefinition,
  type ServiceTypeDefinition,
  type ServiceTypeDefinitionSchema,
} from '../domain/social-services/catalogue.js';
import { serviceRuleSetOn } from '../domain/social-services/rule-set.js';
import {
  SERVICE_CATALOGUE_SEED,
  SERVICE_CATALOGUE_VERSION,
} from '../domain/social-services/catalogue-seed.js';
import type { Config } from '../infra/config.js';
import {
  Person,
  ServiceDelivery,
  ServiceSettlement,
  ServiceType,
  ServiceTypeVersion,
  SocialService,
  type ICase,
  type IServiceSettlement,
  type IServiceType,
  type IServiceTypeVersion,
  type ISocialService,
} from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import { appendAudit } from './audit-log.js';
import type { Actor } from './case-file.js';
import { recordProcessStart, startCaseProcessWorkflow } from './process-runs.js';
import { letterSourceError } from './letters.js';

export const SOCIAL_SERVICE_KIND = 'social-service';
export const SERVICE_ENDED_STATES: readonly string[] = ['refused', 'closed'];
/** States in which the workflow waits for required documents (an arriving document wakes it). */
const WAITING_FOR_DOCUMENTS = ['intake', 'awaiting-documents'];

// ---------------------------------------------------------------------------------------------------------------
// Catalogue

export class ServiceTypeExistsError extends Error {}
export class UnknownServiceTypeError extends Error {}

/** The definition parsed by the domain, plus the checks only the application layer can make (letter templates). */
export function validateServiceTypeDefinition(input: unknown): ServiceTypeDefinition {
  const definition = parseServiceTypeDefinition(input);
  const issues: ValidationIssue[] = [];
  for (const [kind, source] of Object.entries(definition.letters)) {
    if (typeof source !== 'string') continue;
    const error = letterSourceError(source);
    if (error) issues.push({ path: `letters.${kind}`, message: `not a usable letter template: ${error}` });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return definition;
}

/** A definition as stored: every one went through the parser, so every defaulted field is present. */
export type StoredServiceTypeDefinition = z.output<typeof ServiceTypeDefinitionSchema>;

export interface ServiceTypeView {
  code: string;
  version: number;
  active: boolean;
  source: string;
  updatedAt: string;
  updatedBy: string;
  definition: StoredServiceTypeDefinition;
}

function typeView(t: IServiceType, v: IServiceTypeVersion): ServiceTypeView {
  return {
    code: t.code,
    version: v.version,
    active: t.active,
    source: t.source,
    updatedAt: t.updatedAt.toISOString(),
    updatedBy: t.updatedBy,
    definition: v.definition as StoredServiceTypeDefinition,
  };
}

export async function serviceTypeVersionOf(
  em: Em,
  code: string,
  version: number,
): Promise<IServiceTypeVersion> {
  return em.findOneOrFail(ServiceTypeVersion, { code, version });
}

export async function listServiceTypes(em: Em, options: { includeInactive?: boolean } = {}) {
  const types = await em.find(ServiceType, options.includeInactive ? {} : { active: true }, {
    orderBy: { nameLv: 'asc' },
  });
  const versions = types.length
    ? await em.find(ServiceTypeVersion, {
        $or: types.map((t) => ({ code: t.code, version: t.currentVersion })),
      })
    : [];
  const byKey = new Map(versions.map((v) => [`${v.code}@${v.version}`, v]));
  return types.flatMap((t) => {
    const v = byKey.get(`${t.code}@${t.currentVersion}`);
    return v ? [typeView(t, v)] : [];
  });
}

export async function findServiceType(em: Em, code: string): Promise<ServiceTypeView | null> {
  const t = await em.findOne(ServiceType, { code });
  if (!t) return null;
  return typeView(t, await serviceTypeVersionOf(em, t.code, t.currentVersion));
}

interface CatalogueEditor {
  username: string;
  role: string;
  municipalityCode: string | null;
  requestId?: string;
}

async function writeVersion(
  tx: Em,
  actor: CatalogueEditor,
  definition: ServiceTypeDefinition,
  existing: IServiceType | null,
  source: string,
  active: boolean,
): Promise<void> {
  const version = existing ? existing.currentVersion + 1 : 1;
  const now = new Date();
  tx.create(ServiceTypeVersion, {
    id: newId(),
    code: definition.code,
    version,
    definition,
    createdAt: now,
    createdBy: actor.username,
  });
  if (existing) {
    Object.assign(existing, {
      currentVersion: version,
      nameLv: definition.names.lv,
      nameEn: definition.names.en,
      funding: definition.funding,
      active,
      source,
      updatedAt: now,
      updatedBy: actor.username,
    });
  } else {
    tx.create(ServiceType, {
      code: definition.code,
      currentVersion: version,
      nameLv: definition.names.lv,
      nameEn: definition.names.en,
      funding: definition.funding,
      active,
      source,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.username,
    });
  }
  await tx.flush();
  await appendAudit(tx, {
    actor: actor.username,
    role: actor.role,
    municipalityCode: actor.municipalityCode,
    action: existing ? 'service-type.update' : 'service-type.create',
    resourceType: 'service-type',
    resourceId: definition.code,
    caseId: null,
    outcome: 'success',
    requestId: actor.requestId ?? null,
    details: { version, source, active },
  });
}

export async function createServiceType(
  em: Em,
  actor: Actor & { requestId?: string },
  input: unknown,
): Promise<ServiceTypeView> {
  const definition = validateServiceTypeDefinition(input);
  await em.transactional(async (tx) => {
    if (await tx.findOne(ServiceType, { code: definition.code }))
      throw new ServiceTypeExistsError(definition.code);
    await writeVersion(tx, actor, definition, null, 'admin', true);
  });
  return (await findServiceType(em.fork(), definition.code)) as ServiceTypeView;
}

/** A new version of the type; running services keep the version they started with. */
export async function updateServiceType(
  em: Em,
  actor: Actor & { requestId?: string },
  code: string,
  input: unknown,
  options: { active?: boolean } = {},
): Promise<ServiceTypeView> {
  const definition = validateServiceTypeDefinition(input);
  if (definition.code !== code) {
    throw new DomainValidationError([
      { path: 'code', message: `must stay ${code} (the code cannot change)` },
    ]);
  }
  await em.transactional(async (tx) => {
    const existing = await tx.findOne(ServiceType, { code });
    if (!existing) throw new UnknownServiceTypeError(code);
    await writeVersion(tx, actor, definition, existing, 'admin', options.active ?? existing.active);
  });
  return (await findServiceType(em.fork(), code)) as ServiceTypeView;
}

/**
 * Seeds the catalogue (idempotent): a type missing from the database is created from the seed; a type still as the
 * seed made it gets the seed's newer definition; a type an administrator edited is left alone.
 */
export async function seedServiceCatalogue(em: Em): Promise<{ created: number; updated: number }> {
  const actor: CatalogueEditor = { username: 'system:seed', role: 'system', municipalityCode: null };
  const source = `seed:${SERVICE_CATALOGUE_VERSION}`;
  let created = 0;
  let updated = 0;
  for (const seed of SERVICE_CATALOGUE_SEED) {
    const existing = await em.findOne(ServiceType, { code: seed.code });
    const definition = parseServiceTypeDefinition(seed);
    if (!existing) {
      await writeVersion(em, actor, definition, null, source, true);
      created++;
    } else if (existing.source.startsWith('seed:') && existing.source !== source) {
      await writeVersion(em, actor, definition, existing, source, existing.active);
      updated++;
    }
  }
  return { created, updated };
}

// ---------------------------------------------------------------------------------------------------------------
// Services of a case

export function socialServiceWorkflowId(caseId: string, serviceId: string): string {
  return `${SOCIAL_SERVICE_KIND}-${caseId}-${serviceId}`;
}

export async function startSocialService(
  deps: { em: Em; client: Client; config: Config },
  actor: Actor & { requestId?: string },
  caseRow: ICase,
  input: { serviceType: string; requestedAt: IsoDate; notes: string | null },
): Promise<ISocialService> {
  const { em } = deps;
  const type = await em.findOne(ServiceType, { code: input.serviceType, active: true });
  if (!type) throw new UnknownServiceTypeError(input.serviceType);
  const version = await serviceTypeVersionOf(em, type.code, type.currentVersion);
  const person = await em.findOneOrFail(Person, { id: caseRow.personId });
  // The deadline and lifecycle rules in force on the request date go with the service (issue 15).
  const rules = serviceRuleSetOn(input.requestedAt);
  const id = newId();
  const workflowId = socialServiceWorkflowId(caseRow.id, id);
  const now = new Date();
  const row = await em.transactional(async (tx) => {
    const created = tx.create(SocialService, {
      id,
      caseId: caseRow.id,
      municipalityCode: caseRow.municipalityCode,
      serviceTypeCode: type.code,
      serviceTypeVersion: version.version,
      workflowId,
      state: 'intake',
      active: true,
      requestedAt: input.requestedAt,
      decisionDeadline: addMonthsClamped(input.requestedAt, version.definition.decisionDeadlineMonths),
      nextDeadline: null,
      nextDeadlineKind: null,
      decision: null,
      providerCode: null,
      providerName: null,
      volume: null,
      startDate: null,
      endDate: null,
      nextReviewDate: null,
      decisionDocumentId: null,
      notes: input.notes,
      startedBy: actor.username,
      createdAt: now,
      updatedAt: now,
    });
    await tx.flush();
    return created;
  });
  await startCaseProcessWorkflow(
    deps,
    {
      workflowType: 'socialService',
      workflowId,
      kind: SOCIAL_SERVICE_KIND,
      caseRow,
      args: [
        {
          serviceId: id,
          caseId: caseRow.id,
          clientPersonId: person.id,
          municipalityCode: caseRow.municipalityCode,
          serviceType: version.definition,
          serviceTypeVersion: version.version,
          requestedAt: input.requestedAt,
          requestedBy: actor.username,
          notes: input.notes,
          rules,
        },
      ],
    },
    () => em.nativeDelete(SocialService, { id }),
  );
  await em.transactional((tx) =>
    recordProcessStart(tx, actor, {
      workflowId,
      caseId: caseRow.id,
      kind: SOCIAL_SERVICE_KIND,
      startedAt: now,
      event: {
        type: 'social-service.started',
        summary: `Reģistrēts pakalpojuma pieprasījums: ${type.nameLv}`,
        data: { serviceId: id, workflowId, serviceType: type.code, version: version.version },
      },
      audit: {
        action: 'social-service.start',
        resourceType: 'social-service',
        resourceId: id,
        details: {
          workflowId,
          serviceType: type.code,
          version: version.version,
          requestedAt: input.requestedAt,
        },
      },
    }),
  );
  return row;
}

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

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? value.toFixed(Number.isInteger(value) ? 0 : 2) : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value !== 'number' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV (CRLF), amounts with two decimals; formula-like text cells are neutralised. No personal data. */
export function settlementsCsv(rows: SettlementView[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      CSV_COLUMNS.map((c) => {
        const v = r[c];
        return c.endsWith('Eur') && typeof v === 'number' ? v.toFixed(2) : csvCell(v);
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A document arrived in a case file: every service of the case still waiting for documents is told to re-check.
 * Best effort — the workflow re-checks on its own when its task is completed.
 */
export async function notifyServicesOfDocument(
  deps: { em: Em; client: Client },
  caseId: string,
): Promise<number> {
  const waiting = await deps.em.find(SocialService, {
    caseId,
    active: true,
    state: { $in: WAITING_FOR_DOCUMENTS },
  });
  let signalled = 0;
  for (const s of waiting) {
    try {
      await deps.client.workflow.getHandle(s.workflowId).signal('serviceDocumentsChanged');
      signalled++;
    } catch (err) {
      if ((err as { name?: string }).name !== 'WorkflowNotFoundError') throw err;
    }
  }
  return signalled;
}
