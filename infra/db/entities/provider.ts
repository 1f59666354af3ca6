import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ProviderAddress } from '../../../domain/providers/index.js';

/**
 * A social-service provider of the national register (issue 22, BRIEF §4.12). `code` is what granted services and
 * provider users name (`social_services.provider_code`, `users.provider_code`). `state`: `applicant` (applied, not
 * yet registered), `registered`, `inactive` (the certificate ended without a renewal), `withdrawn`, `refused`, or
 * `legacy` (migrated from a free-text provider of a granted service: no certificate until LM registers it).
 * `addresses` are the addresses in force (the decided ones); an application carries its own.
 */
export const Provider = defineEntity({
  name: 'Provider',
  tableName: 'providers',
  properties: {
    id: p.string().length(36).primary(),
    code: p.string().length(50).unique(),
    legalName: p.string().length(200),
    registrationNo: p.string().length(20).nullable().unique(),
    state: p.string().length(20),
    addresses: p.json<ProviderAddress[]>(),
    /** Free places reported by the provider, per service type (for the care queue's offers). */
    freePlaces: p.json<Record<string, number>>().nullable(),
    withdrawnOn: p.string().length(10).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type IProvider = InferEntity<typeof Provider>;

/** An application to the register: a registration, a change, a renewal (re-registration) or a withdrawal. */
export const ProviderApplication = defineEntity({
  name: 'ProviderApplication',
  tableName: 'provider_applications',
  indexes: [{ properties: ['state', 'submittedAt'] }],
  properties: {
    id: p.string().length(36).primary(),
    providerId: p.string().length(36).index(),
    kind: p.string().length(20),
    /** submitted | decided | refused */
    state: p.string().length(20),
    legalName: p.string().length(200),
    registrationNo: p.string().length(20),
    addresses: p.json<ProviderAddress[]>().nullable(),
    /** For a withdrawal: the date from which the registration ends. */
    effectiveOn: p.string().length(10).nullable(),
    submittedBy: p.string().length(100),
    submittedAt: p.datetime(),
    decidedOn: p.string().length(10).nullable(),
    decidedBy: p.string().length(100).nullable(),
    reason: p.string().length(2000).nullable(),
    /** The refusal letter (archival HTML). */
    letterHtml: p.text().nullable(),
  },
});
export type IProviderApplication = InferEntity<typeof ProviderApplication>;

/** A certificate of registration: valid from the decision to the decision + 5 years − 1 day. */
export const ProviderCertificate = defineEntity({
  name: 'ProviderCertificate',
  tableName: 'provider_certificates',
  properties: {
    id: p.string().length(36).primary(),
    providerId: p.string().length(36).index(),
    applicationId: p.string().length(36).unique(),
    certificateNo: p.string().length(30).unique(),
    validFrom: p.string().length(10),
    validTo: p.string().length(10),
    decidedBy: p.string().length(100),
    createdAt: p.datetime(),
  },
});
export type IProviderCertificate = InferEntity<typeof ProviderCertificate>;
