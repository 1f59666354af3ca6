/**
 * The simulated registries (DAGR-style JSON over HTTP). Personal codes travel only in POST bodies.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { answer, failure, readBody, type SimContext, type SimEnv } from './http-helpers.js';
import { dateSchema, monthSchema, personalCodeSchema, type Dossier } from './dossier.js';
import { monthOf, monthsApart } from './months.js';
import {
  accountsView,
  caseSummaries,
  decisionsFeed,
  decisionsView,
  disabilityView,
  householdView,
  incomeView,
  paymentsView,
  personView,
  propertyView,
  unemploymentView,
} from './registry-views.js';
import { isSimulatedBankCode } from './banks-catalogue.js';
import { newBankRequest } from './bank-desk.js';

const MAX_PERIOD_MONTHS = 24;
const byCode = z.object({ personalCode: personalCodeSchema }).loose();
const byCodeAndPeriod = z
  .object({ personalCode: personalCodeSchema, fromMonth: monthSchema, toMonth: monthSchema })
  .loose();

type Lookup = { ok: true; dossier: Dossier } | { ok: false; response: Response };

async function subject(c: SimContext): Promise<Lookup> {
  const body = await readBody(c, byCode);
  if (!body.ok) return body;
  const dossier = c.get('state').findByPersonalCode(body.value.personalCode);
  if (!dossier)
    return { ok: false, response: failure(c, 404, 'PERSON_NOT_FOUND', 'no person with this personal code') };
  return { ok: true, dossier };
}

async function subjectAndPeriod(
  c: SimContext,
): Promise<{ ok: true; dossier: Dossier; from: string; to: string } | { ok: false; response: Response }> {
  const body = await readBody(c, byCodeAndPeriod);
  if (!body.ok) return body;
  const { fromMonth, toMonth } = body.value;
  const span = monthsApart(fromMonth, toMonth);
  if (span < 0 || span >= MAX_PERIOD_MONTHS) {
    return {
      ok: false,
      response: failure(
        c,
        400,
        'INVALID_PERIOD',
        `fromMonth..toMonth must be 1 to ${MAX_PERIOD_MONTHS} months`,
      ),
    };
  }
  const dossier = c.get('state').findByPersonalCode(body.value.personalCode);
  if (!dossier)
    return { ok: false, response: failure(c, 404, 'PERSON_NOT_FOUND', 'no person with this personal code') };
  return { ok: true, dossier, from: fromMonth, to: toMonth };
}

const currentMonth = (c: SimContext) => monthOf(c.get('state').now());

const statementRequest = z
  .object({
    requestId: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/),
    ibans: z.array(z.string().min(15).max(34)).min(1).optional(),
    personalCode: personalCodeSchema.optional(),
    fromDate: dateSchema,
    toDate: dateSchema,
    callbackUrl: z.url({ protocol: /^https?$/ }),
    callbackReference: z.string().min(1).max(200),
  })
  .refine((b) => b.ibans !== undefined || b.personalCode !== undefined, {
    message: 'give ibans or personalCode',
    path: ['ibans'],
  })
  .refine((b) => b.fromDate <= b.toDate, { message: 'fromDate after toDate', path: ['fromDate'] });

export function registryRoutes(): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.post('/pmlp/v1/person', async (c) => {
    const s = await subject(c);
    return s.ok ? answer(c, personView(s.dossier, c.get('state').allDossiers())) : s.response;
  });
  app.post('/pmlp/v1/household', async (c) => {
    const s = await subject(c);
    return s.ok ? answer(c, householdView(s.dossier, c.get('state').allDossiers())) : s.response;
  });
  app.post('/vdeavk/v1/disability', async (c) => {
    const s = await subject(c);
    return s.ok ? answer(c, disabilityView(s.dossier)) : s.response;
  });
  app.post('/vsaa/v1/payments', async (c) => {
    const s = await subjectAndPeriod(c);
    return s.ok ? answer(c, paymentsView(s.dossier, s.from, s.to, currentMonth(c))) : s.response;
  });
  app.post('/vid/v1/income', async (c) => {
    const s = await subjectAndPeriod(c);
    return s.ok ? answer(c, incomeView(s.dossier, s.from, s.to, currentMonth(c))) : s.response;
  });
  app.post('/nva/v1/status', async (c) => {
    const s = await subject(c);
    return s.ok ? answer(c, unemploymentView(s.dossier)) : s.response;
  });
  app.post('/vzd/v1/property', async (c) => {
    const s = await subject(c);
    return s.ok ? answer(c, propertyView(s.dossier)) : s.response;
  });
  app.post('/kontu-registrs/v1/accounts', async (c) => {
    const s = await subject(c);
    return s.ok ? answer(c, accountsView(s.dossier)) : s.response;
  });
  app.post('/npais/v1/decisions', async (c) => {
    const s = await subject(c);
    return s.ok ? answer(c, decisionsView(s.dossier)) : s.response;
  });
  app.post('/npais/v1/decisions/search', async (c) => {
    const body = await readBody(c, z.object({ since: dateSchema }));
    return body.ok ? answer(c, decisionsFeed(c.get('state').allDossiers(), body.value.since)) : body.response;
  });
  app.post('/baris/v1/cases', async (c) => {
    const body = await readBody(
      c,
      z
        .object({
          orphanCourtAtvk: z
            .string()
            .regex(/^\d{7}$/)
            .optional(),
          personalCode: personalCodeSchema.optional(),
        })
        .refine((b) => (b.orphanCourtAtvk === undefined) !== (b.personalCode === undefined), {
          message: 'give exactly one of orphanCourtAtvk or personalCode',
        }),
    );
    if (!body.ok) return body.response;
    const state = c.get('state');
    if (body.value.personalCode !== undefined) {
      const dossier = state.findByPersonalCode(body.value.personalCode);
      if (!dossier) return failure(c, 404, 'PERSON_NOT_FOUND', 'no person with this personal code');
      return answer(c, caseSummaries(state.allDossiers(), { dossier }));
    }
    return answer(c, caseSummaries(state.allDossiers(), { orphanCourtAtvk: body.value.orphanCourtAtvk }));
  });

  app.post('/banks/:bankCode/v1/statements', async (c) => {
    const bankCode = c.req.param('bankCode');
    if (!isSimulatedBankCode(bankCode)) return failure(c, 404, 'UNKNOWN_BANK', `no bank ${bankCode}`);
    const state = c.get('state');
    if (state.banks.get(bankCode)?.outage)
      return failure(c, 503, 'SERVICE_UNAVAILABLE', `${bankCode} is unavailable`);
    const body = await readBody(c, statementRequest);
    if (!body.ok) return body.response;
    const req = body.value;
    c.set('requestId', req.requestId);
    const existing = state.bankRequests.get(req.requestId);
    if (existing && existing.bankCode === bankCode) {
      return answer(c, { status: 'accepted', expectedBy: existing.expectedBy }, 202);
    }
    if (existing) return failure(c, 409, 'DUPLICATE_REQUEST_ID', 'the request id was used at another bank');
    const bankAccounts = state
      .allDossiers()
      .flatMap((d) => d.accounts.map((a) => ({ ...a, holder: d.person.personalCode })))
      .filter((a) => a.bankCode === bankCode);
    let ibans: string[];
    if (req.ibans) {
      if (!req.ibans.every((iban) => bankAccounts.some((a) => a.iban === iban))) {
        return failure(c, 404, 'ACCOUNT_NOT_FOUND', 'an account is not held at this bank');
      }
      ibans = req.ibans;
    } else {
      const holder = state.findByPersonalCode(req.personalCode ?? '');
      if (!holder) return failure(c, 404, 'PERSON_NOT_FOUND', 'no person with this personal code');
      ibans = bankAccounts.filter((a) => a.holder === holder.person.personalCode).map((a) => a.iban);
      if (ibans.length === 0)
        return failure(c, 404, 'ACCOUNT_NOT_FOUND', 'the person holds no account at this bank');
    }
    const created = newBankRequest(state, {
      requestId: req.requestId,
      bankCode,
      ibans,
      fromDate: req.fromDate,
      toDate: req.toDate,
      callbackUrl: req.callbackUrl,
      callbackReference: req.callbackReference,
    });
    return answer(c, { status: 'accepted', expectedBy: created.expectedBy }, 202);
  });

  app.get('/banks/:bankCode/v1/statements/:requestId', (c) => {
    const request = c.get('state').bankRequests.get(c.req.param('requestId'));
    if (!request || request.bankCode !== c.req.param('bankCode')) {
      return failure(c, 404, 'REQUEST_NOT_FOUND', 'no such statement request at this bank');
    }
    c.set('requestId', request.requestId);
    return answer(c, {
      status: request.status,
      acceptedAt: request.acceptedAt,
      expectedBy: request.expectedBy,
      deliveredAt: request.deliveredAt,
      deliveryAttempts: request.deliveryAttempts,
      lastDeliveryError: request.lastDeliveryError,
      result: request.result,
    });
  });

  return app;
}
