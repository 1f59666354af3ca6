/**
 * specialistQualification on the time-skipping server with recording activities: the initial deadline's reminders
 * (90 and 30 days before) and the overdue alert the day after; a training that moves the clock and continues the run
 * as new into the refresher cycle; a move that carries the clock to the new organisation; leaving that ends the run;
 * catching up after a late start; and rules carried in the input rather than read from the bundle's table.
 */ import { describe, expect, it } from '@jest/globals';
import { addDays, addMonthsClamped, addYearsClamped } from '../../domain/calendar.js';
import { QUALIFICATION_RULES } from '../../domain/specialists/index.js';
import {
  qualificationFactsChanged,
  type QualificationState,
} from '../../workflows/specialist-qualification/contract.js';
import { recordHistory } from '../helpers/histories.js';
import { TIMEOUT, qualificationHarness } from './specialist-qualification-harness.js';

const h = qualificationHarness('specialist-qualification-test');
const { today, advanceTo, waitFor, start, remindersOf, overdueOf } = h;

describe('specialistQualification', () => {
  it(
    'a move carries the clock to the new organisation; a training before the reminders leaves none; leaving ends the run',
    async () => {
      const t = await today();
      const due = addDays(addMonthsClamped(t, 12), -1);
      const moved = await start([{ organisationId: 'A', from: t, to: null }]);
      const trained = await start([{ organisationId: 'A', from: t, to: null }]);
      await waitFor(moved.state, () => true, 'state');
      await waitFor(trained.state, () => true, 'state');

      const moveOn = addDays(t, 30);
      await advanceTo(moveOn);
      await moved.handle.signal(qualificationFactsChanged, {
        organisationId: 'B',
        facts: {
          periods: [
            { organisationId: 'A', from: t, to: addDays(moveOn, -1) },
            { organisationId: 'B', from: moveOn, to: null },
          ],
          trainings: [],
        },
      });
      await trained.handle.signal(qualificationFactsChanged, {
        organisationId: 'A',
        facts: {
          periods: [{ organisationId: 'A', from: t, to: null }],
          trainings: [{ kind: 'initial', completedOn: moveOn, hours: 40 }],
        },
      });
      await waitFor(moved.state, (s) => s.organisationId === 'B', 'the move');
      expect((await moved.state()).deadline).toEqual({ kind: 'initial', dueBy: due });
      await waitFor(trained.state, (s) => s.deadline?.kind === 'refresher', 'the training');

      await advanceTo(addDays(due, -90));
      await waitFor(
        async () => remindersOf(moved.specialistId),
        (r) => r.length === 1,
        'the reminder after the move',
      );
      expect(remindersOf(moved.specialistId)[0]).toMatchObject({
        organisationId: 'B',
        kind: 'initial',
        dueBy: due,
      });
      expect(remindersOf(trained.specialistId)).toEqual([]);
      expect((await trained.state()).status).toBe('compliant');

      // Leaving ends the obligation: recorded the day after the last day employed, the run ends with no notices.
      const lastDay = addDays(await today(), -1);
      await trained.handle.signal(qualificationFactsChanged, {
        organisationId: 'A',
        facts: {
          periods: [{ organisationId: 'A', from: t, to: lastDay }],
          trainings: [{ kind: 'initial', completedOn: moveOn, hours: 40 }],
        },
      });
      expect(await trained.handle.result()).toMatchObject({ ended: true, status: 'inactive' });
      expect(remindersOf(trained.specialistId)).toEqual([]);
      await moved.handle.terminate('test done');
      await recordHistory(h.env().client, moved.handle.workflowId, 'moved-then-reminded');
      await recordHistory(h.env().client, trained.handle.workflowId, 'trained-then-left');
    },
    TIMEOUT,
  );

  it(
    'catches up after a late start: only the latest missed reminder, or straight to the overdue alert',
    async () => {
      const t = await today();
      // Due in 40 days: the 90-day reminder is missed, the 30-day one still ahead.
      const lateFrom = addDays(addMonthsClamped(addDays(t, 41), -12), 0);
      const late = await start([{ organisationId: 'A', from: lateFrom, to: null }]);
      // Due yesterday: straight to the overdue alert, no reminders.
      const overdueFrom = addMonthsClamped(addDays(t, -1), -12);
      const over = await start([{ organisationId: 'A', from: addDays(overdueFrom, 1), to: null }]);
      await waitFor(
        async () => remindersOf(late.specialistId),
        (r) => r.length === 1,
        'the caught-up reminder',
      );
      expect(remindersOf(late.specialistId)[0]).toMatchObject({ daysBefore: 90 });
      await waitFor(
        async () => overdueOf(over.specialistId),
        (r) => r.length === 1,
        'the overdue alert',
      );
      expect(remindersOf(over.specialistId)).toEqual([]);
      const s = await late.state();
      expect(s.notified?.reminded).toEqual([90]);
      await late.handle.terminate('test done');
      await over.handle.terminate('test done');
      await recordHistory(h.env().client, over.handle.workflowId, 'started-overdue');
    },
    TIMEOUT,
  );

  it(
    'uses the rules carried in its input and ends at once for a person who has left',
    async () => {
      const t = await today();
      const rules = [{ ...QUALIFICATION_RULES[0]!, initialWithinMonths: 6 }];
      const six = await start([{ organisationId: 'A', from: t, to: null }], [], { rules });
      const s: QualificationState = await waitFor(six.state, () => true, 'state');
      expect(s.deadline).toEqual({ kind: 'initial', dueBy: addDays(addMonthsClamped(t, 6), -1) });
      await six.handle.terminate('test done');

      const left = await start([{ organisationId: 'A', from: addYearsClamped(t, -3), to: addDays(t, -1) }]);
      expect(await left.handle.result()).toMatchObject({ ended: true, status: 'inactive' });
      expect(remindersOf(left.specialistId)).toEqual([]);
      expect(overdueOf(left.specialistId)).toEqual([]);
      await recordHistory(h.env().client, left.handle.workflowId, 'left-before-start');
    },
    TIMEOUT,
  );
});
