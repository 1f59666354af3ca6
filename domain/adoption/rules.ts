/**
 * Project rules of the adoption register and the match process (MK 794; BRIEF §4.4). Data, not scattered literals.
 */
import type { IsoDate } from '../calendar.js';
import { isAfter, isBefore } from '../calendar.js';

/** Defaults of the adoptionMatch workflow; a start may override them (acquaintance never below the minimum). */
export const ADOPTION_MATCH_DEFAULTS = {
  /** Days an adopter has to answer a proposal; silence counts as a decline. */
  proposalDeadlineDays: 14,
  /** Acquaintance period in calendar months (MK 794: at least 6). */
  acquaintanceMonths: 6,
  minimumAcquaintanceMonths: 6,
} as const;

/** The classifier code that stands for a disability (funkcionālie traucējumi) of the child. */
export const DISABILITY_HEALTH_CONDITION = 'HC02';

export interface VdeavkDisability {
  readonly group: 'I' | 'II' | 'III';
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
}

/** Whether VDEĀVK's disability group is in force on `date`. */
export function disabilityInForce(d: VdeavkDisability | null, date: IsoDate): boolean {
  if (d === null) return false;
  if (isBefore(date, d.validFrom)) return false;
  return d.validTo === null || !isAfter(date, d.validTo);
}

/**
 * Project rule (first data exchange of the register, seed 001 P11): when VDEĀVK reports a disability group in
 * force on the registration date, the child's health conditions must include the disability code (HC02);
 * otherwise the register would hide a disability from matching. The converse is not enforced (an assessment may be
 * pending). Returns the error message, or null when consistent.
 */
export function disabilityConsistencyError(
  healthConditions: readonly string[],
  disability: VdeavkDisability | null,
  date: IsoDate,
): string | null {
  if (!disabilityInForce(disability, date)) return null;
  if (healthConditions.includes(DISABILITY_HEALTH_CONDITION)) return null;
  return `VDEĀVK reports disability group ${disability?.group ?? ''} in force: healthConditions must include ${DISABILITY_HEALTH_CONDITION}`;
}

export type ChildState = 'active' | 'matched' | 'archived' | 'withdrawn';
export type AdopterState = 'active' | 'suspended' | 'matched' | 'archived';
export type MatchState =
  | 'proposing'
  | 'acquaintance'
  | 'awaiting-orphan-court'
  | 'awaiting-court'
  | 'completed'
  | 'withdrawn'
  | 'no-candidate'
  | 'rejected';
export type ProposalState = 'pending' | 'accepted' | 'declined' | 'expired' | 'cancelled';
