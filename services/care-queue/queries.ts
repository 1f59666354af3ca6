/**
 * The queue as it stood on any date (issue 22): replayed from the recorded events, never from a stored position.
 * Items carry the request id, position, priority group and counting date only (no person).
 */
import { queueOn, type QueueItem } from '../../domain/care-queue/index.js';
import { CareQueueOffer, CareQueueRequest, Provider } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { queueEventsOf } from './events.js';

export async function queueItems(
  em: Em,
  serviceType: string,
  region: string,
  date: string,
): Promise<QueueItem[]> {
  return queueOn(await queueEventsOf(em, serviceType, date), serviceType, region, date);
}

/** How many wait in a region per queue service type (what a provider sees next to its free places). */
export async function waitingIn(em: Em, serviceTypes: readonly string[], region: string, date: string) {
  const out: Record<string, number> = {};
  for (const t of serviceTypes) out[t] = (await queueItems(em, t, region, date)).length;
  return out;
}

export interface PersonQueuePosition {
  requestId: string;
  serviceType: string;
  region: string;
  position: number;
  waiting: number;
}

/** A person's positions in the queues on `date` (for the citizen portal: the person's own requests only). */
export async function positionsOfPerson(
  em: Em,
  personId: string,
  date: string,
): Promise<PersonQueuePosition[]> {
  const requests = await em.find(CareQueueRequest, { personId, state: 'queued' });
  const out: PersonQueuePosition[] = [];
  for (const r of requests) {
    const items = await queueItems(em, r.serviceType, r.region, date);
    const mine = items.find((i) => i.requestId === r.id);
    if (mine)
      out.push({
        requestId: r.id,
        serviceType: r.serviceType,
        region: r.region,
        position: mine.position,
        waiting: items.length,
      });
  }
  return out;
}

/** LM's desk on the queue screen: requests waiting for a decision, open offers, providers with free places. */
export async function queueDesk(em: Em, serviceType: string) {
  const pending = await em.find(
    CareQueueRequest,
    { state: { $in: ['submitted', 'documents-requested'] } },
    { orderBy: { submittedAt: 'asc' }, limit: 200 },
  );
  const offers = await em.find(CareQueueOffer, { state: 'open' }, { orderBy: { dueBy: 'asc' } });
  const providers = (
    await em.find(Provider, { state: 'registered' }, { orderBy: { legalName: 'asc' } })
  ).filter((p) => (p.freePlaces?.[serviceType] ?? 0) > 0);
  return { pending, offers, providers };
}
