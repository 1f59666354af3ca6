/**
 * meansTestCycle on the time-skipping server (harness: means-test-harness.ts): the real registry activities against
 * the real simulator and the real bank callback route; the means-test and alert activities are in-memory fakes that
 * record what the workflow asked for.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { bundleTestWorkflows } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';
import { registryCheckStatus } from '../../workflows/registry-check/contract.js';
import {
  correctMeansDeclaration,
  decideMeansTest,
  meansTestUpdateRejectionOf,
  reapplyMeansTest,
  reportSituationChange,
} from '../../workflows/means-test/contract.js';
import { CLOSE_EXPIRY_TASK_PATCH, PINNED_RULES_PATCH } from '../../workflows/means-test/workflow.js';
import { isoMonthOf } from '../../domain/calendar.js';
import { call } from '../unit/registries/support/http.js';
import { approve, inState, patchMarkers, start, waitFor, withHarness } from './means-test-harness.js';

const TIMEOUT = 240_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('tests/workflows/means-test-workflows.ts');
}, TIMEOUT);

describe('meansTestCycle workflow', () => {
  it(
    'runs a full cycle through two re-evaluations with corrections kept in history',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'mt-full');
        const drafted = await waitFor(handle, inState('awaiting-decision'));
        const decl = drafted.current.declaration!;
        expect(decl.members.map((m) => m.personId)[0]).toBe('h3-kalnina-olga');
        expect(decl.members.length).toBeGreaterThan(1);
        expect(decl.months).toHaveLength(3);
        expect(decl.members[0]!.evidence.vid ?? decl.members[0]!.evidence.vsaa).toEqual(expect.any(String));
        expect(decl.banksNotAnswered).toEqual([]);

        // a correction needs a reason (a typed rejection naming the field); with one it is kept and recalculated
        const noReason = await handle
          .executeUpdate(correctMeansDeclaration, {
            args: [{ field: 'savingsEur', value: 0, reason: '', by: 'soc.riga' }],
          })
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(noReason).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(meansTestUpdateRejectionOf((noReason as WorkflowUpdateFailedError).cause)).toEqual({
          code: 'invalid',
          issues: [{ path: 'reason', message: 'a correction needs a reason' }],
        });
        const corrected = await handle.executeUpdate(correctMeansDeclaration, {
          args: [
            {
              field: 'monthlyIncomeEur',
              memberId: 'h3-kalnina-olga',
              value: 0,
              reason: 'Darba attiecības beigušās',
              by: 'soc.riga',
            },
          ],
        });
        expect(corrected.current.corrections).toHaveLength(1);
        expect(corrected.current.result?.status).toBe('needy');

        const active = await approve(handle, 1);
        expect(active.validity?.validFrom).toBe(`${isoMonthOf(drafted.current.applicationDate)}-01`);
        expect(active.current.entitlements.length).toBe(3);

        await handle.executeUpdate(reapplyMeansTest, { args: [{ by: 'soc.riga' }] });
        await approve(handle, 2);
        await handle.executeUpdate(reapplyMeansTest, { args: [{ by: 'soc.riga' }] });
        const third = await approve(handle, 3);

        expect(third.history.map((e) => [e.evaluationNo, e.decision?.decision, e.endReason])).toEqual([
          [1, 'approve', 'reapplied'],
          [2, 'approve', 'reapplied'],
        ]);
        expect(third.history[0]?.corrections).toHaveLength(1);
        expect(h.rec.decisions.map((d) => d.evaluationNo)).toEqual([1, 2, 3]);
        expect(h.rec.declarations.map((d) => d.evaluationNo)).toEqual([1, 2, 3]);
        await recordHistory(h.env.client, 'mt-full', 'approved-reapplied-twice');
        await recordHistory(h.env.client, 'mt-full-household-1', 'child-household-of-means-test');
        await recordHistory(h.env.client, 'mt-full-registries-1', 'child-registries-of-means-test');
      }),
    TIMEOUT,
  );

  it(
    'reminds 14 days before validTo and expires without a new declaration',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'mt-expiry');
        const active = await approve(handle, 1);
        const validTo = active.validity!.validTo;
        await h.env.sleep('100 days');
        const result = await handle.result();
        expect(result.state).toBe('expired');
        expect(result.current.endedOn).toBe(validTo);
        expect(h.rec.reminders).toEqual([{ evaluationNo: 1, validTo }]);
        // the reminder's task is closed with the status (patch means-test-close-expiry-task)
        expect(h.rec.closedTasks).toEqual([{ evaluationNo: 1, reason: 'expired' }]);
        expect(h.rec.states.map((s) => s.state)).toEqual(
          expect.arrayContaining(['collecting', 'awaiting-decision', 'active', 'expiring', 'expired']),
        );
        await recordHistory(h.env.client, 'mt-expiry', 'approved-expiring-expired');
      }),
    TIMEOUT,
  );

  it(
    'a new declaration after the reminder continues the cycle; the old status stays valid until validTo',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'mt-expiring-reapply');
        const active = await approve(handle, 1);
        const validTo = active.validity!.validTo;
        // a week before validTo: past the reminder (14 days before), before the end
        const weekBefore = Date.parse(`${validTo}T12:00:00Z`) - 7 * 86_400_000;
        await h.env.sleep(weekBefore - (await h.env.currentTimeMs()));
        const expiring = await waitFor(handle, inState('expiring'));
        expect(expiring.current.reminder).toEqual({ taskId: 'task-1', letterDocumentId: 'reminder-1' });
        expect(h.rec.reminders).toEqual([{ evaluationNo: 1, validTo }]);
        await handle.executeUpdate(reapplyMeansTest, { args: [{ by: 'soc.riga' }] });
        const second = await waitFor(handle, inState('awaiting-decision', 2));
        expect(second.current.trigger).toBe('reapply');
        expect(second.history[0]).toMatchObject({ endReason: 'reapplied', endedOn: validTo });
        expect(second.validity?.validTo).toBe(validTo);
        // the reminder's task is closed as answered, once (patch means-test-close-expiry-task, marker in history)
        expect(h.rec.closedTasks).toEqual([{ evaluationNo: 1, reason: 'reapplied' }]);
        const firstRun = await h.env.client.workflow
          .getHandle('mt-expiring-reapply', handle.firstExecutionRunId)
          .fetchHistory();
        expect(patchMarkers(firstRun)).toEqual([CLOSE_EXPIRY_TASK_PATCH, PINNED_RULES_PATCH]);
        await recordHistory(h.env.client, 'mt-expiring-reapply', 'approved-expiring-reapplied');
      }),
    TIMEOUT,
  );

  it(
    're-evaluates at once on a change of situation mid-period',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'mt-change');
        await approve(handle, 1);
        await expect(
          handle.executeUpdate(reportSituationChange, { args: [{ by: 'soc.riga' }] }),
        ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
        await handle.executeUpdate(reportSituationChange, {
          args: [{ reason: 'Klientei ir jauns darbs', by: 'soc.riga' }],
        });
        const second = await waitFor(handle, inState('awaiting-decision', 2));
        expect(second.current.trigger).toBe('change');
        expect(second.history[0]?.endReason).toBe('situation-changed');
        await handle.executeUpdate(decideMeansTest, {
          args: [{ decision: 'refuse', reason: 'Ienākumi pārsniedz slieksni', by: 'soc.riga' }],
        });
        const result = await handle.result();
        expect(result.state).toBe('refused');
        expect(h.rec.reminders).toEqual([]);
        expect(h.rec.closedTasks).toEqual([]); // no reminder, no task to close
        await recordHistory(h.env.client, 'mt-change', 'change-reported-then-refused');
      }),
    TIMEOUT,
  );

  it(
    'alerts the supervisor 5 days before the decision deadline, and again once it has passed',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'mt-deadline');
        const drafted = await waitFor(handle, inState('awaiting-decision'));
        await h.env.sleep('27 days');
        const alerted = await waitFor(handle, (v) => v.current.alerts.length >= 1);
        expect(alerted.current.alerts[0]).toMatchObject({
          kind: 'due-soon',
          dueDate: drafted.current.decisionDeadline,
        });
        await h.env.sleep('6 days');
        await waitFor(handle, (v) => v.current.alerts.length >= 2);
        expect(h.rec.alerts.map((a) => a.kind)).toEqual(['due-soon', 'overdue']);
        await handle.executeUpdate(decideMeansTest, { args: [{ decision: 'approve', by: 'vad.riga' }] });
        await waitFor(handle, inState('active'));
        await recordHistory(h.env.client, 'mt-deadline', 'decision-alerts-then-approved');
      }),
    TIMEOUT,
  );

  it(
    'drafts the declaration without a bank that never answers, marked',
    () =>
      withHarness(bundle, async (h) => {
        await call(`${h.sim.url}/_admin/banks/HABALV22`, 'PUT', { neverAnswer: true });
        const handle = await start(h, 'mt-silent-bank', { bankDeadline: '2 hours' });
        // Once the registry check has asked the bank (its request is pending), skip past the deadline.
        const child = h.env.client.workflow.getHandle('mt-silent-bank-registries-1');
        const deadline = Date.now() + 60_000;
        for (;;) {
          const status = await child.query(registryCheckStatus).catch(() => null);
          if (status?.bankRequests.some((r) => r.bankCode === 'HABALV22' && r.status === 'pending')) break;
          if (Date.now() > deadline) throw new Error(`the bank was never asked: ${JSON.stringify(status)}`);
          await new Promise((r) => setTimeout(r, 25));
        }
        await h.env.sleep('3 hours');
        const drafted = await waitFor(handle, inState('awaiting-decision'));
        expect(drafted.current.declaration?.banksNotAnswered).toEqual(['HABALV22']);
        expect(h.rec.declarations[0]?.banksNotAnswered).toEqual(['HABALV22']);
        await recordHistory(h.env.client, 'mt-silent-bank', 'silent-bank-left-out');
        await recordHistory(h.env.client, 'mt-silent-bank-registries-1', 'child-bank-timeout');
      }),
    TIMEOUT,
  );
});
