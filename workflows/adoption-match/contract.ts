/**
 * adoptionMatch's contract (issue 15): input, status, updates, signals and query. Services, routes and screens import
 * only this module; the workflow itself is in workflow.ts.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MatchState } from '../../domain/adoption/rules.js';

export interface AdoptionMatchInput {
  matchId: string;
  childId: string;
  startedBy: string;
  /** Days to answer a proposal (default 14). */
  proposalDeadlineDays?: number;
  /** Acquaintance months (default and minimum 6; tests may pass less through allowShortAcquaintance). */
  acquaintanceMonths?: number;
  /**
   * The legal minimum of the acquaintance period in force at the start (issue 15): the service passes it with the
   * two values above, so a later change of ADOPTION_MATCH_DEFAULTS does not change a running match. Absent only in
   * matches started before.
   */
  minimumAcquaintanceMonths?: number;
}

export interface ProposalAnswer {
  proposalId: string;
  accept: boolean;
  reason?: string | null;
}

export interface DecisionInput {
  /** Reference to the decision document (document id or registration number). */
  documentRef: string;
  decidedOn: string;
  approved: boolean;
}

export interface AdoptionMatchStatus {
  state: MatchState;
  currentProposal: { proposalId: string; adopterId: string; deadline: string } | null;
  adopterId: string | null;
  tried: { adopterId: string; proposalId: string; outcome: string }[];
  acquaintanceUntil: string | null;
}

export const answerProposal = defineUpdate<{ outcome: 'accepted' | 'declined' }, [ProposalAnswer]>(
  'answerProposal',
);
export const recordOrphanCourtDecision = defineUpdate<{ state: MatchState }, [DecisionInput]>(
  'recordOrphanCourtDecision',
);
export const recordCourtDecision = defineUpdate<{ state: MatchState }, [DecisionInput]>(
  'recordCourtDecision',
);
export const withdrawChild = defineSignal<[{ reason: string }]>('withdrawChild');
export const adopterStatusChanged =
  defineSignal<[{ adopterId: string; state: string }]>('adopterStatusChanged');
export const adoptionMatchStatus = defineQuery<AdoptionMatchStatus>('adoptionMatchStatus');
