import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A child's out-of-family-care placement in a long-term care institution (BRIEF §4.3). Its review deadlines run in
 * the `placementReview` workflow (`workflowId`); the row keeps the current state for lists and dashboards.
 */
export const Placement = defineEntity({
  name: 'Placement',
  tableName: 'placements',
  indexes: [
    { properties: ['orphanCourtAtvk', 'status'] },
    { properties: ['caseMunicipalityCode', 'status'] },
  ],
  properties: {
    id: p.string().length(36).primary(),
    childPersonId: p.string().length(36).index(),
    /** Copied from the person (PMLP data) when the placement is created. */
    childBirthDate: p.string().length(10),
    institutionCode: p.string().length(50),
    institutionName: p.string().length(200),
    orphanCourtAtvk: p.string().length(7),
    /** Municipality of the child's open case, when there is one. */
    caseMunicipalityCode: p.string().length(7).nullable(),
    caseId: p.string().length(36).nullable(),
    startDate: p.string().length(10),
    status: p.string().length(20),
    lastReportDate: p.string().length(10).nullable(),
    nextReportDue: p.string().length(10),
    endDate: p.string().length(10).nullable(),
    endReason: p.string().length(500).nullable(),
    source: p.string().length(20),
    /** NPAIS decision the placement was synchronised from (unique: a decision makes one placement). */
    npaisDecisionId: p.string().length(100).nullable().unique(),
    npaisDecisionDate: p.string().length(10).nullable(),
    workflowId: p.string().length(200).unique(),
    createdAt: p.datetime(),
    createdBy: p.string().length(100),
  },
});
export type IPlacement = InferEntity<typeof Placement>;

/** An institution's report on a placed child (SPSP art. 28). */
export const PlacementReport = defineEntity({
  name: 'PlacementReport',
  tableName: 'placement_reports',
  indexes: [{ properties: ['placementId', 'reportDate'] }],
  properties: {
    id: p.string().length(36).primary(),
    placementId: p.string().length(36),
    reportDate: p.string().length(10),
    contactWithRelatives: p.json<string[]>(),
    development: p.text(),
    documentId: p.string().length(36).nullable(),
    /** The next due date this report set. */
    nextReportDue: p.string().length(10),
    createdAt: p.datetime(),
    createdBy: p.string().length(100),
  },
});
export type IPlacementReport = InferEntity<typeof PlacementReport>;
