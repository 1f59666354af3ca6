import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A member of a case's household (issue 14): the persons registry checks of the case may ask about besides the
 * client. Two sources: `pmlp`, the persons the population register declared at the client's address in the latest
 * PMLP household answer for this case (replaced by each newer answer), and `added`, a person a worker added with a
 * reason (a member an applicant declares counts as added with the reason "declared by the applicant").
 */
export const CaseHouseholdMember = defineEntity({
  name: 'CaseHouseholdMember',
  tableName: 'case_household_members',
  uniques: [{ properties: ['caseId', 'personId', 'source'] }],
  properties: {
    id: p.string().length(36).primary(),
    caseId: p.string().length(36).index(),
    personId: p.string().length(36).index(),
    source: p.string().length(10),
    /** Why the worker added the person (NFC, 1–500 characters); null for PMLP members. */
    reason: p.string().length(500).nullable(),
    /** For PMLP members: the registry request whose answer listed them. */
    registryRequestId: p.string().length(64).nullable(),
    addedBy: p.string().length(100),
    addedAt: p.datetime(),
  },
});
export type ICaseHouseholdMember = InferEntity<typeof CaseHouseholdMember>;
