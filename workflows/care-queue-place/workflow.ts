/**
 * careQueuePlace (issue 22, BRIEF §4.13): a free place offered to the first suitable person of the region's queue.
 * The offer waits for the answer (recorded by LM or the person's social worker, then signalled) until the day after
 * its deadline; silence is a refusal without a reason (the request moves to the end of its group). After a refusal
 * the place is offered to the next request; an acceptance becomes a state-funded service decided by LM; when nobody
 * is left, the place goes back to the provider's free places.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CareQueueActivities } from '../../activities/care-queue.js';
import { addDays, msUntilRigaDate } from '../../domain/calendar.js';
import {
  careOfferAnswered,
  placeState,
  type CurrentOffer,
  type PlaceInput,
  type PlaceState,
} from './contract.js';

const { closeCareOffer, offerCarePlaceToNext, grantCarePlace } = proxyActivities<CareQueueActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 50,
  },
});

export async function careQueuePlace(input: PlaceInput): Promise<PlaceState> {
  let offer: CurrentOffer | null = input.offer;
  const offered = [input.offer.requestId];
  let outcome: PlaceState['outcome'] = 'open';
  let answered: { offerId: string; accepted: boolean } | null = null;
  setHandler(careOfferAnswered, (a) => {
    if (a.offerId === offer?.offerId) answered = a;
  });
  setHandler(placeState, () => ({ placeId: input.placeId, offer, offered: [...offered], outcome }));

  while (offer) {
    const current: CurrentOffer = offer;
    answered = null;
    await condition(() => answered !== null, msUntilRigaDate(addDays(current.dueBy, 1), Date.now(), 1_000));
    // Closes the offer as silence when no answer was recorded; otherwise reads the recorded answer.
    const closed = await closeCareOffer({ offerId: current.offerId });
    if (closed.state === 'accepted') {
      await grantCarePlace({ placeId: input.placeId, offerId: current.offerId });
      outcome = 'accepted';
      break;
    }
    offer = await offerCarePlaceToNext({ placeId: input.placeId });
    if (offer) offered.push(offer.requestId);
    else outcome = 'nobody-waiting';
  }
  await condition(allHandlersFinished);
  return { placeId: input.placeId, offer, offered, outcome };
}
