/**
 * socialService (issue 6) settlement, on the time-skipping server (harness: social-service-harness.ts): monthly
 * settlement with the co-payment from VSAA data, a VSAA outage, and a service type defined in the test end to end.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleTestWorkflows } from '../helpers/time-skipping.js';
import {
  recordServiceDelivery,
  socialServiceState,
  submitServiceAssessment,
  terminateService,
} from '../../workflows/social-services/contract.js';
import {
  addDays,
  addMonthsClamped,
  firstDayOfIsoMonth,
  isoMonthOf,
  maxIsoDate,
  type IsoMonth,
} from '../../domain/calendar.js';
import { parseServiceTypeDefinition } from '../../domain/social-services/catalogue.js';
import { nextReviewDate } from '../../domain/social-services/lifecycle.js';
import { settleMonth } from '../../domain/social-services/settlement.js';
import { call } from '../unit/registries/support/http.js';
import { SERVICE_CATALOGUE_SEED } from '../../domain/social-services/catalogue-seed.js';
import {
  seedType,
  withHarness,
  idle,
  realToday,
  sleepUntil,
  start,
  waitFor,
  inState,
  rejection,
  LTC_ANSWERS,
  assess,
  grant,
  letterKinds,
} from './social-service-harness.js';

const TIMEOUT = 240_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('tests/workflows/social-service-workflows.ts');
}, TIMEOUT);

// ---- Tests ----------------------------------------------------------------------------------------------------------

describe('socialService workflow: settlement', () => {
  it(
    'settles long-term institutional care with the client paying at most 85 % of the VSAA pension of the month',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const type = seedType('long-term-institutional-care');
        const previousMonth: IsoMonth = isoMonthOf(addDays(firstDayOfIsoMonth(isoMonthOf(today)), -1));
        const startDate = maxIsoDate(addDays(today, -31), firstDayOfIsoMonth(previousMonth));
        expect(isoMonthOf(startDate)).toBe(previousMonth);

        // the pension of that month as the simulator's VSAA reports it
        const vsaa = await call(`${h.sim.url}/vsaa/v1/payments`, 'POST', {
          personalCode: '191052-11374',
          fromMonth: previousMonth,
          toMonth: previousMonth,
        });
        const payments = (vsaa.body as { payments: { month: string; amountEur: number }[] }).payments;
        const pension = payments
          .filter((p) => p.month === previousMonth)
          .reduce((s, p) => s + p.amountEur, 0);
        expect(pension).toBe(395);

        const handle = await start(h, 'ss-ltc', type);
        await waitFor(handle, inState('assessment'), 'assessment');
        const checked = await handle.query(socialServiceState);
        expect(checked.record.registryCheck?.registries['vsaa']).toBe('ok');
        await assess(handle, LTC_ANSWERS);
        await grant(handle, { startDate, volume: 30, providerName: 'VSAC "Vidzeme" filiāle "Cēsis"' });

        await handle.executeUpdate(recordServiceDelivery, {
          args: [{ month: previousMonth, units: 30, by: 'soc.cesis' }],
        });
        const settled = await waitFor(handle, (v) => v.record.settlements.length >= 1, 'settlement');
        // cost 30 × 29.03 = 870.90; cap floor(395 × 0.85) = 335.75; the state pays the rest
        expect(settled.record.settlements[0]).toEqual({
          month: previousMonth,
          units: 30,
          costEur: 870.9,
          clientPaysEur: 335.75,
          funderPaysEur: 535.15,
          revision: 1,
          final: false,
        });
        const input = h.rec.settlements[0];
        expect(input).toMatchObject({
          month: previousMonth,
          tariffEur: 29.03,
          funding: 'state',
          coPayment: 'long-term-institutional-care',
          clientIncome: { amountEur: pension, evidenceDocumentId: expect.any(String) },
        });
        const expected = settleMonth({
          month: previousMonth,
          units: 30,
          tariffEur: 29.03,
          funding: 'state',
          coPaymentCategory: 'long-term-institutional-care',
          clientPensionAndBenefitsEur: pension,
        });
        expect(expected.clientCapEur).toBe(335.75);
        expect(settled.record.settlements[0]?.clientPaysEur).toBe(Math.min(expected.costEur, 335.75));

        // a correction of the month settles it again (revision 2): fewer days, still above the cap
        await handle.executeUpdate(recordServiceDelivery, {
          args: [{ month: previousMonth, units: 10, by: 'soc.cesis' }],
        });
        const corrected = await waitFor(handle, (v) => v.record.settlements[0]?.revision === 2, 'revision 2');
        // 10 × 29.03 = 290.30 < 335.75: the client pays the whole cost
        expect(corrected.record.settlements[0]).toMatchObject({
          costEur: 290.3,
          clientPaysEur: 290.3,
          funderPaysEur: 0,
        });
      }),
    TIMEOUT,
  );

  it(
    'runs a new service type defined in the test (not from the seed) end to end',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const type = parseServiceTypeDefinition({
          code: 'animal-assisted-therapy',
          names: { lv: 'Dzīvnieku asistēta terapija', en: 'Animal-assisted therapy' },
          funding: 'municipal',
          legalBasis: 'Cēsu novada pašvaldības saistošie noteikumi Nr. 7',
          requiredDocuments: ['application'],
          registryChecks: ['pmlp', 'nva'],
          assessmentForm: {
            fields: [
              {
                key: 'animal',
                label: { lv: 'Dzīvnieks', en: 'Animal' },
                type: 'select',
                required: true,
                options: [
                  { value: 'dog', label: { lv: 'Suns', en: 'Dog' } },
                  { value: 'horse', label: { lv: 'Zirgs', en: 'Horse' } },
                ],
              },
              {
                key: 'sessionsPerMonth',
                label: { lv: 'Nodarbības mēnesī', en: 'Sessions per month' },
                type: 'integer',
                required: true,
                min: 1,
                max: 12,
              },
              {
                key: 'allergies',
                label: { lv: 'Alerģijas', en: 'Allergies' },
                type: 'boolean',
                required: false,
              },
            ],
          },
          unit: 'visit',
          tariffEur: 17.35,
          reviewPeriodMonths: 2,
          letters: {
            grant:
              'LĒMUMS PAR TERAPIJU AR DZĪVNIEKU\n\nPiešķirta terapija ar dzīvnieku no {{decision.startDate}}.',
          },
        });
        expect(SERVICE_CATALOGUE_SEED.some((d) => d.code === type.code)).toBe(false);

        const handle = await start(h, 'ss-new-type', type);
        const assessing = await waitFor(handle, inState('assessment'), 'assessment');
        expect(Object.keys(assessing.record.registryCheck?.registries ?? {}).sort()).toEqual(['nva', 'pmlp']);
        expect(assessing.assessmentForm.fields.map((f) => f.key)).toEqual([
          'animal',
          'sessionsPerMonth',
          'allergies',
        ]);
        expect(
          await rejection(
            handle.executeUpdate(submitServiceAssessment, {
              args: [{ answers: { animal: 'cat', sessionsPerMonth: 20 }, by: 'soc.cesis' }],
            }),
          ),
        ).toMatch(/answers\.animal.*answers\.sessionsPerMonth|answers\.sessionsPerMonth.*answers\.animal/);
        await assess(handle, { animal: 'horse', sessionsPerMonth: 4 });
        const active = await grant(handle, { volume: 4 });
        expect(active.serviceType).toMatchObject({ code: 'animal-assisted-therapy', unit: 'visit' });
        expect(active.record.nextReviewDate).toBe(nextReviewDate(today, 2));
        expect(h.rec.letters[0]?.template).toBe(type.letters.grant);

        const month = isoMonthOf(today);
        expect(
          await rejection(
            handle.executeUpdate(recordServiceDelivery, { args: [{ month, units: 250, by: 'soc.cesis' }] }),
          ),
        ).toMatch(/^units: /);
        await handle.executeUpdate(recordServiceDelivery, { args: [{ month, units: 3, by: 'soc.cesis' }] });
        expect(
          await rejection(
            handle.executeUpdate(terminateService, {
              args: [{ endDate: today, reason: '', by: 'soc.cesis' }],
            }),
          ),
        ).toMatch(/^reason: /);
        await handle.executeUpdate(terminateService, {
          args: [{ endDate: today, reason: 'Mērķi sasniegti', by: 'soc.cesis' }],
        });
        const result = await handle.result();
        expect(result.state).toBe('closed');
        expect(result.record.termination).toMatchObject({
          cause: 'worker',
          endDate: today,
          documentId: 'letter-2',
        });
        expect(letterKinds(h.rec)).toEqual(['grant', 'closing']);
        expect(result.record.settlements).toEqual([
          {
            month,
            units: 3,
            costEur: 52.05,
            clientPaysEur: 0,
            funderPaysEur: 52.05,
            revision: 1,
            final: true,
          },
        ]);
        expect(
          h.rec.settlements.map((s) => [s.serviceTypeCode, s.unit, s.coPayment, s.clientIncome]),
        ).toEqual([['animal-assisted-therapy', 'visit', null, null]]);
        expect(h.rec.states.map((s) => s.state)).toEqual(
          expect.arrayContaining([
            'intake',
            'registry-checks',
            'assessment',
            'awaiting-decision',
            'active',
            'closing',
            'closed',
          ]),
        );
      }),
    TIMEOUT,
  );

  it(
    'survives VSAA failing during a co-payment settlement and settles the month once VSAA answers',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const previousMonth: IsoMonth = isoMonthOf(addDays(firstDayOfIsoMonth(isoMonthOf(today)), -1));
        const startDate = maxIsoDate(addDays(today, -31), firstDayOfIsoMonth(previousMonth));
        const handle = await start(h, 'ss-ltc-vsaa-down', seedType('long-term-institutional-care'));
        await assess(handle, LTC_ANSWERS);
        await grant(handle, { startDate, volume: 30 });

        // VSAA answers garbage (a non-retryable registry failure) while the month is settled
        expect((await call(`${h.sim.url}/_admin/faults/vsaa`, 'PUT', { malformed: true })).status).toBe(200);
        await handle.executeUpdate(recordServiceDelivery, {
          args: [{ month: previousMonth, units: 30, by: 'soc.cesis' }],
        });
        await idle(handle);
        const described = await handle.describe();
        expect(described.status.name).toBe('RUNNING');
        // no settlement that silently lets the client pay nothing
        expect(h.rec.settlements.filter((s) => s.clientPaysEur === 0)).toEqual([]);

        // VSAA is back: the next pass settles the month with the real co-payment
        await call(`${h.sim.url}/_admin/faults/vsaa`, 'DELETE');
        await sleepUntil(h, addMonthsClamped(`${isoMonthOf(today)}-01`, 1));
        const settled = await waitFor(handle, (v) => v.record.settlements.length >= 1, 'settlement');
        expect(settled.record.settlements[0]).toMatchObject({ clientPaysEur: 335.75, funderPaysEur: 535.15 });
      }),
    TIMEOUT,
  );
});
