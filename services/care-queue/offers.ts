/**
 * Offers of free places (issue 22, BRIEF §4.13). LM offers a place a provider reported to the first suitable request
 * of the region's queue (not one that already refused this place, nor one with an open offer); the person has 14
 * days. A refusal with a reason LM accepts keeps the position; any other refusal — and silence, closed by the place's
 * workflow — moves the request to the end of its group. An acceptance ends the request in the queue and becomes a
 * state-funded service decided by LM (a task for the municipality to start the delivery through the case).
 */
import { addDays } from '../../domain/calendar.js';
import { careQueueRulesOn } from '../../domain/care-queue/index.js';
import { certificateOn, offersIn } from '../../domain/providers/index.js';
import { municipalitiesOf, type PlanningRegion } from '../../domain/specialists/planning-regions.js';
import {
  CareQueueOffer,
  CareQueueRequest,
  Provider,
  ProviderCertificate,
  type ICareQueueOffer,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import type { CurrentOffer, OfferOutcome } from '../../workflows/care-queue-place/contract.js';
import { DomainError, invalid, notFound } from '../errors.js';
import { createTask } from '../tasks.js';
import type { CareQueueDeps } from './commands.js';
import { appendQueueEvent } from './events.js';
import type { PlaceProcess } from './process.js';
import { queueItems } from './queries.js';
import { auditQueue, isLm, seesRequest, type CareQueueActor } from './scope.js';

export interface OfferDeps extends CareQueueDeps {
  process?: PlaceProcess;
}

export interface OfferView {
  id: string;
  requestId: string;
  dueBy: string;
}

/** The first request of the queue on `today` the place may go to. */
async function nextCandidate(
  em: Em,
  placeId: string | null,
  serviceType: string,
  region: string,
  today: string,
) {
  const items = await queueItems(em, serviceType, region, today);
  const tried = placeId ? (await em.find(CareQueueOffer, { placeId })).map((o) => o.requestId) : [];
  const open = (await em.find(CareQueueOffer, { state: 'open', serviceType })).map((o) => o.requestId);
  return items.find((i) => !tried.includes(i.requestId) && !open.includes(i.requestId)) ?? null;
}

async function createOffer(
  em: Em,
  place: { placeId: string; providerId: string; serviceType: string; region: string },
  requestId: string,
  today: string,
  by: string,
): Promise<ICareQueueOffer> {
  return em.create(CareQueueOffer, {
    id: newId(),
    ...place,
    requestId,
    dueBy: addDays(today, careQueueRulesOn(today).offerAcceptDays),
    state: 'open',
    reason: null,
    reasonAccepted: null,
    answeredBy: null,
    offeredBy: by,
    createdAt: new Date(),
    answeredAt: null,
  });
}

export async function offerPlace(
  deps: OfferDeps,
  actor: CareQueueActor,
  input: { serviceType: string; region: string; providerId: string },
): Promise<OfferView> {
  if (!isLm(actor)) throw new DomainError('forbidden', 'only LM offers places');
  const p = await deps.em.findOne(Provider, { id: input.providerId });
  if (!p) throw invalid([{ path: 'providerId', message: 'no such provider' }]);
  const certificates = await deps.em.find(ProviderCertificate, { providerId: p.id });
  if (!certificateOn({ certificates, withdrawnOn: p.withdrawnOn ?? null }, deps.today))
    throw invalid([{ path: 'providerId', message: 'the provider is not active in the register' }]);
  if (!offersIn(p.addresses, input.serviceType, municipalitiesOf(input.region as PlanningRegion)))
    throw invalid([
      { path: 'providerId', message: 'the provider does not offer this service in the region' },
    ]);
  if ((p.freePlaces?.[input.serviceType] ?? 0) < 1)
    throw invalid([{ path: 'providerId', message: 'the provider has reported no free place of this type' }]);
  const candidate = await nextCandidate(deps.em, null, input.serviceType, input.region, deps.today);
  if (!candidate) throw new DomainError('conflict', 'nobody is waiting in this queue');
  const placeId = newId();
  const offer = await deps.em.transactional(async (tx) => {
    const provider = await tx.findOneOrFail(Provider, { id: p.id });
    provider.freePlaces = {
      ...(provider.freePlaces ?? {}),
      [input.serviceType]: (provider.freePlaces?.[input.serviceType] ?? 1) - 1,
    };
    const o = await createOffer(tx, { placeId, ...input }, candidate.requestId, deps.today, actor.username);
    await tx.flush();
    const r = await tx.findOneOrFail(CareQueueRequest, { id: candidate.requestId });
    await auditQueue(tx, actor, 'care-queue.offer', r, { offerId: o.id, providerId: p.id, dueBy: o.dueBy });
    return o;
  });
  await deps.process?.placeOffered(placeId, {
    offerId: offer.id,
    requestId: offer.requestId,
    dueBy: offer.dueBy,
  });
  return { id: offer.id, requestId: offer.requestId, dueBy: offer.dueBy };
}

export interface Answer {
  accept: boolean;
  reason?: string | null | undefined;
  reasonAccepted?: boolean | undefined;
}

/** Records the person's answer (LM, or the social worker of the person's municipality) and tells the place. */
export async function answerOffer(
  deps: OfferDeps,
  actor: CareQueueActor,
  offerId: string,
  input: Answer,
): Promise<{ id: string; state: string }> {
  const o = await deps.em.findOne(CareQueueOffer, { id: offerId });
  const r = o ? await deps.em.findOne(CareQueueRequest, { id: o.requestId }) : null;
  if (!o || !r || !seesRequest(actor, r)) throw notFound('offer');
  if (o.state !== 'open') throw new DomainError('conflict', `the offer is already ${o.state}`);
  if (!input.accept && input.reasonAccepted && !isLm(actor))
    throw invalid([{ path: 'reasonAccepted', message: 'only LM accepts a reason for a refusal' }]);
  if (!input.accept && input.reasonAccepted && !input.reason?.trim())
    throw invalid([{ path: 'reason', message: 'an accepted reason must be stated' }]);
  const state = await closeOffer(deps.em, o.id, deps.today, actor.username, input);
  if (state === null) throw new DomainError('conflict', 'the offer was closed meanwhile');
  await auditQueue(deps.em, actor, 'care-queue.answer', r, { offerId: o.id, accept: input.accept });
  await deps.process?.offerAnswered(o.placeId, o.id, input.accept);
  return { id: o.id, state };
}

/**
 * Closes an open offer with an answer (or, without one, as silence on the day after the deadline). Returns the new
 * state, or null when the offer was no longer open (closed by the other path).
 */
async function closeOffer(
  em: Em,
  offerId: string,
  on: string,
  by: string,
  answer: Answer | null,
): Promise<OfferOutcome['state'] | null> {
  return em.transactional(async (tx) => {
    const o = await tx.findOneOrFail(CareQueueOffer, { id: offerId });
    if (o.state !== 'open') return null;
    const r = await tx.findOneOrFail(CareQueueRequest, { id: o.requestId });
    const state: OfferOutcome['state'] = answer === null ? 'expired' : answer.accept ? 'accepted' : 'refused';
    Object.assign(o, {
      state,
      reason: answer?.reason?.trim() || null,
      reasonAccepted: answer && !answer.accept ? Boolean(answer.reasonAccepted) : null,
      answeredBy: by,
      answeredAt: new Date(),
    });
    if (state === 'accepted') {
      Object.assign(r, { state: 'accepted', activeKey: null, endReason: 'accepted' });
      await appendQueueEvent(tx, {
        kind: 'ended',
        requestId: r.id,
        serviceType: r.serviceType,
        on,
        data: { reason: 'accepted' },
        by,
      });
    } else {
      await appendQueueEvent(tx, {
        kind: 'offer-refused',
        requestId: r.id,
        serviceType: r.serviceType,
        on,
        data: { reasonAccepted: state === 'refused' && Boolean(answer?.reasonAccepted) },
        by,
      });
    }
    await tx.flush();
    return state;
  });
}

/** The workflow's view of an offer after its wait: the recorded answer, or silence recorded now. */
export async function closeOfferAfterWait(em: Em, offerId: string, today: string): Promise<OfferOutcome> {
  const o = await em.findOneOrFail(CareQueueOffer, { id: offerId });
  if (o.state !== 'open') return { state: o.state as OfferOutcome['state'] };
  const state = await closeOffer(em, offerId, today, 'system', null);
  const fresh = await em.fork().findOneOrFail(CareQueueOffer, { id: offerId });
  return { state: state ?? (fresh.state as OfferOutcome['state']) };
}

/** The place goes to the next request, or — when nobody is left — back to the provider's free places. */
export async function offerToNext(em: Em, placeId: string, today: string): Promise<CurrentOffer | null> {
  const first = await em.findOne(CareQueueOffer, { placeId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  if (!first) throw new Error(`no offers of place ${placeId}`);
  const open = await em.findOne(CareQueueOffer, { placeId, state: 'open' });
  if (open) return { offerId: open.id, requestId: open.requestId, dueBy: open.dueBy }; // a retried activity
  const candidate = await nextCandidate(em, placeId, first.serviceType, first.region, today);
  return em.transactional(async (tx) => {
    if (!candidate) {
      const p = await tx.findOneOrFail(Provider, { id: first.providerId });
      p.freePlaces = {
        ...(p.freePlaces ?? {}),
        [first.serviceType]: (p.freePlaces?.[first.serviceType] ?? 0) + 1,
      };
      await tx.flush();
      return null;
    }
    const place = {
      placeId,
      providerId: first.providerId,
      serviceType: first.serviceType,
      region: first.region,
    };
    const o = await createOffer(tx, place, candidate.requestId, today, 'system');
    await tx.flush();
    return { offerId: o.id, requestId: o.requestId, dueBy: o.dueBy };
  });
}

/**
 * An accepted place: the state-funded service is decided by LM. The municipality gets a task on the person's case to
 * start the delivery with the provider (idempotent by the offer).
 */
export async function grantPlace(em: Em, offerId: string): Promise<void> {
  const o = await em.findOneOrFail(CareQueueOffer, { id: offerId });
  const r = await em.findOneOrFail(CareQueueRequest, { id: o.requestId });
  const p = await em.findOneOrFail(Provider, { id: o.providerId });
  await createTask(em, {
    idempotencyKey: `care-queue-granted:${o.id}`,
    municipalityCode: r.municipalityCode,
    caseId: r.caseId,
    kind: 'care-queue-place-granted',
    title: `LM piešķīra valsts finansētu ilgstošu sociālo aprūpi: ${p.legalName}`,
    description: `Klients pieņēma vietu (${r.serviceType}) pie sniedzēja ${p.legalName} (${p.code}). Uzsāciet pakalpojumu lietā.`,
    source: `care-queue:${r.id}`,
    data: { offerId: o.id, requestId: r.id, providerId: p.id, providerCode: p.code },
  });
}
