/**
 * The social-service catalogue (BRIEF §4.2): service types as versioned data, seeded from
 * `domain/social-services/catalogue-seed.ts` and edited by administrators.
 */
import { DomainValidationError, type ValidationIssue } from '../../domain/validation.js';
import type { z } from 'zod';
import {
  parseServiceTypeDefinition,
  type ServiceTypeDefinition,
  type ServiceTypeDefinitionSchema,
} from '../../domain/social-services/catalogue.js';
import {
  SERVICE_CATALOGUE_SEED,
  SERVICE_CATALOGUE_VERSION,
} from '../../domain/social-services/catalogue-seed.js';
import {
  ServiceType,
  ServiceTypeVersion,
  type IServiceType,
  type IServiceTypeVersion,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { appendAudit } from '../audit-log.js';
import type { Actor } from '../case-file.js';
import { letterSourceError } from '../letters.js';

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
