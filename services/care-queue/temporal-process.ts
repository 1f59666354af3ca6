/** Offers of free places on Temporal: one `careQueuePlace` workflow per place. */
import type { Client } from '@temporalio/client';
import {
  CARE_QUEUE_PLACE_WORKFLOW,
  careOfferAnswered,
  careQueuePlaceWorkflowId,
  type PlaceInput,
} from '../../workflows/care-queue-place/contract.js';
import type { PlaceProcess } from './process.js';

export function temporalPlaceProcess(client: Client, taskQueue: string): PlaceProcess {
  return {
    async placeOffered(placeId, offer) {
      const input: PlaceInput = { placeId, offer };
      await client.workflow.start(CARE_QUEUE_PLACE_WORKFLOW, {
        workflowId: careQueuePlaceWorkflowId(placeId),
        taskQueue,
        args: [input],
      });
    },
    async offerAnswered(placeId, offerId, accepted) {
      await client.workflow
        .getHandle(careQueuePlaceWorkflowId(placeId))
        .signal(careOfferAnswered, { offerId, accepted });
    },
  };
}
