/**
 * The contract of `careQueuePlace` (issue 22): one workflow per free place a provider reported and LM offered, id
 * `care-queue-place-<placeId>`. The place is offered to the first suitable request of the region's queue; the offer
 * waits for an answer until its deadline (silence is a refusal); a refusal offers it to the next; an acceptance
 * becomes a state-funded service decided by LM.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const CARE_QUEUE_PLACE_WORKFLOW = 'careQueuePlace';
export const careQueuePlaceWorkflowId = (placeId: string): string => `care-queue-place-${placeId}`;

export interface CurrentOffer {
  offerId: string;
  requestId: string;
  /** The last day to answer. */
  dueBy: string;
}

export interface PlaceInput {
  placeId: string;
  offer: CurrentOffer;
}

/** Sent after the answer is recorded in the register (the workflow only moves on). */
export const careOfferAnswered = defineSignal<[{ offerId: string; accepted: boolean }]>('careOfferAnswered');

export interface PlaceState {
  placeId: string;
  offer: CurrentOffer | null;
  offered: string[];
  outcome: 'open' | 'accepted' | 'nobody-waiting';
}
export const placeState = defineQuery<PlaceState>('placeState');

/** What the workflow asks of the register (implemented in `activities/care-queue.ts`). */
export interface OfferOutcome {
  /** The offer's final state: accepted, refused, or expired (silence, recorded by the workflow's deadline). */
  state: 'accepted' | 'refused' | 'expired';
}
