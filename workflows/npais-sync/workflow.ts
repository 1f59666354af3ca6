/**
 * npaisSync (issue 7): run by a Temporal Schedule (every 15 minutes). Pulls new orphan-court placement decisions
 * from NPAIS (activity) and starts one `placementReview` per active placement as an abandoned child workflow with
 * the placement's own workflow id — a placement already watched is never started twice (duplicate ids rejected).
 */
import { ParentClosePolicy, proxyActivities, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
// The failure class the SDK throws for a duplicate child workflow id (not re-exported by @temporalio/workflow).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { NpaisSyncActivities, NpaisSyncInput } from '../../activities/placements.js';
import { placementReviewWorkflowId } from '../placement-review/contract.js';
import { placementReview } from '../placement-review/workflow.js';
import { REGISTRY_ACTIVITY_OPTIONS } from '../registry-policies.js';
import type { NpaisSyncSummary } from './contract.js';

const { syncNpaisDecisions } = proxyActivities<NpaisSyncActivities>({
  ...REGISTRY_ACTIVITY_OPTIONS.npais,
  startToCloseTimeout: '5 minutes',
});

export async function npaisSync(input: NpaisSyncInput = {}): Promise<NpaisSyncSummary> {
  const result = await syncNpaisDecisions(input);
  let started = 0;
  let alreadyRunning = 0;
  for (const placement of result.placements) {
    try {
      await startChild(placementReview, {
        workflowId: placementReviewWorkflowId(placement.placementId),
        args: [placement],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      started += 1;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) alreadyRunning += 1;
      else throw err;
    }
  }
  return {
    since: result.since,
    decisions: result.decisions,
    created: result.created,
    started,
    alreadyRunning,
  };
}
