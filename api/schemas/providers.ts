/** Request and response schemas of the provider register (issue 22), shared by the API routes and the screens. */
import { z } from '@hono/zod-openapi';
import { humanText, IsoDateSchema } from '../schemas.js';

const atvk = z.string().regex(/^\d{7}$/, 'a 7-digit ATVK code');
const serviceType = z.string().trim().min(1).max(40);

export const ProviderAddressSchema = z
  .object({
    address: humanText({ max: 300 }),
    municipalityAtvk: atvk,
    services: z
      .array(
        z
          .object({ serviceType, capacity: z.number().int().min(0).max(100_000) })
          .strict()
          .openapi('ProviderServiceOffer'),
      )
      .min(1)
      .max(50),
  })
  .strict()
  .openapi('ProviderAddress');

export const RegistrationApplicationBody = z
  .object({
    legalName: humanText({ max: 200 }),
    registrationNo: z.string().regex(/^\d{11}$/, 'an 11-digit registration number'),
    addresses: z.array(ProviderAddressSchema).min(1).max(200),
  })
  .strict()
  .openapi('ProviderRegistrationApplication');

export const ChangeApplicationBody = z
  .object({
    kind: z.enum(['change', 'renewal']),
    addresses: z.array(ProviderAddressSchema).min(1).max(200),
  })
  .strict()
  .openapi('ProviderChangeApplication', {
    description: 'a change (addresses, services, capacity) or a renewal (re-registration)',
  });

export const WithdrawalBody = z
  .object({ effectiveOn: IsoDateSchema, reason: humanText({ max: 2000 }).nullable().optional() })
  .strict()
  .openapi('ProviderWithdrawalApplication');

export const ApplicationCreatedSchema = z
  .object({ id: z.string(), state: z.string(), providerId: z.string() })
  .openapi('ProviderApplicationCreated');

export const DecisionBody = z
  .object({
    decision: z.enum(['register', 'refuse']),
    reason: humanText({ max: 2000 }).nullable().optional(),
    decidedOn: IsoDateSchema,
  })
  .strict()
  .openapi('ProviderApplicationDecision');

export const DecisionResultSchema = z
  .object({
    applicationId: z.string(),
    state: z.enum(['decided', 'refused']),
    providerId: z.string(),
    certificateNo: z.string().nullable(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    letterHtml: z.string().nullable(),
  })
  .openapi('ProviderApplicationDecided');

export const ApplicationSchema = z
  .object({
    id: z.string(),
    providerId: z.string(),
    kind: z.string(),
    state: z.string(),
    legalName: z.string(),
    registrationNo: z.string(),
    addresses: z.array(ProviderAddressSchema).nullable(),
    effectiveOn: z.string().nullable(),
    submittedBy: z.string(),
    submittedAt: z.string(),
    decidedOn: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .openapi('ProviderApplication');

export const ApplicationsQuery = z.object({
  state: z.enum(['submitted', 'decided', 'refused']).optional(),
});

export const ProviderSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    legalName: z.string(),
    registrationNo: z.string().nullable(),
    state: z.string(),
    active: z.boolean(),
    date: z.string(),
    certificateNo: z.string().nullable(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    withdrawnOn: z.string().nullable(),
    addresses: z.array(ProviderAddressSchema),
    freePlaces: z.record(z.string(), z.number()),
    certificates: z.array(
      z.object({ certificateNo: z.string(), validFrom: z.string(), validTo: z.string() }),
    ),
  })
  .openapi('Provider');

export const DateQuery = z.object({ date: IsoDateSchema.optional() });

export const FreePlacesBody = z
  .object({ serviceType, freePlaces: z.number().int().min(0).max(100_000) })
  .strict()
  .openapi('ProviderFreePlaces');

export const PublicProvidersQuery = z.object({
  q: z.string().trim().max(100).optional(),
  serviceType: serviceType.optional(),
  municipality: atvk.optional(),
});

export const PublicProviderSchema = z
  .object({
    id: z.string(),
    legalName: z.string(),
    registrationNo: z.string().nullable(),
    certificateNo: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    addresses: z.array(ProviderAddressSchema),
  })
  .openapi('PublicProvider');
