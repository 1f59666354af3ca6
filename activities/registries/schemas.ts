/**
 * The contracts of every registry answer (DAGR JSON). An answer that does not parse is a malformed answer:
 * the adapter fails non-retryably, naming the registry and the failing path. Unknown extra fields are ignored.
 */
import { z } from 'zod';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');
const date = z.iso.date();
const amount = z.number().finite();
const personalCode = z.string().min(11).max(12);

/** Every answer carries the request id and a timestamp. */
const meta = { requestId: z.string().min(1), timestamp: z.iso.datetime({ offset: true }) };

export const registryErrorSchema = z.object({ code: z.string(), message: z.string() }).loose();

const personBrief = z.object({
  personalCode,
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  birthDate: date,
  deathDate: date.nullable(),
});

const address = z.object({ text: z.string().min(1), atvk: z.string().regex(/^\d{7}$/) });

export const pmlpPersonSchema = z.object({
  ...meta,
  person: personBrief.extend({ status: z.enum(['active', 'deceased']) }),
  declaredAddress: address.nullable(),
  relations: z.array(
    z.object({
      type: z.enum(['spouse', 'child', 'parent']),
      personalCode,
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      birthDate: date.nullable(),
      deathDate: date.nullable(),
    }),
  ),
});

export const pmlpHouseholdSchema = z.object({
  ...meta,
  householdId: z.string().min(1),
  declaredAddress: address.nullable(),
  members: z.array(personBrief),
});

export const vdeavkDisabilitySchema = z.object({
  ...meta,
  disability: z
    .object({
      group: z.enum(['I', 'II', 'III']),
      validFrom: date,
      validTo: date.nullable(),
      opinions: z.array(z.object({ code: z.string().min(1), text: z.string().min(1) })),
    })
    .nullable(),
});

const period = z.object({ fromMonth: month, toMonth: month });

export const vsaaPaymentsSchema = z.object({
  ...meta,
  period,
  payments: z.array(z.object({ month, type: z.string().min(1), amountEur: amount })),
});

export const vidIncomeSchema = z.object({
  ...meta,
  period,
  income: z.array(
    z.object({
      month,
      employer: z.string().min(1),
      employerRegNo: z.string().regex(/^\d{11}$/),
      amountEur: amount,
    }),
  ),
});

export const nvaStatusSchema = z.object({
  ...meta,
  status: z.enum(['registered', 'not-registered']),
  since: date.nullable(),
});

export const vzdPropertySchema = z.object({
  ...meta,
  properties: z.array(
    z.object({
      cadastralNumber: z.string().regex(/^\d{11}$/),
      type: z.string().min(1),
      address: z.string().min(1),
      share: z.number().gt(0).lte(1),
      isDeclaredDwelling: z.boolean(),
    }),
  ),
});

const iban = z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, 'expected an IBAN');

export const accountRegisterSchema = z.object({
  ...meta,
  accounts: z.array(z.object({ bankCode: z.string().min(8).max(11), bankName: z.string().min(1), iban })),
});

export const bankAcceptedSchema = z.object({
  ...meta,
  status: z.literal('accepted'),
  expectedBy: z.iso.datetime({ offset: true }),
});

const bankMonth = z.object({
  month,
  inflowsEur: amount,
  outflowsEur: amount,
  inflows: z.array(z.object({ date, amountEur: amount, description: z.string() })),
});

const callbackBase = {
  requestId: z.string().min(1).max(100),
  bankCode: z.string().min(8).max(11),
  callbackReference: z.string().min(1).max(200),
  completedAt: z.iso.datetime({ offset: true }),
};

/** The bank's callback body (validated by the callback route). */
export const bankStatementCallbackSchema = z.discriminatedUnion('status', [
  z.object({
    ...callbackBase,
    status: z.literal('completed'),
    period: z.object({ fromDate: date, toDate: date }),
    accounts: z.array(
      z.object({
        iban,
        currency: z.string().length(3),
        balanceEur: amount,
        balanceDate: date,
        months: z.array(bankMonth),
      }),
    ),
  }),
  z.object({
    ...callbackBase,
    status: z.literal('rejected'),
    error: z.object({ code: z.string().min(1), message: z.string() }),
  }),
]);

export const bankStatementStatusSchema = z.object({
  ...meta,
  status: z.enum(['accepted', 'completed', 'delivery-failed']),
  expectedBy: z.iso.datetime({ offset: true }),
  result: bankStatementCallbackSchema.nullable(),
});

const decision = z.object({
  decisionId: z.string().min(1),
  orphanCourtAtvk: z.string().regex(/^\d{7}$/),
  orphanCourtName: z.string().min(1),
  date,
  kind: z.literal('out-of-family-care'),
  placementType: z.enum(['institution', 'foster-family', 'guardian']),
  institution: z.object({ code: z.string().min(1), name: z.string().min(1) }).nullable(),
  startDate: date,
  endDate: date.nullable(),
});

export const npaisDecisionsSchema = z.object({ ...meta, decisions: z.array(decision) });

export const npaisDecisionFeedSchema = z.object({
  ...meta,
  since: date,
  decisions: z.array(decision.extend({ childPersonalCode: personalCode })),
});

export const barisCasesSchema = z.object({
  ...meta,
  cases: z.array(
    z.object({
      caseNumber: z.string().min(1),
      orphanCourtAtvk: z.string().regex(/^\d{7}$/),
      orphanCourtName: z.string().min(1),
      category: z.string().min(1),
      status: z.enum(['open', 'closed']),
      openedOn: date,
      closedOn: date.nullable(),
      lastDecisionDate: date.nullable(),
      summary: z.string(),
      child: z.object({ initials: z.string(), birthYear: z.number().int() }),
    }),
  ),
});

export type PmlpPerson = z.infer<typeof pmlpPersonSchema>;
export type PmlpHousehold = z.infer<typeof pmlpHouseholdSchema>;
export type VdeavkDisability = z.infer<typeof vdeavkDisabilitySchema>;
export type VsaaPayments = z.infer<typeof vsaaPaymentsSchema>;
export type VidIncome = z.infer<typeof vidIncomeSchema>;
export type NvaStatus = z.infer<typeof nvaStatusSchema>;
export type VzdProperty = z.infer<typeof vzdPropertySchema>;
export type AccountRegisterAnswer = z.infer<typeof accountRegisterSchema>;
export type BankAccepted = z.infer<typeof bankAcceptedSchema>;
export type BankStatementStatus = z.infer<typeof bankStatementStatusSchema>;
export type NpaisDecisions = z.infer<typeof npaisDecisionsSchema>;
export type NpaisDecisionFeed = z.infer<typeof npaisDecisionFeedSchema>;
export type BarisCases = z.infer<typeof barisCasesSchema>;
