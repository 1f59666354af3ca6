/** Request and response schemas of the specialists register (issue 19), shared by the API routes and the screens. */
import { z } from '@hono/zod-openapi';
import { isValidIsoDate, isValidIsoMonth } from '../../domain/calendar.js';
import {
  ORGANISATION_KINDS,
  POSITION_KINDS,
  SPECIALIST_STATUSES,
  TRAINING_KINDS,
} from '../../domain/specialists/index.js';

export const isoDate = z.string().refine(isValidIsoDate, 'must be a calendar date YYYY-MM-DD');
const isoMonth = z.string().refine(isValidIsoMonth, 'must be a month YYYY-MM');
const text = (max: number) => z.string().trim().min(1).max(max);

export const CreateOrganisationBody = z
  .object({
    name: text(200),
    kind: z.enum(ORGANISATION_KINDS),
    municipalityAtvk: z
      .string()
      .regex(/^\d{7}$/, 'a 7-digit ATVK code')
      .nullable(),
    registrationNo: text(20),
  })
  .strict()
  .openapi('CreateSpecialistOrganisation');

export const OrganisationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    municipalityAtvk: z.string().nullable(),
    registrationNo: z.string(),
  })
  .openapi('SpecialistOrganisation');

export const CreateSpecialistBody = z
  .object({
    personalCode: z.string().min(1).max(20),
    firstName: text(100),
    lastName: text(100),
    organisationId: z.string().min(1).max(36),
    position: text(200),
    positionKind: z.enum(POSITION_KINDS),
    employedFrom: isoDate,
  })
  .strict()
  .openapi('CreateSpecialist');

export const PatchSpecialistBody = z
  .union([
    z.object({ organisationId: z.string().min(1).max(36) }).strict(),
    z.object({ employedTo: isoDate }).strict(),
  ])
  .openapi('PatchSpecialist', { description: 'either a move ({organisationId}) or leaving ({employedTo})' });

export const CreateTrainingBody = z
  .object({
    kind: z.enum(TRAINING_KINDS),
    completedOn: isoDate,
    hours: z.number().int().positive().max(2000),
    programme: text(300),
    provider: text(200),
    certificateNo: text(50),
  })
  .strict()
  .openapi('CreateSpecialistTraining');

export const TrainingSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    completedOn: z.string(),
    hours: z.number(),
    programme: z.string(),
    provider: z.string(),
    certificateNo: z.string(),
  })
  .openapi('SpecialistTraining');

const summaryShape = {
  id: z.string(),
  personalCodeMasked: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  position: z.string(),
  positionKind: z.string(),
  employedFrom: z.string().nullable(),
  employedTo: z.string().nullable(),
  status: z.enum(SPECIALIST_STATUSES),
  initialDueBy: z.string().nullable(),
  refresherDueBy: z.string().nullable(),
};

export const SpecialistSummarySchema = z.object(summaryShape).openapi('SpecialistSummary');

export const SpecialistSchema = z
  .object({
    ...summaryShape,
    date: z.string(),
    trainings: z.array(TrainingSchema),
    history: z.array(
      z.object({
        organisationId: z.string(),
        organisationName: z.string(),
        position: z.string(),
        positionKind: z.string(),
        employedFrom: z.string(),
        employedTo: z.string().nullable(),
      }),
    ),
  })
  .openapi('Specialist');

export const SpecialistListQuery = z.object({
  organisationId: z.string().max(36).optional(),
  status: z.enum(SPECIALIST_STATUSES).optional(),
  dueBefore: isoDate.optional(),
  municipalityAtvk: z
    .string()
    .regex(/^\d{7}$/)
    .optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const DateQuery = z.object({ date: isoDate.optional() });

export const DemandQuery = z.object({ from: isoMonth, to: isoMonth }).refine((q) => q.from <= q.to, {
  message: 'from must not be after to',
  path: ['to'],
});

const counts = { specialists: z.number(), compliant: z.number(), due: z.number(), overdue: z.number() };

export const ComplianceSchema = z
  .object({
    date: z.string(),
    organisations: z.array(
      z.object({
        organisationId: z.string(),
        name: z.string(),
        kind: z.string(),
        municipalityAtvk: z.string().nullable(),
        ...counts,
      }),
    ),
    municipalities: z.array(
      z.object({ municipalityAtvk: z.string().nullable(), name: z.string(), ...counts }),
    ),
    total: z.object(counts),
  })
  .openapi('SpecialistCompliance');

export const DemandSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    date: z.string(),
    rows: z.array(
      z.object({ month: z.string(), region: z.string(), initial: z.number(), refresher: z.number() }),
    ),
    backlog: z.object({ initial: z.number(), refresher: z.number() }),
  })
  .openapi('SpecialistDemand');
