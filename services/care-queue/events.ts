/** The queue's recorded events: appended in order (a global sequence), read back as the domain's QueueEvent. */
import type { QueueEvent } from '../../domain/care-queue/index.js';
import { CareQueueEvent, type ICareQueueEvent } from '../../infra/db/entities/index.js';
import { nextCounterValue, type Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';

type Body<K extends QueueEvent['kind']> = Omit<Extract<QueueEvent, { kind: K }>, 'kind' | 'requestId' | 'on'>;

export async function appendQueueEvent<K extends QueueEvent['kind']>(
  em: Em,
  e: { kind: K; requestId: string; serviceType: string; on: string; data: Body<K>; by: string },
): Promise<void> {
  em.create(CareQueueEvent, {
    id: newId(),
    seq: await nextCounterValue(em, 'care-queue-event'),
    requestId: e.requestId,
    serviceType: e.serviceType,
    kind: e.kind,
    on: e.on,
    data: e.data as Record<string, unknown>,
    recordedBy: e.by,
    recordedAt: new Date(),
  });
}

export function toQueueEvent(row: ICareQueueEvent): QueueEvent {
  return { ...(row.data as object), kind: row.kind, requestId: row.requestId, on: row.on } as QueueEvent;
}

/** Every event of a service type up to `date`, in recorded order. */
export async function queueEventsOf(em: Em, serviceType: string, date: string): Promise<QueueEvent[]> {
  const rows = await em.find(
    CareQueueEvent,
    { serviceType, on: { $lte: date } },
    { orderBy: { seq: 'asc' } },
  );
  return rows.map(toQueueEvent);
}
