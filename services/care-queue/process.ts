/**
 * The port through which offers reach their `careQueuePlace` workflow: a new place starts one; a recorded answer
 * signals it. The Temporal implementation is in `temporal-process.ts`; tests may pass none.
 */
import type { CurrentOffer } from '../../workflows/care-queue-place/contract.js';

export interface PlaceProcess {
  placeOffered(placeId: string, offer: CurrentOffer): Promise<void>;
  offerAnswered(placeId: string, offerId: string, accepted: boolean): Promise<void>;
}
