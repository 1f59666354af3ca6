import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A shared HMAC secret of one municipality's document management system. Two rows of the same municipality and
 * system may be valid at once while a secret is rotated (validFrom of the new ≤ validTo of the old).
 */
export const IntegrationSecret = defineEntity({
  name: 'IntegrationSecret',
  tableName: 'integration_secrets',
  indexes: [{ properties: ['municipalityCode', 'system'] }],
  properties: {
    id: p.string().length(36).primary(),
    municipalityCode: p.string().length(7),
    /** namejs | lietvaris */
    system: p.string().length(20),
    secret: p.string().length(200),
    validFrom: p.datetime(),
    validTo: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});
export type IIntegrationSecret = InferEntity<typeof IntegrationSecret>;

/**
 * One application a DMS delivered by webhook. Unique per system + DMS document id, so a redelivery finds the same
 * intake. The normalised payload (personal code, files) is in object storage under `payloadKey`, never in a
 * workflow history.
 */
export const DmsIntake = defineEntity({
  name: 'DmsIntake',
  tableName: 'dms_intakes',
  uniques: [{ properties: ['system', 'dmsDocumentId'] }],
  properties: {
    id: p.string().length(36).primary(),
    system: p.string().length(20),
    dmsDocumentId: p.string().length(100),
    municipalityCode: p.string().length(7).index(),
    registrationNumber: p.string().length(100),
    documentType: p.string().length(60),
    payloadKey: p.string().length(200),
    payloadSha256: p.string().length(64),
    workflowId: p.string().length(200),
    /** received | filed | triage | confirmed */
    state: p.string().length(20),
    personId: p.string().length(36).nullable(),
    caseId: p.string().length(36).nullable(),
    taskId: p.string().length(36).nullable(),
    classification: p.string().length(60).nullable(),
    receivedAt: p.datetime(),
    filedAt: p.datetime().nullable(),
    confirmedAt: p.datetime().nullable(),
  },
});
export type IDmsIntake = InferEntity<typeof DmsIntake>;

/**
 * A decision letter sent to the municipality's DMS for registration. The id is the idempotency key of every
 * delivery attempt, so the DMS registers the document once however often it is retried.
 */
export const DmsOutbound = defineEntity({
  name: 'DmsOutbound',
  tableName: 'dms_outbound',
  properties: {
    id: p.string().length(36).primary(),
    documentId: p.string().length(36).unique(),
    caseId: p.string().length(36).index(),
    municipalityCode: p.string().length(7),
    system: p.string().length(20),
    workflowId: p.string().length(200),
    /** pending | registered | alerted */
    state: p.string().length(20),
    attempts: p.integer().default(0),
    lastError: p.string().length(500).nullable(),
    registrationNumber: p.string().length(100).nullable(),
    createdAt: p.datetime(),
    registeredAt: p.datetime().nullable(),
  },
});
export type IDmsOutbound = InferEntity<typeof DmsOutbound>;
