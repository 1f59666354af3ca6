import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A municipality's own low-income threshold for the means test (BRIEF §4.1), effective-dated: one row per
 * municipality and effective date (a second PUT for the same date replaces the amounts).
 */
export const MeansTestMunicipalitySetting = defineEntity({
  name: 'MeansTestMunicipalitySetting',
  tableName: 'means_test_municipality_settings',
  uniques: [{ properties: ['municipalityCode', 'effectiveFrom'] }],
  properties: {
    id: p.string().length(36).primary(),
    municipalityCode: p.string().length(7),
    effectiveFrom: p.string().length(10),
    firstEur: p.double(),
    otherEur: p.double(),
    updatedBy: p.string().length(100),
    updatedAt: p.datetime(),
  },
});
export type IMeansTestMunicipalitySetting = InferEntity<typeof MeansTestMunicipalitySetting>;

/**
 * A household's means-test cycle (one meansTestCycle workflow, across its continue-as-new re-evaluations). The
 * workflow keeps the full history; this row mirrors the current state for lists, the one-active-cycle rule and the
 * supervisor's expiring page. `active` is true until the cycle ends (expired, refused, closed).
 */
export const MeansTestCycle = defineEntity({
  name: 'MeansTestCycle',
  tableName: 'means_test_cycles',
  indexes: [{ properties: ['caseId', 'active'] }, { properties: ['municipalityCode', 'state'] }],
  properties: {
    id: p.string().length(36).primary(),
    caseId: p.string().length(36),
    municipalityCode: p.string().length(7),
    workflowId: p.string().length(200).unique(),
    state: p.string().length(20),
    active: p.boolean(),
    /** Re-evaluation number within the cycle (1 = the first application). */
    evaluationNo: p.integer(),
    applicationDate: p.string().length(10),
    decisionDeadline: p.string().length(10),
    status: p.string().length(20).nullable(),
    validFrom: p.string().length(10).nullable(),
    validTo: p.string().length(10).nullable(),
    gmiBenefitEur: p.double().nullable(),
    declarationDocumentId: p.string().length(36).nullable(),
    decisionDocumentId: p.string().length(36).nullable(),
    startedBy: p.string().length(100),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type IMeansTestCycle = InferEntity<typeof MeansTestCycle>;

/** A monthly GMI entitlement of an approved needy status: one row per cycle, evaluation and month. */
export const MeansTestEntitlement = defineEntity({
  name: 'MeansTestEntitlement',
  tableName: 'means_test_entitlements',
  uniques: [{ properties: ['cycleId', 'evaluationNo', 'month'] }],
  properties: {
    id: p.string().length(36).primary(),
    cycleId: p.string().length(36),
    caseId: p.string().length(36),
    evaluationNo: p.integer(),
    month: p.string().length(7),
    amountEur: p.double(),
    createdAt: p.datetime(),
  },
});
export type IMeansTestEntitlement = InferEntity<typeof MeansTestEntitlement>;
