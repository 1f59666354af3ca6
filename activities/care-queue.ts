/** Activities of the careQueuePlace workflow: thin wrappers over the queue's offers. */
import { rigaToday } from '../infra/clock.js';
import type { Orm } from '../infra/db/orm.js';
import { closeOfferAfterWait, grantPlace, offerToNext } from '../services/care-queue/offers.js';
import type { CurrentOffer, OfferOutcome } from '../workflows/care-queue-place/contract.js';

/** `today` is Riga's date by the clock the workflows run on (a test passes the test server's). */
export function createCareQueueActivities(deps: { orm: Orm; today?: () => string | Promise<string> }) {
  const today = deps.today ?? (() => rigaToday());
  return {
    async closeCareOffer(input: { offerId: string }): Promise<OfferOutcome> {
      return closeOfferAfterWait(deps.orm.em.fork(), input.offerId, await today());
    },
    async offerCarePlaceToNext(input: { placeId: string }): Promise<CurrentOffer | null> {
      return offerToNext(deps.orm.em.fork(), input.placeId, await today());
    },
    async grantCarePlace(input: { placeId: string; offerId: string }): Promise<void> {
      await grantPlace(deps.orm.em.fork(), input.offerId);
    },
  };
}

export type CareQueueActivities = ReturnType<typeof createCareQueueActivities>;
