/**
 * adoptionMatch (MK 794; BRIEF §4.4): proposes a child (with its sibling group) to the eligible adopters in the
 * register's explainable order — Latvian residents first, then the queue — one at a time. Each proposal waits for
 * the adopter's answer (update answerProposal) until a deadline; silence is a decline. Foreign adopters are reached
 * only when every eligible Latvian candidate has declined, because the ranking is recomputed before each proposal
 * (so an adopter suspended or newly registered in the meantime is taken into account) and puts Latvia first.
 * Acceptance starts the acquaintance period (≥ 6 months) with a progress-note task each month, then the orphan
 * court's and the court's decisions (updates with document references), then archiving of both records.
 * A child's withdrawal (signal withdrawChild) cancels cleanly at any stage; a change of the current adopter's
 * status (signal adopterStatusChanged) cancels their proposal or acquaintance and re-matches with the next one.
 * History holds register ids only, never names or personal codes.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import { addMonthsClamped, calendarDateInZone, msUntilRigaDate } from '../../domain/calendar.js';
import { ADOPTION_MATCH_DEFAULTS, type MatchState } from '../../domain/adoption/rules.js';
import type { AdoptionActivities } from '../../activities/adoption.js';

import {
  adopterStatusChanged,
  adoptionMatchStatus,
  answerProposal,
  recordCourtDecision,
  recordOrphanCourtDecision,
  withdrawChild,
  type AdoptionMatchInput,
  type AdoptionMatchStatus,
  type DecisionInput,
  type ProposalAnswer,
} from './contract.js';

const act = proxyActivities<AdoptionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});

const DAY_MS = 86_400_000;

export async function adoptionMatch(input: AdoptionMatchInput): Promise<AdoptionMatchStatus> {
  const deadlineDays = input.proposalDeadlineDays ?? ADOPTION_MATCH_DEFAULTS.proposalDeadlineDays;
  const months = input.acquaintanceMonths ?? ADOPTION_MATCH_DEFAULTS.acquaintanceMonths;
  if (!Number.isInteger(deadlineDays) || deadlineDays < 1) {
    throw ApplicationFailure.nonRetryable('proposalDeadlineDays must be a positive integer', 'InvalidInput');
  }
  const minimumMonths = input.minimumAcquaintanceMonths ?? ADOPTION_MATCH_DEFAULTS.minimumAcquaintanceMonths;
  if (!Number.isInteger(months) || months < minimumMonths) {
    throw ApplicationFailure.nonRetryable(
      `acquaintanceMonths must be at least ${minimumMonths}`,
      'InvalidInput',
    );
  }

  const status: AdoptionMatchStatus = {
    state: 'proposing',
    currentProposal: null,
    adopterId: null,
    tried: [],
    acquaintanceUntil: null,
  };
  let answer: ProposalAnswer | undefined;
  let withdrawal: { reason: string } | undefined;
  let adopterLeft = false;
  let orphanCourt: DecisionInput | undefined;
  let court: DecisionInput | undefined;

  setHandler(adoptionMatchStatus, () => status);
  setHandler(withdrawChild, (w) => {
    withdrawal ??= w;
  });
  setHandler(adopterStatusChanged, ({ adopterId, state }) => {
    if (adopterId === status.adopterId && state !== 'active' && state !== 'matched') adopterLeft = true;
  });
  setHandler(
    answerProposal,
    (a) => {
      answer = a;
      return { outcome: a.accept ? 'accepted' : 'declined' };
    },
    {
      validator: (a) => {
        const p = status.currentProposal;
        if (!p || p.proposalId !== a.proposalId || answer !== undefined) {
          throw new Error('the proposal is not waiting for an answer');
        }
      },
    },
  );
  setHandler(
    recordOrphanCourtDecision,
    (d) => {
      orphanCourt = d;
      return { state: status.state };
    },
    {
      validator: (_d: DecisionInput) => {
        if (status.state !== 'awaiting-orphan-court' || orphanCourt !== undefined) {
          throw new Error(`the match is ${status.state}, not waiting for the orphan court's decision`);
        }
      },
    },
  );
  setHandler(
    recordCourtDecision,
    (d) => {
      court = d;
      return { state: status.state };
    },
    {
      validator: (_d: DecisionInput) => {
        if (status.state !== 'awaiting-court' || court !== undefined) {
          throw new Error(`the match is ${status.state}, not waiting for the court's decision`);
        }
      },
    },
  );

  const setState = async (state: MatchState, extra: { acquaintanceUntil?: string } = {}) => {
    status.state = state;
    await act.adoptionSetMatchState({
      matchId: input.matchId,
      state,
      adopterId: status.adopterId,
      acquaintanceUntil: extra.acquaintanceUntil ?? status.acquaintanceUntil,
    });
  };

  const finish = async (state: MatchState): Promise<AdoptionMatchStatus> => {
    status.currentProposal = null;
    await setState(state);
    await condition(allHandlersFinished);
    return status;
  };

  const release = async (childState: 'active' | 'withdrawn') => {
    await act.adoptionRelease({
      matchId: input.matchId,
      childId: input.childId,
      adopterId: status.adopterId,
      childState,
      reason: withdrawal?.reason ?? null,
    });
  };

  for (;;) {
    if (withdrawal) {
      await release('withdrawn');
      return finish('withdrawn');
    }
    // Propose to the next eligible candidate (ranking recomputed: register changes count).
    status.adopterId = null;
    adopterLeft = false;
    answer = undefined;
    const { candidates } = await act.adoptionCandidates({
      childId: input.childId,
      exclude: status.tried.map((t) => t.adopterId),
    });
    const next = candidates[0];
    if (!next) {
      if (withdrawal) continue;
      await release('active');
      return finish('no-candidate');
    }
    const proposalId = uuid4();
    const deadline = new Date(Date.now() + deadlineDays * DAY_MS).toISOString();
    status.adopterId = next.adopterId;
    await act.adoptionPropose({
      matchId: input.matchId,
      childId: input.childId,
      adopterId: next.adopterId,
      proposalId,
      rank: next.rank,
      deadline,
    });
    status.currentProposal = { proposalId, adopterId: next.adopterId, deadline };
    await setState('proposing');

    const answered = await condition(
      () => answer !== undefined || withdrawal !== undefined || adopterLeft,
      deadlineDays * DAY_MS,
    );
    const got = answer as ProposalAnswer | undefined;
    const wd = withdrawal as { reason: string } | undefined;
    const outcome = wd
      ? 'cancelled'
      : adopterLeft
        ? 'cancelled'
        : !answered
          ? 'expired'
          : got?.accept
            ? 'accepted'
            : 'declined';
    await act.adoptionCloseProposal({
      proposalId,
      state: outcome,
      reason:
        outcome === 'expired'
          ? `no answer within ${deadlineDays} days (counts as a decline)`
          : outcome === 'cancelled'
            ? wd
              ? `child withdrawn: ${wd.reason}`
              : "the adopter's status changed"
            : (got?.reason ?? null),
    });
    status.tried.push({ adopterId: next.adopterId, proposalId, outcome });
    status.currentProposal = null;
    if (outcome !== 'accepted') continue;

    // Acquaintance period with a monthly progress-note task.
    const start = calendarDateInZone(new Date(Date.now()));
    const until = addMonthsClamped(start, months);
    status.acquaintanceUntil = until;
    await act.adoptionAccepted({
      matchId: input.matchId,
      childId: input.childId,
      adopterId: next.adopterId,
      acquaintanceUntil: until,
    });
    await setState('acquaintance', { acquaintanceUntil: until });
    let interrupted = false;
    for (let m = 1; m <= months && !interrupted; m += 1) {
      const due = addMonthsClamped(start, m);
      await act.adoptionCreateProgressTask({ matchId: input.matchId, month: m, dueDate: due });
      const wait = msUntilRigaDate(due, Date.now());
      interrupted = await condition(() => withdrawal !== undefined || adopterLeft, wait);
    }
    if (!interrupted) {
      await setState('awaiting-orphan-court');
      await condition(() => orphanCourt !== undefined || withdrawal !== undefined || adopterLeft);
      if (orphanCourt) {
        await act.adoptionRecordDecision({
          matchId: input.matchId,
          kind: 'orphan-court',
          decision: orphanCourt,
        });
        if (!orphanCourt.approved) {
          await release('active');
          return finish('rejected');
        }
        await setState('awaiting-court');
        await condition(() => court !== undefined || withdrawal !== undefined || adopterLeft);
        if (court) {
          await act.adoptionRecordDecision({ matchId: input.matchId, kind: 'court', decision: court });
          if (!court.approved) {
            await release('active');
            return finish('rejected');
          }
          await act.adoptionComplete({
            matchId: input.matchId,
            childId: input.childId,
            adopterId: next.adopterId,
          });
          return finish('completed');
        }
      }
    }
    // Interrupted after acceptance: the adopter returns to the register (unless suspended); the child is either
    // withdrawn (top of the loop) or proposed to the next candidate.
    orphanCourt = undefined;
    court = undefined;
    status.acquaintanceUntil = null;
    if (!withdrawal) await release('active');
  }
}
