import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ServiceTypeDefinition } from '../../../domain/social-services/catalogue.js';

/**
 * A service type of the catalogue (BRIEF §4.2, issue 6). The definition is data: an administrator edits it through
 * the API and every edit is a new immutable version (`ServiceTypeVersion`); running services keep the version they
 * started with. Seeded from the versioned catalogue in `domain/social-services/catalogue-seed.ts`.
 */
export const ServiceType = defineEntity({
  name: 'ServiceType',
  tableName: 'service_types',
  properties: {
    code: p.string().length(40).primary(),
    currentVersion: p.integer(),
    nameLv: p.string().length(200),
    nameEn: p.string().length(200),
    funding: p.string().length(20),
    active: p.boolean().default(true),
    /** 'seed:<catalogue version>' or 'admin'. */
    source: p.string().length(40),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    updatedBy: p.string().length(100),
  },
});
export type IServiceType = InferEntity<typeof ServiceType>;

export const ServiceTypeVersion = defineEntity({
  name: 'ServiceTypeVersion',
  tableName: 'service_type_versions',
  uniques: [{ properties: ['code', 'version'] }],
  properties: {
    id: p.string().length(36).primary(),
    code: p.string().length(40),
    version: p.integer(),
    definition: p.json<ServiceTypeDefinition>(),
    createdAt: p.datetime(),
    createdBy: p.string().length(100),
  },
});
export type IServiceTypeVersion = InferEntity<typeof ServiceTypeVersion>;

/**
 * One social service of a client, from request to settlement: one `socialService` workflow (`workflowId`). The
 * workflow holds the full history; this row mirrors the current state for lists, deadlines and settlements.
 */
export const SocialService = defineEntity({
  name: 'SocialService',
  tableName: 'social_services',
  indexes: [
    { properties: ['caseId', 'active'] },
    { properties: ['municipalityCode', 'state'] },
    { properties: ['providerCode', 'active'] },
  ],
  properties: {
    id: p.string().length(36).primary(),
    caseId: p.string().length(36),
    municipalityCode: p.string().length(7),
    serviceTypeCode: p.string().length(40),
    serviceTypeVersion: p.integer(),
    workflowId: p.string().length(200).unique(),
    state: p.string().length(30),
    active: p.boolean(),
    requestedAt: p.string().length(10),
    decisionDeadline: p.string().length(10),
    /** The next date something is due (decision, delivery record, review), for lists. */
    nextDeadline: p.string().length(10).nullable(),
    nextDeadlineKind: p.string().length(30).nullable(),
    decision: p.string().length(10).nullable(),
    providerCode: p.string().length(50).nullable(),
    providerName: p.string().length(200).nullable(),
    volume: p.double().nullable(),
    startDate: p.string().length(10).nullable(),
    endDate: p.string().length(10).nullable(),
    nextReviewDate: p.string().length(10).nullable(),
    decisionDocumentId: p.string().length(36).nullable(),
    notes: p.string().length(2000).nullable(),
    startedBy: p.string().length(100),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type ISocialService = InferEntity<typeof SocialService>;

/** Units of a service delivered in a month (one row per service and month; a correction bumps `revision`). */
export const ServiceDelivery = defineEntity({
  name: 'ServiceDelivery',
  tableName: 'service_deliveries',
  uniques: [{ properties: ['serviceId', 'month'] }],
  properties: {
    id: p.string().length(36).primary(),
    serviceId: p.string().length(36),
    caseId: p.string().length(36),
    month: p.string().length(7),
    units: p.double(),
    note: p.string().length(1000).nullable(),
    revision: p.integer(),
    recordedBy: p.string().length(100),
    recordedAt: p.datetime(),
  },
});
export type IServiceDelivery = InferEntity<typeof ServiceDelivery>;

/** Who pays what for one month of a service (cost = units × tariff; SPSP 29(2) co-payment where it applies). */
export const ServiceSettlement = defineEntity({
  name: 'ServiceSettlement',
  tableName: 'service_settlements',
  uniques: [{ properties: ['serviceId', 'month'] }],
  indexes: [{ properties: ['municipalityCode', 'month'] }],
  properties: {
    id: p.string().length(36).primary(),
    serviceId: p.string().length(36),
    caseId: p.string().length(36),
    municipalityCode: p.string().length(7),
    serviceTypeCode: p.string().length(40),
    month: p.string().length(7),
    units: p.double(),
    unit: p.string().length(10),
    tariffEur: p.double(),
    costEur: p.double(),
    clientPaysEur: p.double(),
    clientCapEur: p.double().nullable(),
    clientIncomeEur: p.double().nullable(),
    incomeEvidenceDocumentId: p.string().length(36).nullable(),
    funderPaysEur: p.double(),
    funder: p.string().length(20),
    legalBasis: p.string().length(200).nullable(),
    /** True for the settlement written when the service ended. */
    final: p.boolean().default(false),
    revision: p.integer(),
    settledAt: p.datetime(),
  },
});
export type IServiceSettlement = InferEntity<typeof ServiceSettlement>;
