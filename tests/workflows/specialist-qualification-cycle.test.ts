/**
 * specialistQualification on the time-skipping server with recording activities: the initial deadline's reminders
 * (90 and 30 days before) and the overdue alert the day after; a training that moves the clock and continues the run
 * as new into the refresher cycle; a move that carries the clock to the new organisation; leaving that ends the run;
 * catching up after a late start; and rules carried in the input rather than read from the bundle's table.
 */ import { describe, expect, it } from '@jest/globals';
import { addDays, addMonthsClamped, addYearsClamped } from '../../domain/calendar.js';
import { qualificationFactsChanged } from '../../workflows/specialist-qualification/contract.js';
import { recordHistory } from '../helpers/histories.js';
import { TIMEOUT, qualificationHarness } from './specialist-qualification-harness.js';

const h = qualificationHarness('specialist-qualification-cycle-test');
const { today, advanceTo, waitFor, start, remindersOf, overdueOf } = h;

describe('specialistQualification across a refresher cycle', () => {
  // In its own file (its own time-skipping server): after a continue-as-new or a termination the test server no
  // longer skips time for later tests in the same server.
  it(
    'reminds 90 and 30 days before the initial due date, alerts the day after, then a training starts the refresher cycle as new (a certificate from before the employment counts)',
    async () => {
      const t = await today();
      const due = addDays(addMonthsClamped(t, 12), -1);
      const { specialistId, handle, state } = await start([{ organisationId: 'A', from: t, to: null }]);
      const first = await waitFor(state, () => true, 'state');
      expect(first).toMatchObject({
        status: 'initial-due',
        deadline: { kind: 'initial', dueBy: due },
        cycle: 0,
      });
      expect(remindersOf(specialistId)).toEqual([]);

      await advanceTo(addDays(due, -90));
      await waitFor(
        async () => remindersOf(specialistId),
        (r) => r.length === 1,
        'the 90-day reminder',
      );
      await advanceTo(addDays(due, -30));
      await waitFor(
        async () => remindersOf(specialistId),
        (r) => r.length === 2,
        'the 30-day reminder',
      );
      expect(remindersOf(specialistId)).toEqual([
        { specialistId, organisationId: 'A', kind: 'initial', dueBy: due, daysBefore: 90 },
        { specialistId, organisationId: 'A', kind: 'initial', dueBy: due, daysBefore: 30 },
      ]);
      await advanceTo(due);
      expect(overdueOf(specialistId)).toEqual([]);
      await advanceTo(addDays(due, 1));
      await waitFor(
        async () => overdueOf(specialistId),
        (r) => r.length === 1,
        'the overdue alert',
      );
      expect(overdueOf(specialistId)[0]).toEqual({
        specialistId,
        organisationId: 'A',
        kind: 'initial',
        dueBy: due,
      });
      expect((await state()).status).toBe('initial-overdue');

      // A certificate from before the employment turns up (it counts): the initial deadline is met, the refresher
      // falls due in 80 days, so the 90-day reminder of the new cycle is caught up at once.
      const recordedOn = addDays(due, 3);
      await advanceTo(recordedOn);
      const trainedOn = addDays(addYearsClamped(recordedOn, -5), 81);
      const runBefore = (await handle.describe()).runId;
      await handle.signal(qualificationFactsChanged, {
        organisationId: 'A',
        facts: {
          periods: [{ organisationId: 'A', from: t, to: null }],
          trainings: [{ kind: 'initial', completedOn: trainedOn, hours: 40 }],
        },
      });
      const refresherDue = addDays(addYearsClamped(trainedOn, 5), -1);
      const next = await waitFor(state, (s) => s.cycle === 1, 'the refresher cycle');
      expect(next).toMatchObject({
        status: 'refresher-due',
        deadline: { kind: 'refresher', dueBy: refresherDue },
      });
      expect((await handle.describe()).runId).not.toBe(runBefore);
      await waitFor(
        async () => remindersOf(specialistId),
        (r) => r.length === 3,
        'the refresher reminder',
      );
      expect(remindersOf(specialistId)[2]).toMatchObject({
        kind: 'refresher',
        dueBy: refresherDue,
        daysBefore: 90,
      });

      // Time skipping after a continue-as-new does not advance on the test server: leaving is tested below.
      await handle.terminate('test done');
      await recordHistory(h.env().client, handle.workflowId, 'reminded-overdue-trained-continued');
    },
    TIMEOUT,
  );
});
