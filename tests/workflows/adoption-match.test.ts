/**
 * adoptionMatch on the time-skipping server with in-memory register activities (the real ranking of
 * domain/adoption/matching.ts): acceptance through acquaintance and court decisions to archiving; a decline and a
 * timeout moving on; Latvian candidates exhausted before a foreign one; a child withdrawn mid-proposal; an adopter
 * suspended during the acquaintance period re-matches.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { bundleTestWorkflows, createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';
import { rankCandidates, type Adopter } from '../../domain/adoption/matching.js';
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
} from '../../workflows/adoption-match/contract.js';
import { adoptionMatch } from '../../workflows/adoption-match/workflow.js';

const TASK_QUEUE = 'adoption-match-test';
const TIMEOUT = 180_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('workflows/adoption-match/workflow.ts');
}, TIMEOUT);

interface Register {
  child: { id: string; state: string };
  adopters: Map<string, Adopter & { state: string }>;
  proposals: Map<string, { adopterId: string; state: string; reason: string | null }>;
  tasks: { month: number; dueDate: string }[];
  matchStates: string[];
  decisions: string[];
}

function register(adopters: { id: string; residence: string; registeredAt: string }[]): Register {
  return {
    child: { id: 'child-1', state: 'active' },
    adopters: new Map(
      adopters.map((a) => [
        a.id,
        {
          ...a,
          active: true,
          approved: true,
          state: 'active',
          wishes: {
            ageMin: 0,
            ageMax: 10,
            maxChildren: 1,
            acceptsSiblings: false,
            acceptedHealthConditions: [],
            regionsAtvk: [],
          },
        },
      ]),
    ),
    proposals: new Map(),
    tasks: [],
    matchStates: [],
    decisions: [],
  };
}

function activities(r: Register): AdoptionActivities {
  return {
    async adoptionCandidates({ exclude }) {
      if (r.child.state !== 'active') return { candidates: [] };
      const ranked = rankCandidates(
        {
          id: r.child.id,
          birthDate: '2022-05-01',
          siblingGroup: null,
          healthConditions: [],
          regionAtvk: '0001000',
        },
        [],
        [...r.adopters.values()].map((a) => ({ ...a, active: a.state === 'active' })),
        '2026-06-01',
      );
      return {
        candidates: ranked
          .filter((c) => c.eligible && !exclude.includes(c.adopterId))
          .map((c) => ({
            adopterId: c.adopterId,
            rank: c.rank ?? 0,
            residence: r.adopters.get(c.adopterId)?.residence ?? '',
          })),
      };
    },
    async adoptionPropose(i) {
      r.proposals.set(i.proposalId, { adopterId: i.adopterId, state: 'pending', reason: null });
      return { letterDocumentId: `letter-${i.proposalId}` };
    },
    async adoptionCloseProposal(i) {
      const p = r.proposals.get(i.proposalId);
      if (p) Object.assign(p, { state: i.state, reason: i.reason });
    },
    async adoptionSetMatchState(i) {
      r.matchStates.push(i.state);
    },
    async adoptionAccepted(i) {
      r.child.state = 'matched';
      const a = r.adopters.get(i.adopterId);
      if (a) a.state = 'matched';
    },
    async adoptionCreateProgressTask(i) {
      r.tasks.push({ month: i.month, dueDate: i.dueDate });
    },
    async adoptionRecordDecision(i) {
      r.decisions.push(`${i.kind}:${i.decision.documentRef}`);
    },
    async adoptionRelease(i) {
      if (r.child.state !== 'withdrawn' && r.child.state !== 'archived') r.child.state = i.childState;
      const a = i.adopterId ? r.adopters.get(i.adopterId) : undefined;
      if (a?.state === 'matched') a.state = 'active';
    },
    async adoptionComplete(i) {
      r.child.state = 'archived';
      const a = r.adopters.get(i.adopterId);
      if (a) a.state = 'archived';
    },
  };
}

async function withWorker(r: Register, body: (env: TestWorkflowEnvironment) => Promise<void>): Promise<void> {
  const env = await createTimeSkippingEnv();
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: bundle,
      activities: activities(r),
    });
    await worker.runUntil(body(env));
  } finally {
    await env.teardown();
  }
}

function start(
  env: TestWorkflowEnvironment,
  id: string,
  extra: Partial<AdoptionMatchInput> = {},
): Promise<WorkflowHandle<typeof adoptionMatch>> {
  return env.client.workflow.start(adoptionMatch, {
    taskQueue: TASK_QUEUE,
    workflowId: id,
    args: [{ matchId: id, childId: 'child-1', startedBy: 'adopcija.lm', ...extra }],
  });
}

/** Polls the query (time does not skip meanwhile) until the predicate holds. */
async function waitFor(
  handle: WorkflowHandle<typeof adoptionMatch>,
  predicate: (s: AdoptionMatchStatus) => boolean,
): Promise<AdoptionMatchStatus> {
  const deadline = Date.now() + 30_000;
  let last: AdoptionMatchStatus | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(adoptionMatchStatus);
    if (predicate(last)) return last;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`condition not reached; last status ${JSON.stringify(last)}`);
}

const proposedTo = (adopterId: string) => (s: AdoptionMatchStatus) =>
  s.currentProposal?.adopterId === adopterId;

async function answer(
  handle: WorkflowHandle<typeof adoptionMatch>,
  adopterId: string,
  accept: boolean,
  reason = '',
): Promise<void> {
  const s = await waitFor(handle, proposedTo(adopterId));
  const proposalId = s.currentProposal?.proposalId ?? '';
  await handle.executeUpdate(answerProposal, { args: [{ proposalId, accept, reason }] });
}

describe('adoptionMatch workflow', () => {
  it(
    'takes the acquaintance rules pinned in its input at the start, not the defaults of the code',
    async () => {
      const r = register([{ id: 'lv-a', residence: 'LV', registeredAt: '2024-01-10' }]);
      await withWorker(r, async (env) => {
        // Without a pinned minimum the code's minimum (6 months) applies.
        const unpinned = await start(env, 'match-unpinned', { acquaintanceMonths: 3 });
        await expect(unpinned.result()).rejects.toThrow();
        const handle = await start(env, 'match-pinned', {
          acquaintanceMonths: 3,
          minimumAcquaintanceMonths: 3,
        });
        await answer(handle, 'lv-a', true);
        await waitFor(handle, (s) => s.state === 'acquaintance');
        await env.sleep('100 days');
        await waitFor(handle, (s) => s.state === 'awaiting-orphan-court');
        expect(r.tasks.map((t) => t.month)).toEqual([1, 2, 3]);
      });
    },
    TIMEOUT,
  );

  it(
    'accepted first proposal → 6-month acquaintance with monthly tasks → orphan court → court → archived',
    async () => {
      const r = register([
        { id: 'lv-a', residence: 'LV', registeredAt: '2024-01-10' },
        { id: 'lv-b', residence: 'LV', registeredAt: '2024-03-10' },
      ]);
      await withWorker(r, async (env) => {
        const handle = await start(env, 'match-accept');
        const first = await waitFor(handle, proposedTo('lv-a'));
        expect(first.state).toBe('proposing');
        // A wrong proposal id is rejected by the validator.
        await expect(
          handle.executeUpdate(answerProposal, { args: [{ proposalId: 'nope', accept: true }] }),
        ).rejects.toThrow();
        await answer(handle, 'lv-a', true);
        const acquainting = await waitFor(handle, (s) => s.state === 'acquaintance');
        expect(acquainting.acquaintanceUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(r.child.state).toBe('matched');
        expect(r.adopters.get('lv-a')?.state).toBe('matched');
        // The court's decision is refused before the orphan court's.
        await expect(
          handle.executeUpdate(recordCourtDecision, {
            args: [{ documentRef: 'T-1', decidedOn: '2026-12-01', approved: true }],
          }),
        ).rejects.toThrow();

        await env.sleep('200 days');
        await waitFor(handle, (s) => s.state === 'awaiting-orphan-court');
        expect(r.tasks.map((t) => t.month)).toEqual([1, 2, 3, 4, 5, 6]);
        await handle.executeUpdate(recordOrphanCourtDecision, {
          args: [{ documentRef: 'BT-2026/17', decidedOn: '2026-12-01', approved: true }],
        });
        await waitFor(handle, (s) => s.state === 'awaiting-court');
        await handle.executeUpdate(recordCourtDecision, {
          args: [{ documentRef: 'C-33-2026', decidedOn: '2027-01-10', approved: true }],
        });
        const done = await handle.result();
        expect(done.state).toBe('completed');
        expect(r.child.state).toBe('archived');
        expect(r.adopters.get('lv-a')?.state).toBe('archived');
        expect(r.adopters.get('lv-b')?.state).toBe('active');
        expect(r.decisions).toEqual(['orphan-court:BT-2026/17', 'court:C-33-2026']);
        expect([...r.proposals.values()].map((p) => p.state)).toEqual(['accepted']);
        await recordHistory(env.client, 'match-accept', 'accepted-then-court-decisions');
      });
    },
    TIMEOUT,
  );

  it(
    'a decline and a timeout (silence = decline after 14 days) move on to the next candidate',
    async () => {
      const r = register([
        { id: 'lv-a', residence: 'LV', registeredAt: '2024-01-10' },
        { id: 'lv-b', residence: 'LV', registeredAt: '2024-02-10' },
        { id: 'lv-c', residence: 'LV', registeredAt: '2024-03-10' },
      ]);
      await withWorker(r, async (env) => {
        const handle = await start(env, 'match-decline-timeout');
        await answer(handle, 'lv-a', false, 'nav iespējams');
        await waitFor(handle, proposedTo('lv-b'));
        await env.sleep('13 days');
        expect((await handle.query(adoptionMatchStatus)).currentProposal?.adopterId).toBe('lv-b');
        await env.sleep('2 days');
        const third = await waitFor(handle, proposedTo('lv-c'));
        expect(third.tried).toEqual([
          expect.objectContaining({ adopterId: 'lv-a', outcome: 'declined' }),
          expect.objectContaining({ adopterId: 'lv-b', outcome: 'expired' }),
        ]);
        const states = [...r.proposals.values()];
        expect(states[0]).toEqual(expect.objectContaining({ state: 'declined', reason: 'nav iespējams' }));
        expect(states[1]?.state).toBe('expired');
        expect(states[1]?.reason).toMatch(/no answer within 14 days/);
        // Everyone declines: no candidate left, the child stays in the active register.
        await answer(handle, 'lv-c', false);
        const end = await handle.result();
        expect(end.state).toBe('no-candidate');
        expect(r.child.state).toBe('active');
        await recordHistory(env.client, 'match-decline-timeout', 'declined-and-timed-out-no-candidate');
      });
    },
    TIMEOUT,
  );

  it(
    'proposes to a foreign adopter only after every eligible Latvian candidate declined',
    async () => {
      const r = register([
        { id: 'de-early', residence: 'DE', registeredAt: '2020-01-01' },
        { id: 'lv-late', residence: 'LV', registeredAt: '2025-06-01' },
        { id: 'lv-later', residence: 'LV', registeredAt: '2025-09-01' },
      ]);
      await withWorker(r, async (env) => {
        const handle = await start(env, 'match-latvia-first');
        await answer(handle, 'lv-late', false);
        await answer(handle, 'lv-later', false);
        const foreign = await waitFor(handle, proposedTo('de-early'));
        expect(foreign.tried.map((t) => t.adopterId)).toEqual(['lv-late', 'lv-later']);
        await answer(handle, 'de-early', true);
        await waitFor(handle, (s) => s.state === 'acquaintance');
        expect(r.adopters.get('de-early')?.state).toBe('matched');
        await handle.signal(withdrawChild, { reason: 'test finished' });
        expect((await handle.result()).state).toBe('withdrawn');
        await recordHistory(env.client, 'match-latvia-first', 'declined-then-accepted');
      });
    },
    TIMEOUT,
  );

  it(
    'a child withdrawn mid-proposal cancels the proposal and ends the match',
    async () => {
      const r = register([{ id: 'lv-a', residence: 'LV', registeredAt: '2024-01-10' }]);
      await withWorker(r, async (env) => {
        const handle = await start(env, 'match-withdrawn');
        await waitFor(handle, proposedTo('lv-a'));
        r.child.state = 'withdrawn'; // the API records the withdrawal, then signals
        await handle.signal(withdrawChild, { reason: 'bērns atgriezies ģimenē' });
        const end = await handle.result();
        expect(end.state).toBe('withdrawn');
        expect(end.tried).toEqual([expect.objectContaining({ adopterId: 'lv-a', outcome: 'cancelled' })]);
        expect([...r.proposals.values()][0]?.reason).toMatch(/child withdrawn: bērns atgriezies ģimenē/);
        expect(r.child.state).toBe('withdrawn');
        expect(r.adopters.get('lv-a')?.state).toBe('active');
        await recordHistory(env.client, 'match-withdrawn', 'child-withdrawn-mid-proposal');
      });
    },
    TIMEOUT,
  );

  it(
    'an adopter suspended during the acquaintance period re-matches the child with the next candidate',
    async () => {
      const r = register([
        { id: 'lv-a', residence: 'LV', registeredAt: '2024-01-10' },
        { id: 'lv-b', residence: 'LV', registeredAt: '2024-02-10' },
      ]);
      await withWorker(r, async (env) => {
        const handle = await start(env, 'match-rematch');
        await answer(handle, 'lv-a', true);
        await waitFor(handle, (s) => s.state === 'acquaintance');
        const a = r.adopters.get('lv-a');
        if (a) a.state = 'suspended';
        await handle.signal(adopterStatusChanged, { adopterId: 'lv-a', state: 'suspended' });
        const next = await waitFor(handle, proposedTo('lv-b'));
        expect(next.state).toBe('proposing');
        expect(r.child.state).toBe('active');
        expect(r.adopters.get('lv-a')?.state).toBe('suspended');
        await handle.signal(withdrawChild, { reason: 'test finished' });
        expect((await handle.result()).state).toBe('withdrawn');
        await recordHistory(env.client, 'match-rematch', 'adopter-suspended-rematched');
      });
    },
    TIMEOUT,
  );
});
