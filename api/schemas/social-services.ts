/** Request and response schemas of the social services (issue 6), shared by the API routes and the screens. */
import { z } from '@hono/zod-openapi';
import { IsoDateSchema, IsoMonthSchema } from '../schemas.js';

const IsoDate = IsoDateSchema;
const IsoMonth = IsoMonthSchema;
export const ServiceParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  sid: z.uuid().openapi({ param: { name: 'sid', in: 'path' } }),
});
export const ServiceSchema = z.object({}).passthrough().openapi('SocialService');

export const StartBody = z
  .object({
    serviceType: z.string().regex(/^[a-z][a-z0-9-]{2,39}$/, 'a service type code'),
    requestedAt: IsoDate.optional(),
    notes: z.string().trim().max(2000).optional(),
  })
  .openapi('StartSocialService');
export const AnswerValue = z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]);
export const AssessmentBody = z
  .object({ answers: z.record(z.string(), AnswerValue) })
  .openapi('ServiceAssessment');
export const DecisionBody = z
  .object({
    decision: z.enum(['grant', 'refuse']),
    reason: z.string().trim().max(2000).optional(),
    volume: z.number().optional(),
    /** The provider from the register (issue 22): active, offering the type, in or near the municipality. */
    providerId: z.uuid().optional(),
    startDate: IsoDate.optional(),
    endDate: IsoDate.nullable().optional(),
    reviewDate: IsoDate.nullable().optional(),
  })
  .openapi('ServiceDecision');
export const ExtensionBody = z
  .object({ newDeadline: IsoDate, reason: z.string().trim().min(3).max(2000) })
  .openapi('ServiceDeadlineExtension');
export const DeliveryBody = z
  .object({ month: IsoMonth, units: z.number(), note: z.string().trim().max(1000).optional() })
  .openapi('ServiceDelivery');
export const ReviewBody = z
  .object({
    outcome: z.enum(['continue', 'change', 'end']),
    notes: z.string().trim().min(3).max(2000),
    volume: z.number().optional(),
    endDate: IsoDate.nullable().optional(),
    nextReviewDate: IsoDate.optional(),
  })
  .openapi('ServiceReview');
export const TerminationBody = z
  .object({ endDate: IsoDate, reason: z.string().trim().min(3).max(2000) })
  .openapi('ServiceTermination');
