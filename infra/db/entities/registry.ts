import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Every request made to a state registry or bank: who, for which case, on what legal basis, and the outcome. */
export const RegistryRequest = defineEntity({
  name: 'RegistryRequest',
  tableName: 'registry_requests',
  properties: {
    requestId: p.string().length(64).primary(),
    caseId: p.string().length(36).index(),
    registry: p.string().length(30),
    subjectPersonId: p.string().length(36),
    purpose: p.string().length(200),
    legalBasis: p.string().length(300),
    requestedBy: p.string().length(100),
    requestedAt: p.datetime(),
    outcome: p.string().length(20),
    httpStatus: p.integer().nullable(),
    durationMs: p.integer(),
    errorMessage: p.string().length(500).nullable(),
    snapshotDocumentId: p.string().length(36).nullable(),
  },
});
export type IRegistryRequest = InferEntity<typeof RegistryRequest>;
