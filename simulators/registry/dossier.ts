/**
 * The person dossier: one JSON document per person holding what every simulated registry knows about them.
 * Monthly money (pensions, salaries, bank movements) is expressed as recurring entries
 * `{ fromMonth, toMonth?, amountEur }` (toMonth absent = still running), so fixtures never go stale: the simulator
 * expands them for whatever period is asked, up to the current month. See docs/registry-simulator.md.
 */
import { z } from 'zod';
import { isValidPersonalCode } from './personal-code.js';
import { isValidIban } from './iban.js';
import { SIMULATED_BANK_CODES, SIMULATED_BANKS, type SimulatedBankCode } from './banks-catalogue.js';

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');
export const dateSchema = z.iso.date();
export const personalCodeSchema = z.string().refine(isValidPersonalCode, 'not a valid Latvian personal code');
const atvkSchema = z.string().regex(/^\d{7}$/, 'expected a 7-digit ATVK code');
const amountSchema = z.number().finite().nonnegative();

const recurring = {
  fromMonth: monthSchema,
  /** Last month (inclusive); absent or null = ongoing. */
  toMonth: monthSchema.nullable().default(null),
  amountEur: amountSchema,
};

export const SOCIAL_INSURANCE_TYPES = [
  'old-age-pension',
  'disability-pension',
  'survivor-pension',
  'unemployment-benefit',
  'family-state-benefit',
  'child-care-benefit',
  'parental-benefit',
  'disability-care-benefit',
  'child-disability-benefit',
  'sickness-benefit',
] as const;

export const PROPERTY_TYPES = ['apartment', 'house', 'land', 'land-with-buildings', 'garage'] as const;
export const PLACEMENT_TYPES = ['institution', 'foster-family', 'guardian'] as const;
export const ORPHAN_COURT_CASE_CATEGORIES = [
  'out-of-family-care',
  'guardianship',
  'parental-rights',
  'custody',
  'adoption',
] as const;

const bankMovement = {
  direction: z.enum(['in', 'out']),
  amountEur: amountSchema,
  description: z.string().min(1),
};

const accountSchema = z
  .object({
    bankCode: z.enum(SIMULATED_BANK_CODES as [SimulatedBankCode, ...SimulatedBankCode[]]),
    iban: z.string().refine(isValidIban, 'not a valid IBAN'),
    balanceEur: z.number().finite(),
    /** Monthly movements on a fixed day (1–28). */
    recurring: z
      .array(
        z.object({
          ...bankMovement,
          fromMonth: monthSchema,
          toMonth: monthSchema.nullable().default(null),
          dayOfMonth: z.number().int().min(1).max(28),
        }),
      )
      .default([]),
    /** One-off movements. */
    transactions: z.array(z.object({ ...bankMovement, date: dateSchema })).default([]),
  })
  .refine((a) => a.iban.slice(4, 8) === SIMULATED_BANKS[a.bankCode].ibanBankId, {
    message: 'the IBAN does not belong to this bank',
    path: ['iban'],
  });

export const dossierSchema = z
  .object({
    /** Dossier id (admin API key), e.g. "h1-berzins-janis". */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'lowercase letters, digits and hyphens'),
    /** Persons with the same householdId are declared at the same address (PMLP household). */
    householdId: z.string().min(1),
    person: z.object({
      personalCode: personalCodeSchema,
      firstName: z.string().min(1),
      lastName: z.string().min(1),
      birthDate: dateSchema,
      deathDate: dateSchema.nullable().default(null),
    }),
    declaredAddress: z
      .object({ text: z.string().min(1), atvk: atvkSchema, declaredSince: dateSchema.optional() })
      .nullable(),
    relations: z
      .array(z.object({ type: z.enum(['spouse', 'child', 'parent']), personalCode: personalCodeSchema }))
      .default([]),
    /** VDEĀVK. */
    disability: z
      .object({
        group: z.enum(['I', 'II', 'III']),
        validFrom: dateSchema,
        validTo: dateSchema.nullable(),
        opinions: z
          .array(
            z.object({
              code: z.enum(['assistant', 'special-care', 'care', 'mobility', 'technical-aids']),
              text: z.string().min(1),
            }),
          )
          .default([]),
      })
      .nullable()
      .default(null),
    /** VSAA pensions and benefits paid. */
    socialInsurance: z.array(z.object({ type: z.enum(SOCIAL_INSURANCE_TYPES), ...recurring })).default([]),
    /** VID employment income per month: the net amount paid out (what arrives in the bank and what the means test counts). */
    employmentIncome: z
      .array(
        z.object({ employer: z.string().min(1), employerRegNo: z.string().regex(/^\d{11}$/), ...recurring }),
      )
      .default([]),
    /** NVA (BURVIS). */
    unemployment: z
      .object({ status: z.enum(['registered', 'not-registered']), since: dateSchema.nullable() })
      .default({ status: 'not-registered', since: null }),
    /** VZD real property. */
    properties: z
      .array(
        z.object({
          cadastralNumber: z.string().regex(/^\d{11}$/, 'expected an 11-digit cadastral number'),
          type: z.enum(PROPERTY_TYPES),
          address: z.string().min(1),
          share: z.number().gt(0).lte(1),
          isDeclaredDwelling: z.boolean(),
        }),
      )
      .default([]),
    /** Account register entries with each bank's data for the account. */
    accounts: z.array(accountSchema).default([]),
    /** NPAIS orphan-court decisions about this person (a child). */
    orphanCourtDecisions: z
      .array(
        z.object({
          decisionId: z.string().min(1),
          orphanCourtAtvk: atvkSchema,
          orphanCourtName: z.string().min(1),
          date: dateSchema,
          kind: z.literal('out-of-family-care'),
          placementType: z.enum(PLACEMENT_TYPES),
          institution: z
            .object({ code: z.string().min(1), name: z.string().min(1) })
            .nullable()
            .default(null),
          startDate: dateSchema,
          endDate: dateSchema.nullable().default(null),
        }),
      )
      .default([]),
    /** BARIS orphan-court cases concerning this person (a child). */
    orphanCourtCases: z
      .array(
        z.object({
          caseNumber: z.string().min(1),
          orphanCourtAtvk: atvkSchema,
          orphanCourtName: z.string().min(1),
          category: z.enum(ORPHAN_COURT_CASE_CATEGORIES),
          status: z.enum(['open', 'closed']),
          openedOn: dateSchema,
          closedOn: dateSchema.nullable().default(null),
          lastDecisionDate: dateSchema.nullable().default(null),
          summary: z.string().min(1),
        }),
      )
      .default([]),
  })
  .refine((d) => d.person.deathDate === null || d.person.deathDate >= d.person.birthDate, {
    message: 'death before birth',
    path: ['person', 'deathDate'],
  });

export type Dossier = z.output<typeof dossierSchema>;
export type DossierInput = z.input<typeof dossierSchema>;
export type DossierAccount = Dossier['accounts'][number];
