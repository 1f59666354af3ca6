/** Request and response schemas of the queue for state-funded long-term social care (issue 22). */
import { z } from '@hono/zod-openapi';
import { PLANNING_REGIONS } from '../../domain/specialists/planning-regions.js';
import { humanText, IsoDateSchema } from '../schemas.js';

const serviceType = z.string().trim().min(1).max(40);
const region = z.enum(PLANNING_REGIONS);

export const CreateRequestBody = z
  .object({ caseId: z.uuid(), serviceType, region })
  .strict()
  .openapi('CareQueueRequestCreate');

export const RequestCreatedSchema = z
  .object({ id: z.string(), state: z.string() })
  .openapi('CareQueueRequestCreated');

export const RequestDecisionBody = z
  .object({
    decision: z.enum(['queue', 'refuse', 'ask-documents']),
    priorityGroup: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    priorityReason: humanText({ max: 1000 }).nullable().optional(),
    countingDate: IsoDateSchema.optional(),
    reason: humanText({ max: 1000 }).nullable().optional(),
  })
  .strict()
  .openapi('CareQueueRequestDecision');

export const RequestSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    serviceType: z.string(),
    region: z.string(),
    state: z.string(),
    priorityGroup: z.number().nullable(),
    countingDate: z.string().nullable(),
  })
  .openapi('CareQueueRequest');

export const QueueQuery = z.object({ serviceType, region, date: IsoDateSchema.optional() });

export const QueueSchema = z
  .object({
    serviceType: z.string(),
    region: z.string(),
    date: z.string(),
    items: z.array(
      z.object({
        requestId: z.string(),
        position: z.number(),
        priorityGroup: z.number(),
        countingDate: z.string(),
      }),
    ),
  })
  .openapi('CareQueue');

export const OfferBody = z
  .object({ serviceType, region, providerId: z.uuid() })
  .strict()
  .openapi('CareQueueOfferCreate');

export const OfferSchema = z
  .object({ id: z.string(), requestId: z.string(), dueBy: z.string() })
  .openapi('CareQueueOffer');

export const AnswerBody = z
  .object({
    accept: z.boolean(),
    reason: humanText({ max: 1000 }).nullable().optional(),
    reasonAccepted: z.boolean().optional(),
  })
  .strict()
  .openapi('CareQueueOfferAnswer');

export const AnswerSchema = z.object({ id: z.string(), state: z.string() }).openapi('CareQueueOfferAnswered');
