/**
 * Rules pinned at the start (issue 15): a cycle is judged by the rule set in force on its application date, carried
 * in its input (the service resolves it at start); a re-evaluation resolves the rule set in force on its own date
 * through the resolveMeansTestRules activity. A table entry that takes effect later changes only the evaluations
 * from its date on. (That replay never reads the bundle's table: tests/workflows/replay.test.ts.)
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleTestWorkflows } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';
import { reportSituationChange } from '../../workflows/means-test/contract.js';
import { PINNED_RULES_PATCH } from '../../workflows/means-test/workflow.js';
import { addDays, calendarDateInZone } from '../../domain/calendar.js';
import { MEANS_TEST_RULE_TABLES } from '../../domain/means-test/rule-set.js';
import { MEANS_TEST_THRESHOLDS } from '../../domain/means-test/thresholds.js';
import { approve, inState, patchMarkers, start, waitFor, withHarness } from './means-test-harness.js';

const TIMEOUT = 240_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('tests/workflows/means-test-workflows.ts');
}, TIMEOUT);

describe('meansTestCycle: the rules in force', () => {
  it(
    'a re-evaluation uses the thresholds in force on its own date; the first evaluation keeps its own',
    async () => {
      // A threshold entry that takes effect 20 days after the application (a table correction published later).
      const from = addDays(calendarDateInZone(new Date()), 20);
      const later = { effectiveFrom: from, gmi: { firstEur: 1000, otherEur: 1000 } };
      const tables = {
        ...MEANS_TEST_RULE_TABLES,
        thresholds: [
          ...MEANS_TEST_THRESHOLDS,
          {
            ...later,
            needy: { firstEur: 2000, otherEur: 2000 },
            lowIncomeMaximum: { firstEur: 3000, otherEur: 3000 },
          },
        ],
      };
      await withHarness(
        bundle,
        async (h) => {
          const handle = await start(h, 'mt-rules');
          const first = await approve(handle, 1);
          const members = first.current.declaration!.members.length;
          // The rule set in force on the application date (the real table; the later entry is not yet in force).
          const inForce = MEANS_TEST_THRESHOLDS[MEANS_TEST_THRESHOLDS.length - 1]!;
          expect(first.current.result?.thresholds.gmiEur).toBe(
            inForce.gmi.firstEur + inForce.gmi.otherEur * (members - 1),
          );
          expect(h.rec.rulesResolved).toEqual([]); // carried in the input from the start

          await h.env.sleep('40 days');
          await handle.executeUpdate(reportSituationChange, {
            args: [{ reason: 'Mainījies mājsaimniecības sastāvs', by: 'soc.riga' }],
          });
          const second = await waitFor(handle, inState('awaiting-decision', 2));
          const changeDate = second.current.applicationDate;
          expect(changeDate >= from).toBe(true);
          expect(h.rec.rulesResolved).toEqual([changeDate]);
          expect(second.current.result?.thresholds.gmiEur).toBe(
            1000 * second.current.declaration!.members.length,
          );
          // The first evaluation's decision stands as it was taken.
          expect(second.history[0]?.result?.thresholds.gmiEur).toBe(first.current.result?.thresholds.gmiEur);

          const firstRun = await h.env.client.workflow
            .getHandle('mt-rules', handle.firstExecutionRunId)
            .fetchHistory();
          expect(patchMarkers(firstRun)).toEqual([PINNED_RULES_PATCH]);
          await recordHistory(h.env.client, 'mt-rules', 'change-under-later-thresholds');
        },
        tables,
      );
    },
    TIMEOUT,
  );
});
