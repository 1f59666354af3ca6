/**
 * socialService (issue 6) after the grant, on the time-skipping server (harness: social-service-harness.ts): delivery
 * records, settlement, reviews, termination and closing.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleTestWorkflows } from '../helpers/time-skipping.js';
import {
  clientDeathReported,
  recordServiceDelivery,
  recordServiceReview,
  socialServiceState,
  terminateService,
} from '../../workflows/social-services/contract.js';
import { addDays, addMonthsClamped, firstDayOfIsoMonth, isoMonthOf } from '../../domain/calendar.js';
import { deliveryRecordDueDate, nextReviewDate } from '../../domain/social-services/lifecycle.js';
import { call } from '../unit/registries/support/http.js';
import {
  CLIENT,
  seedType,
  withHarness,
  idle,
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

describe('socialService workflow: delivery, review, termination and closing', () => {
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
        await idle(handle);
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
        await idle(handle);
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
