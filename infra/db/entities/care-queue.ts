import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A request for state-funded long-term social care (issue 22, BRIEF §4.13), submitted by a municipality's social
 * worker for a client and decided by LM. `activeKey` is `<personId>:<serviceType>` while the request is active (not
 * refused, not ended) and null afterwards: its unique constraint is what keeps one active request per person and
 * service type, also under concurrent submissions. The position in the queue is never stored: it is computed from
 * CareQueueEvent rows.
 */
export const CareQueueRequest = defineEntity({
  name: 'CareQueueRequest',
  tableName: 'care_queue_requests',
  indexes: [{ properties: ['serviceType', 'region', 'state'] }],
  properties: {
    id: p.string().length(36).primary(),
    caseId: p.string().length(36).index(),
    personId: p.string().length(36).index(),
    municipalityCode: p.string().length(7),
    serviceType: p.string().length(40),
    region: p.string().length(20),
    /** submitted | documents-requested | queued | refused | ended */
    state: p.string().length(30),
    activeKey: p.string().length(80).nullable().unique(),
    priorityGroup: p.integer().nullable(),
    priorityReason: p.string().length(1000).nullable(),
    countingDate: p.string().length(10).nullable(),
    decisionReason: p.string().length(1000).nullable(),
    endReason: p.string().length(30).nullable(),
    submittedBy: p.string().length(100),
    submittedAt: p.datetime(),
    decidedBy: p.string().length(100).nullable(),
    decidedAt: p.datetime().nullable(),
  },
});
export type ICareQueueRequest = InferEntity<typeof CareQueueRequest>;

/** What happened to a queued request, effective on `on` (the queue on any date is replayed from these). */
export const CareQueueEvent = defineEntity({
  name: 'CareQueueEvent',
  tableName: 'care_queue_events',
  indexes: [{ properties: ['serviceType', 'on'] }],
  properties: {
    id: p.string().length(36).primary(),
    /** Insertion order among events of the same date. */
    seq: p.integer().unique(),
    requestId: p.string().length(36).index(),
    serviceType: p.string().length(40),
    kind: p.string().length(30),
    on: p.string().length(10),
    data: p.json<Record<string, unknown>>(),
    recordedBy: p.string().length(100),
    recordedAt: p.datetime(),
  },
});
export type ICareQueueEvent = InferEntity<typeof CareQueueEvent>;

/** A free place of a provider offered to the first suitable request of the region's queue. */
export const CareQueueOffer = defineEntity({
  name: 'CareQueueOffer',
  tableName: 'care_queue_offers',
  properties: {
    id: p.string().length(36).primary(),
    /** The place: every offer of the same free place shares it (and its `careQueuePlace` workflow). */
    placeId: p.string().length(36).index(),
    requestId: p.string().length(36).index(),
    providerId: p.string().length(36),
    serviceType: p.string().length(40),
    region: p.string().length(20),
    dueBy: p.string().length(10),
    /** open | accepted | refused | expired */
    state: p.string().length(20),
    reason: p.string().length(1000).nullable(),
    reasonAccepted: p.boolean().nullable(),
    answeredBy: p.string().length(100).nullable(),
    offeredBy: p.string().length(100),
    createdAt: p.datetime(),
    answeredAt: p.datetime().nullable(),
  },
});
export type ICareQueueOffer = InferEntity<typeof CareQueueOffer>;
