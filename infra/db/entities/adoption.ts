import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The adoption register (MK 794). Isolated from the case file: only adoption specialists reach these tables
 * (api/routes/adoption.ts); documents of the register live in the restricted document area, keyed by the
 * register record's id instead of a case id, so they never appear in any case's documents or timeline.
 */

/** A child legally free for adoption. state: active | matched | archived | withdrawn. */
export const AdoptionChild = defineEntity({
  name: 'AdoptionChild',
  tableName: 'adoption_children',
  properties: {
    id: p.string().length(36).primary(),
    personId: p.string().length(36).index(),
    legallyFreeSince: p.string().length(10),
    siblingGroup: p.string().length(60).nullable(),
    healthConditions: p.json<string[]>(),
    regionAtvk: p.string().length(7),
    state: p.string().length(20).index(),
    /** VDEĀVK disability group on registration ('I' | 'II' | 'III') or null; vdeavkOutcome: ok | not-found. */
    disabilityGroup: p.string().length(5).nullable(),
    vdeavkOutcome: p.string().length(20),
    vdeavkRequestId: p.string().length(64).nullable(),
    createdAt: p.datetime(),
    createdBy: p.string().length(100),
    updatedAt: p.datetime(),
    archivedAt: p.datetime().nullable(),
    withdrawnReason: p.string().length(500).nullable(),
  },
});
export type IAdoptionChild = InferEntity<typeof AdoptionChild>;

export interface AdopterWishesRecord {
  ageMin: number;
  ageMax: number;
  maxChildren: number;
  acceptsSiblings: boolean;
  acceptedHealthConditions: string[];
  regionsAtvk: string[];
}

/** Approved adopters (one or two applicants). state: active | suspended | matched | archived. */
export const AdoptionAdopter = defineEntity({
  name: 'AdoptionAdopter',
  tableName: 'adoption_adopters',
  properties: {
    id: p.string().length(36).primary(),
    applicantPersonIds: p.json<string[]>(),
    approvedAt: p.string().length(10),
    registeredAt: p.string().length(10).index(),
    residence: p.string().length(2),
    wishes: p.json<AdopterWishesRecord>(),
    state: p.string().length(20).index(),
    createdAt: p.datetime(),
    createdBy: p.string().length(100),
    updatedAt: p.datetime(),
    archivedAt: p.datetime().nullable(),
  },
});
export type IAdoptionAdopter = InferEntity<typeof AdoptionAdopter>;

/** One adoptionMatch workflow run for a child. */
export const AdoptionMatch = defineEntity({
  name: 'AdoptionMatch',
  tableName: 'adoption_matches',
  properties: {
    id: p.string().length(36).primary(),
    childId: p.string().length(36).index(),
    workflowId: p.string().length(200).unique(),
    /** proposing | acquaintance | awaiting-orphan-court | awaiting-court | completed | withdrawn | no-candidate | rejected */
    state: p.string().length(30),
    adopterId: p.string().length(36).nullable(),
    acquaintanceUntil: p.string().length(10).nullable(),
    orphanCourtDecision: p.json<Record<string, unknown>>().nullable(),
    courtDecision: p.json<Record<string, unknown>>().nullable(),
    startedAt: p.datetime(),
    startedBy: p.string().length(100),
    updatedAt: p.datetime(),
    completedAt: p.datetime().nullable(),
  },
});
export type IAdoptionMatch = InferEntity<typeof AdoptionMatch>;

/** A proposal to one adopter. state: pending | accepted | declined | expired | cancelled. */
export const AdoptionProposal = defineEntity({
  name: 'AdoptionProposal',
  tableName: 'adoption_proposals',
  properties: {
    id: p.string().length(36).primary(),
    matchId: p.string().length(36).index(),
    childId: p.string().length(36),
    adopterId: p.string().length(36).index(),
    rank: p.integer(),
    state: p.string().length(20),
    proposedAt: p.datetime(),
    deadline: p.datetime(),
    letterDocumentId: p.string().length(36).nullable(),
    answeredAt: p.datetime().nullable(),
    reason: p.string().length(500).nullable(),
  },
});
export type IAdoptionProposal = InferEntity<typeof AdoptionProposal>;

/** A monthly progress note due during the acquaintance period. state: open | done. */
export const AdoptionProgressTask = defineEntity({
  name: 'AdoptionProgressTask',
  tableName: 'adoption_progress_tasks',
  properties: {
    id: p.string().length(80).primary(),
    matchId: p.string().length(36).index(),
    month: p.integer(),
    dueDate: p.string().length(10),
    title: p.string().length(200),
    state: p.string().length(20),
    createdAt: p.datetime(),
  },
});
export type IAdoptionProgressTask = InferEntity<typeof AdoptionProgressTask>;
