/**
 * socialService (issue 6) on the time-skipping server (harness: social-service-harness.ts): the real registry
 * activities against the real simulator and the real registryCheck child; the social-service and alert activities
 * are in-memory fakes that record what the workflow asked for.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleTestWorkflows } from '../helpers/time-skipping.js';
import {
  clientDeathReported,
  decideService,
  extendServiceDeadline,
  recordServiceDelivery,
  recordServiceReview,
  serviceDocumentsChanged,
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
import { parseServiceTypeDefinition } from '../../domain/services/catalogue.js';
import { deliveryRecordDueDate, nextReviewDate } from '../../domain/services/lifecycle.js';
import { settleMonth } from '../../domain/services/settlement.js';
import { call } from '../unit/registries/support/http.js';
import { SERVICE_CATALOGUE_SEED } from '../../domain/services/catalogue-seed.js';
import {
  CLIENT,
  seedType,
  withHarness,
  realToday,
  workflowToday,
  dayNumber,
  sleepUntil,
  start,
  waitFor,
  inState,
  waitUntil,
  rejection,
  HOME_CARE_ANSWERS,
  LTC_ANSWERS,
  assess,
  grant,
  letterKinds,
  taskKinds,
} from './social-service-harness.js';

const TIMEOUT = 240_000;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleTestWorkflows('tests/workflows/social-service-workflows.ts');
}, TIMEOUT);

// ---- Tests ----------------------------------------------------------------------------------------------------------

describe('socialService workflow', () => {
  it(
    'grants a service: documents present → registry checks → validated assessment → grant letter → active',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const handle = await start(h, 'ss-grant', seedType('home-care'));
        const assessing = await waitFor(handle, inState('assessment'), 'assessment');
        expect(h.rec.documentChecks).toBe(1);
        expect(assessing.record.missingDocuments).toEqual([]);
        expect(assessing.record.registryCheck?.workflowId).toBe('ss-grant-registries');
        expect(Object.keys(assessing.record.registryCheck?.registries ?? {}).sort()).toEqual([
          'pmlp',
          'vdeavk',
        ]);
        expect(assessing.record.registryCheck?.registries['pmlp']).toBe('ok');
        expect(assessing.record.registryCheck?.deathDate).toBeNull();
        expect(assessing.record.decisionDeadline).toBe(addMonthsClamped(today, 1));
        expect(h.rec.states.map((s) => s.state)).toEqual(
          expect.arrayContaining(['intake', 'registry-checks']),
        );

        // a grant needs the assessment first
        expect(await rejection(grant(handle))).toMatch(/^state: /);

        // invalid answers: rejected with the paths of the fields
        const invalid = await rejection(
          handle.executeUpdate(submitServiceAssessment, {
            args: [{ answers: { selfCareLevel: '9', mobility: 'aid', livesAlone: true }, by: 'soc.cesis' }],
          }),
        );
        expect(invalid).toContain('answers.selfCareLevel');
        expect(invalid).toContain('answers.hoursPerWeekNeeded');
        expect(h.rec.assessments).toEqual([]);

        const assessed = await handle.executeUpdate(submitServiceAssessment, {
          args: [{ answers: HOME_CARE_ANSWERS, by: 'soc.cesis' }],
        });
        expect(assessed.record.assessment?.documentId).toBe('assessment-1');
        await waitFor(handle, inState('awaiting-decision'), 'awaiting-decision');

        // invalid grant: volume and provider
        const badGrant = await rejection(
          handle.executeUpdate(decideService, {
            args: [{ decision: 'grant', volume: 0, providerName: '', startDate: today, by: 'vad.cesis' }],
          }),
        );
        expect(badGrant).toContain('volume:');
        expect(badGrant).toContain('providerName:');

        const active = await grant(handle);
        expect(active.record.decision).toMatchObject({
          decision: 'grant',
          volume: 20,
          startDate: today,
          documentId: 'letter-1',
        });
        expect(active.record.nextReviewDate).toBe(nextReviewDate(today, 6));
        expect(active.step).toBe('delivery');
        expect(letterKinds(h.rec)).toEqual(['grant']);
        expect(h.rec.letters[0]?.template).toBe(seedType('home-care').letters.grant);
        expect(h.rec.letters[0]?.data['nextReviewDate']).toBe(nextReviewDate(today, 6));
        await waitUntil(() => h.rec.states.some((s) => s.state === 'active'), 'active mirrored');
        const mirrored = h.rec.states.filter((s) => s.state === 'active').at(-1);
        expect(mirrored).toMatchObject({
          decision: 'grant',
          decisionDocumentId: 'letter-1',
          startDate: today,
        });
        // a second decision is refused
        expect(await rejection(grant(handle))).toMatch(/^state: /);
      }),
    TIMEOUT,
  );

  it(
    'refuses with a reason (a refusal without one is rejected) and completes',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'ss-refuse', seedType('home-care'));
        await waitFor(handle, inState('assessment'), 'assessment');
        expect(
          await rejection(
            handle.executeUpdate(decideService, { args: [{ decision: 'refuse', by: 'vad.cesis' }] }),
          ),
        ).toMatch(/^reason: /);
        await handle.executeUpdate(decideService, {
          args: [{ decision: 'refuse', reason: 'Klients spēj sevi aprūpēt', by: 'vad.cesis' }],
        });
        const result = await handle.result();
        expect(result.state).toBe('refused');
        expect(result.record.decision).toMatchObject({
          decision: 'refuse',
          reason: 'Klients spēj sevi aprūpēt',
        });
        expect(letterKinds(h.rec)).toEqual(['refuse']);
        expect(h.rec.states.at(-1)?.state).toBe('refused');
      }),
    TIMEOUT,
  );

  it(
    'asks for missing documents (task + letter) and proceeds once they arrive',
    () =>
      withHarness(bundle, async (h) => {
        h.rec.missing = ['medical-opinion'];
        const handle = await start(h, 'ss-docs', seedType('home-care'));
        const waiting = await waitFor(handle, inState('awaiting-documents'), 'awaiting-documents');
        expect(waiting.record.missingDocuments).toEqual(['medical-opinion']);
        await waitUntil(() => h.rec.tasks.length === 1, 'documents task');
        expect(h.rec.tasks[0]).toMatchObject({
          kind: 'service-documents-missing',
          dueDate: addMonthsClamped(realToday(), 1),
          signalName: expect.any(String),
        });
        expect(letterKinds(h.rec)).toEqual(['missing-documents']);
        expect(h.rec.letters[0]?.data['missing']).toEqual(['medical-opinion']);
        const withRequest = await waitFor(
          handle,
          (v) => v.record.documentsRequest !== null,
          'documentsRequest',
        );
        expect(withRequest.record.documentsRequest).toEqual({
          taskId: 'task-1',
          letterDocumentId: 'letter-1',
        });

        // a document arrives, but not the one missing: still waiting, no second letter or task
        await handle.signal(serviceDocumentsChanged);
        await waitUntil(() => h.rec.documentChecks === 2, 'second check');
        await new Promise((r) => setTimeout(r, 300));
        expect((await handle.query(socialServiceState)).state).toBe('awaiting-documents');

        h.rec.missing = [];
        await handle.signal(serviceDocumentsChanged);
        const assessing = await waitFor(handle, inState('assessment'), 'assessment');
        expect(assessing.record.missingDocuments).toEqual([]);
        expect(assessing.record.tasks.find((t) => t.key === 'documents')?.closed).toBe(true);
        expect(h.rec.closedTasks.map((t) => t.idempotencyKey)).toEqual(['social-service:ss-docs:documents']);
        expect(letterKinds(h.rec)).toEqual(['missing-documents']);
        expect(h.rec.tasks).toHaveLength(1);
      }),
    TIMEOUT,
  );

  it(
    'extends the decision deadline once (at most 4 months from the request) and alerts on the new deadline',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const handle = await start(h, 'ss-extend', seedType('home-care'));
        const assessing = await waitFor(handle, inState('assessment'), 'assessment');
        const original = assessing.record.decisionDeadline;
        const tooLate = addDays(addMonthsClamped(today, 4), 1);
        expect(
          await rejection(
            handle.executeUpdate(extendServiceDeadline, {
              args: [{ newDeadline: tooLate, reason: 'Jāsaņem papildu atzinums', by: 'vad.cesis' }],
            }),
          ),
        ).toMatch(/^newDeadline: /);
        expect(
          await rejection(
            handle.executeUpdate(extendServiceDeadline, {
              args: [{ newDeadline: addMonthsClamped(today, 2), reason: '', by: 'vad.cesis' }],
            }),
          ),
        ).toMatch(/^reason: /);
        const newDeadline = addMonthsClamped(today, 2);
        const extended = await handle.executeUpdate(extendServiceDeadline, {
          args: [{ newDeadline, reason: 'Jāsaņem papildu atzinums', by: 'vad.cesis' }],
        });
        expect(extended.record.extension).toMatchObject({ newDeadline, documentId: 'letter-1' });
        expect(extended.deadlines).toEqual([{ kind: 'decision', date: newDeadline }]);
        expect(letterKinds(h.rec)).toEqual(['extension']);
        expect(h.rec.letters[0]?.data).toMatchObject({ previousDeadline: original, newDeadline });
        // only one extension
        expect(
          await rejection(
            handle.executeUpdate(extendServiceDeadline, {
              args: [{ newDeadline: addMonthsClamped(today, 3), reason: 'Vēl viens', by: 'vad.cesis' }],
            }),
          ),
        ).toMatch(/^extension: /);

        // past the original deadline: no alert about it
        await sleepUntil(h, addDays(original, 3));
        await new Promise((r) => setTimeout(r, 500));
        expect(h.rec.alerts).toEqual([]);

        await sleepUntil(h, addDays(newDeadline, -5));
        await waitUntil(() => h.rec.alerts.length >= 1, 'due-soon alert');
        await sleepUntil(h, addDays(newDeadline, 2));
        await waitUntil(() => h.rec.alerts.length >= 2, 'overdue alert');
        expect(h.rec.alerts.map((a) => [a.kind, a.dueDate])).toEqual([
          ['due-soon', newDeadline],
          ['overdue', newDeadline],
        ]);
      }),
    TIMEOUT,
  );

  it(
    'alerts 5 days before a missed decision deadline and once it has passed — exactly once each',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'ss-deadline', seedType('home-care'));
        const assessing = await waitFor(handle, inState('assessment'), 'assessment');
        const deadline = assessing.record.decisionDeadline;

        await sleepUntil(h, addDays(deadline, -6));
        await new Promise((r) => setTimeout(r, 300));
        expect(h.rec.alerts).toEqual([]);

        await sleepUntil(h, addDays(deadline, -5));
        const soon = await waitFor(handle, (v) => v.record.alerts.length >= 1, 'due-soon');
        expect(soon.record.alerts[0]).toMatchObject({
          kind: 'due-soon',
          dueDate: deadline,
          subject: 'decision',
        });

        await sleepUntil(h, deadline);
        await new Promise((r) => setTimeout(r, 300));
        expect(h.rec.alerts).toHaveLength(1);

        await sleepUntil(h, addDays(deadline, 1));
        await waitFor(handle, (v) => v.record.alerts.length >= 2, 'overdue');

        await sleepUntil(h, addDays(deadline, 40));
        await new Promise((r) => setTimeout(r, 500));
        const later = await handle.query(socialServiceState);
        expect(later.state).toBe('assessment');
        expect(later.record.alerts.map((a) => [a.subject, a.kind, a.dueDate])).toEqual([
          ['decision', 'due-soon', deadline],
          ['decision', 'overdue', deadline],
        ]);
        expect(h.rec.alerts.map((a) => [a.kind, a.dueDate])).toEqual([
          ['due-soon', deadline],
          ['overdue', deadline],
        ]);
        expect(h.rec.mails).toEqual(['alert-1', 'alert-2']);
      }),
    TIMEOUT,
  );

  it(
    'creates the review task 14 days ahead, returns to active after the review, and alerts when not reviewed',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const reviewDate = addDays(today, 20);
        const handle = await start(h, 'ss-review', seedType('home-care'));
        await assess(handle, HOME_CARE_ANSWERS);
        const active = await grant(handle, { reviewDate });
        expect(active.record.nextReviewDate).toBe(reviewDate);

        await sleepUntil(h, addDays(reviewDate, -15));
        await new Promise((r) => setTimeout(r, 300));
        expect(taskKinds(h.rec)).not.toContain('service-review');

        await sleepUntil(h, addDays(reviewDate, -14));
        const due = await waitFor(handle, inState('review-due'), 'review-due');
        expect(due.step).toBe('review');
        expect(due.record.tasks.find((t) => t.kind === 'service-review')).toMatchObject({
          key: `review:${reviewDate}`,
          dueDate: reviewDate,
          closed: false,
        });
        expect(h.rec.alerts).toEqual([]);

        expect(
          await rejection(
            handle.executeUpdate(recordServiceReview, {
              args: [{ outcome: 'continue', notes: '', by: 'soc.cesis' }],
            }),
          ),
        ).toMatch(/^notes: /);
        const reviewedOn = await workflowToday(h);
        const reviewed = await handle.executeUpdate(recordServiceReview, {
          args: [{ outcome: 'continue', notes: 'Vajadzība nemainīga', by: 'soc.cesis' }],
        });
        const next = nextReviewDate(reviewedOn, 6);
        expect(reviewed.state).toBe('active');
        expect(reviewed.record.nextReviewDate).toBe(next);
        expect(reviewed.record.reviews).toEqual([
          expect.objectContaining({ reviewDate, outcome: 'continue', nextReviewDate: next }),
        ]);
        expect(h.rec.closedTasks.map((t) => t.idempotencyKey)).toContain(
          `social-service:ss-review:review:${reviewDate}`,
        );

        // the next review is not done: task, due-soon and overdue alerts for it
        await sleepUntil(h, addDays(next, -5));
        await waitFor(handle, (v) => v.record.alerts.some((a) => a.subject === 'review'), 'review due-soon');
        await sleepUntil(h, addDays(next, 2));
        const overdue = await waitFor(handle, (v) => v.record.alerts.length >= 2, 'review overdue');
        expect(overdue.state).toBe('review-due');
        expect(overdue.record.alerts.map((a) => [a.subject, a.kind, a.dueDate])).toEqual([
          ['review', 'due-soon', next],
          ['review', 'overdue', next],
        ]);
        expect(h.rec.tasks.filter((t) => t.kind === 'service-review').map((t) => t.dueDate)).toEqual([
          reviewDate,
          next,
        ]);
      }),
    TIMEOUT,
  );

  it(
    'terminates on the client’s death found in PMLP: closing letter, closed after the final settlement window',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const handle = await start(h, 'ss-death', seedType('home-care'));
        await assess(handle, HOME_CARE_ANSWERS);
        await grant(handle);

        // PMLP now reports the client deceased (the simulator's admin API)
        const got = await call(`${h.sim.url}/_admin/dossiers/${CLIENT}`, 'GET');
        const dossier = (got.body as { dossier: { person: { deathDate: string | null } } }).dossier;
        dossier.person.deathDate = today;
        const put = await call(`${h.sim.url}/_admin/dossiers/${CLIENT}`, 'PUT', dossier);
        expect(put.status).toBe(200);

        // the monthly PMLP check on the first of the next month finds it
        const nextMonthFirst = firstDayOfIsoMonth(isoMonthOf(addMonthsClamped(`${isoMonthOf(today)}-01`, 1)));
        await sleepUntil(h, nextMonthFirst);
        const closing = await waitFor(handle, (v) => v.record.termination !== null, 'termination');
        expect(closing.record.termination).toMatchObject({
          cause: 'death',
          endDate: today,
          by: 'system:pmlp',
        });
        await waitUntil(() => letterKinds(h.rec).includes('closing'), 'closing letter');
        expect(letterKinds(h.rec)).toEqual(['grant', 'closing']);
        const finalDue = deliveryRecordDueDate(isoMonthOf(today));
        expect((await handle.query(socialServiceState)).state).toBe('closing');

        await sleepUntil(h, addDays(finalDue, 1));
        const result = await handle.result();
        expect(result.state).toBe('closed');
        expect(result.record.termination?.cause).toBe('death');
        expect(result.record.termination?.documentId).toBe('letter-2');
        // the month without a delivery record got its task; nothing to settle
        expect(h.rec.tasks.map((t) => [t.kind, t.dueDate])).toEqual([['service-delivery-missing', finalDue]]);
        expect(result.record.settlements).toEqual([]);
        expect(h.rec.states.at(-1)?.state).toBe('closed');
      }),
    TIMEOUT,
  );

  it(
    'ends a service on the clientDeathReported signal as well',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const handle = await start(h, 'ss-death-signal', seedType('home-care'));
        await assess(handle, HOME_CARE_ANSWERS);
        await grant(handle);
        await handle.executeUpdate(recordServiceDelivery, {
          args: [{ month: isoMonthOf(today), units: 8, by: 'soc.cesis' }],
        });
        await handle.signal(clientDeathReported, { deathDate: today, source: 'PMLP' });
        const result = await handle.result();
        expect(result.state).toBe('closed');
        expect(result.record.termination).toMatchObject({ cause: 'death', endDate: today });
        expect(letterKinds(h.rec)).toEqual(['grant', 'closing']);
        expect(result.record.settlements).toEqual([
          expect.objectContaining({ month: isoMonthOf(today), units: 8, costEur: 76, final: true }),
        ]);
      }),
    TIMEOUT,
  );

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
    'creates a service-delivery-missing task when the month has no record by the 5th of the next month',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const month = isoMonthOf(today);
        const due = deliveryRecordDueDate(month);
        const handle = await start(h, 'ss-delivery-missing', seedType('home-care'));
        await assess(handle, HOME_CARE_ANSWERS);
        await grant(handle);

        await sleepUntil(h, addDays(due, -1));
        await new Promise((r) => setTimeout(r, 300));
        expect(taskKinds(h.rec)).not.toContain('service-delivery-missing');
        expect((await handle.query(socialServiceState)).missingDeliveryMonths).toEqual([]);

        await sleepUntil(h, due);
        const missing = await waitFor(
          handle,
          (v) => v.record.tasks.some((t) => t.kind === 'service-delivery-missing'),
          'delivery task',
        );
        expect(missing.record.tasks.find((t) => t.kind === 'service-delivery-missing')).toMatchObject({
          key: `delivery:${month}`,
          dueDate: due,
          closed: false,
        });
        expect(missing.missingDeliveryMonths).toEqual([month]);
        expect(dayNumber(due) - dayNumber(today)).toBeGreaterThan(0);

        await handle.executeUpdate(recordServiceDelivery, { args: [{ month, units: 30, by: 'soc.cesis' }] });
        const recorded = await waitFor(handle, (v) => v.record.settlements.length === 1, 'settled');
        expect(recorded.missingDeliveryMonths).toEqual([]);
        expect(recorded.record.tasks.find((t) => t.key === `delivery:${month}`)?.closed).toBe(true);
        expect(recorded.record.settlements[0]).toMatchObject({ month, costEur: 285, clientPaysEur: 0 });
      }),
    TIMEOUT,
  );

  it(
    'closes the documents task when the request is refused while documents are missing',
    () =>
      withHarness(bundle, async (h) => {
        h.rec.missing = ['medical-opinion'];
        const handle = await start(h, 'ss-docs-refused', seedType('home-care'));
        await waitFor(handle, inState('awaiting-documents'), 'awaiting-documents');
        await waitFor(handle, (v) => v.record.documentsRequest !== null, 'documentsRequest');
        await handle.executeUpdate(decideService, {
          args: [{ decision: 'refuse', reason: 'Dokumenti netika iesniegti', by: 'vad.cesis' }],
        });
        const result = await handle.result();
        expect(result.state).toBe('refused');
        expect(letterKinds(h.rec)).toEqual(['missing-documents', 'refuse']);
        // the inbox task "documents missing" must not stay open after the request is decided
        expect(result.record.tasks.find((t) => t.key === 'documents')?.closed).toBe(true);
        expect(h.rec.closedTasks.map((t) => t.idempotencyKey)).toEqual([
          'social-service:ss-docs-refused:documents',
        ]);
      }),
    TIMEOUT,
  );

  it(
    'ends the request with a closing letter when PMLP already reports the client deceased at intake',
    () =>
      withHarness(bundle, async (h) => {
        const handle = await start(h, 'ss-deceased', seedType('home-care'), {
          clientPersonId: 'h8-petrova-ludmila',
        });
        const result = await handle.result();
        expect(result.record.registryCheck?.deathDate).toBe('2026-09-12');
        expect(result.record.termination).toMatchObject({ cause: 'death', endDate: '2026-09-12' });
        expect(result.record.decision).toBeNull();
        expect(result.state).toBe('closed'); // ended before any decision: closed, not refused
        expect(letterKinds(h.rec)).toEqual(['closing']);
        expect(h.rec.letters[0]?.data['granted']).toBe(false);
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
        await new Promise((r) => setTimeout(r, 1500));
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

  it(
    'keeps asking for the monthly delivery record by the 5th when a termination is dated in the future',
    () =>
      withHarness(bundle, async (h) => {
        const today = realToday();
        const month = isoMonthOf(today);
        const due = deliveryRecordDueDate(month);
        const endDate = addMonthsClamped(`${month}-01`, 2); // the 1st of the month after next
        const handle = await start(h, 'ss-future-end', seedType('home-care'));
        await assess(handle, HOME_CARE_ANSWERS);
        await grant(handle);
        await handle.executeUpdate(terminateService, {
          args: [{ endDate, reason: 'Klients pārceļas uz citu novadu', by: 'soc.cesis' }],
        });
        await sleepUntil(h, addDays(due, 1));
        // the current month has no record by the 5th of the next month: the task is due now, not at the end
        const view = await waitFor(
          handle,
          (v) => v.record.tasks.some((t) => t.key === `delivery:${month}`),
          `delivery task for ${month}`,
          10_000,
        );
        expect(view.missingDeliveryMonths).toEqual([month]);
      }),
    TIMEOUT,
  );
});
