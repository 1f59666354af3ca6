/** Request and response schemas of the adoption register (issue 8), shared by the API routes and the screens. */
import { z } from '@hono/zod-openapi';
import { ADOPTION_MATCH_DEFAULTS } from '../../domain/adoption/rules.js';
import { IsoDateSchema } from '../schemas.js';

export const isoDate = IsoDateSchema;
export const atvk = z.string().regex(/^\d{7}$/, 'an ATVK code of 7 digits');
export const hcCode = z.string().min(1).max(10);

export const ChildBody = z
  .object({
    personId: z.uuid(),
    legallyFreeSince: isoDate,
    siblingGroup: z.string().trim().min(1).max(60).nullable(),
    healthConditions: z.array(hcCode).max(20),
    regionAtvk: atvk,
  })
  .openapi('NewAdoptionChild');

export const WishesSchema = z
  .object({
    ageMin: z.number().int().min(0).max(17),
    ageMax: z.number().int().min(0).max(17),
    maxChildren: z.number().int().min(1).max(10),
    acceptsSiblings: z.boolean(),
    acceptedHealthConditions: z.array(hcCode).max(20),
    regionsAtvk: z.array(atvk).max(50),
  })
  .openapi('AdopterWishes');

export const AdopterBody = z
  .object({
    applicantPersonIds: z.array(z.uuid()).min(1).max(2),
    approvedAt: isoDate,
    registeredAt: isoDate,
    residence: z.string().regex(/^[A-Za-z]{2}$/, "'LV' or an ISO 3166-1 alpha-2 country code"),
    wishes: WishesSchema,
  })
  .openapi('NewAdopter');

export const ChildSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    birthDate: z.string().nullable().optional(),
    legallyFreeSince: z.string(),
    siblingGroup: z.string().nullable(),
    healthConditions: z.array(z.string()),
    regionAtvk: z.string(),
    state: z.string(),
    disabilityGroup: z.string().nullable(),
    vdeavkOutcome: z.string(),
    createdAt: z.string(),
    archivedAt: z.string().nullable(),
    readOnly: z.boolean(),
  })
  .openapi('AdoptionChild');

export const AdopterSchema = z
  .object({
    id: z.string(),
    applicantPersonIds: z.array(z.string()),
    approvedAt: z.string(),
    registeredAt: z.string(),
    residence: z.string(),
    wishes: WishesSchema,
    state: z.string(),
    createdAt: z.string(),
    archivedAt: z.string().nullable(),
    readOnly: z.boolean(),
  })
  .openapi('Adopter');

export const CandidateSchema = z
  .object({
    adopterId: z.string(),
    eligible: z.boolean(),
    rank: z.number().int().nullable(),
    reasons: z.array(z.string()),
  })
  .openapi('AdoptionCandidate');

export const ProposalSchema = z.object({
  id: z.string(),
  adopterId: z.string(),
  rank: z.number(),
  state: z.string(),
  proposedAt: z.string(),
  deadline: z.string(),
  answeredAt: z.string().nullable(),
  reason: z.string().nullable(),
  letterDocumentId: z.string().nullable(),
});

export const MatchSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    childId: z.string(),
    state: z.string(),
    adopterId: z.string().nullable(),
    acquaintanceUntil: z.string().nullable(),
    orphanCourtDecision: z.record(z.string(), z.unknown()).nullable(),
    courtDecision: z.record(z.string(), z.unknown()).nullable(),
    startedAt: z.string(),
    completedAt: z.string().nullable(),
    currentProposal: ProposalSchema.nullable(),
    history: z.array(ProposalSchema),
    progressTasks: z.array(
      z.object({ month: z.number(), dueDate: z.string(), title: z.string(), state: z.string() }),
    ),
  })
  .openapi('AdoptionMatch');

/** The orphan court's and the court's decisions carry the same fields. */
export const CourtDecisionBody = z.object({
  documentRef: z.string().trim().min(1).max(100),
  decidedOn: isoDate,
  approved: z.boolean(),
});

export const ChildListQuery = z.object({
  state: z.enum(['active', 'matched', 'archived', 'withdrawn']).optional(),
  regionAtvk: atvk.optional(),
  siblingGroup: z.string().max(60).optional(),
  healthCondition: hcCode.optional(),
});

export const AdopterListQuery = z.object({
  state: z.enum(['active', 'suspended', 'matched', 'archived']).optional(),
  residence: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .optional(),
  regionAtvk: atvk.optional(),
});

const RegisterDocumentSchema = z.object({
  id: z.string(),
  title: z.string(),
  type: z.string(),
  createdAt: z.string(),
});

export const ChildRecordSchema = ChildSchema.extend({
  documents: z.array(RegisterDocumentSchema),
  matches: z.array(z.object({ id: z.string(), state: z.string(), startedAt: z.string() })),
});

export const AdopterRecordSchema = AdopterSchema.extend({ documents: z.array(RegisterDocumentSchema) });

export const StartMatchBody = z.object({
  proposalDeadlineDays: z.number().int().min(1).max(90).optional(),
  acquaintanceMonths: z
    .number()
    .int()
    .min(ADOPTION_MATCH_DEFAULTS.minimumAcquaintanceMonths)
    .max(24)
    .optional(),
});

export const WithdrawChildBody = z.object({ reason: z.string().trim().min(3).max(500) });

export const AdopterStatusBody = z.object({
  state: z.enum(['active', 'suspended']),
  reason: z.string().trim().min(3).max(500),
});

export const AnswerBody = z.object({
  accept: z.boolean(),
  reason: z.string().trim().max(500).nullable().optional(),
});
