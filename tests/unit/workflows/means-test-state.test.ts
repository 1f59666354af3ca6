/**
 * The meansTestCycle state and its transitions without Temporal (workflows/means-test/state.ts): a fixed clock,
 * no worker.
 */
import { describe, expect, it } from '@jest/globals';
import { MEANS_TEST_RULE_TABLES, meansTestRuleSetOn } from '../../../domain/means-test/rule-set.js';
import type { MeansTestCycleInput } from '../../../workflows/means-test/contract.js';
import { CycleState } from '../../../workflows/means-test/state.js';

const at = (date: string) => () => new Date(`${date}T10:00:00Z`);

function input(extra: Partial<MeansTestCycleInput> = {}): MeansTestCycleInput {
  return {
    cycleId: 'mt-1',
    caseId: 'case-1',
    applicantPersonId: 'p-1',
    municipalityCode: '0001000',
    applicationDate: '2026-03-10',
    requestedBy: 'soc.riga',
    rules: meansTestRuleSetOn('2026-03-10'),
    ...extra,
  };
}

/** An approved evaluation valid until `validTo`. */
function approved(s: CycleState, validTo: string): void {
  s.current.decision = { decision: 'approve', reason: null, by: 'soc.riga', at: 'x' };
  s.current.result = {
    status: 'needy',
    periodMonths: 3,
    validFrom: '2026-03-01',
    validTo,
    householdIncomeEur: 0,
    thresholds: { gmiEur: 187, needyEur: 425, lowIncomeEur: 680 },
    gmiBenefitEur: 187,
    workingAgeMembers: 1,
    reasons: [],
  };
  s.state = 'active';
}

describe('CycleState', () => {
  it('takes its timers from the pinned rule set, not the tables of the code', () => {
    const rules = meansTestRuleSetOn('2026-03-10');
    const s = new CycleState(
      input({ rules: { ...rules, cycle: { ...rules.cycle, decisionDeadlineMonths: 2 } } }),
    );
    expect(s.current.decisionDeadline).toBe('2026-05-10');
    expect(new CycleState(input()).current.decisionDeadline).toBe('2026-04-10');
    // A cycle started before the rule set was pinned reads the tables (the same entry here).
    expect(new CycleState(input({ rules: undefined })).settings).toEqual(
      meansTestRuleSetOn('2026-03-10', MEANS_TEST_RULE_TABLES).cycle,
    );
  });

  it('accepts a decision only while awaiting one, a refusal only with a reason', () => {
    const s = new CycleState(input(), at('2026-03-12'));
    expect(s.checkDecision({ decision: 'approve', by: 'x' })).toEqual({
      path: 'state',
      message: 'a decision is possible only while awaiting a decision (now collecting)',
    });
    s.state = 'awaiting-decision';
    expect(s.checkDecision({ decision: 'refuse', reason: 'no', by: 'x' })?.path).toBe('reason');
    expect(s.checkDecision({ decision: 'refuse', reason: 'Ienākumi pārsniedz', by: 'x' })).toBeNull();
    expect(s.checkCorrection({ field: 'savingsEur', value: 0, reason: 'Labots', by: 'x' })?.path).toBe(
      'state',
    );
  });

  it('a change of situation ends the status on its date; a new declaration keeps it until validTo', () => {
    const s = new CycleState(input(), at('2026-04-01'));
    approved(s, '2026-05-31');
    expect(s.checkReevaluation('change', { by: 'x' })?.path).toBe('reason');
    expect(s.checkReevaluation('reapply', { date: '2026-03-01', by: 'x' })?.path).toBe('date');
    expect(s.requestReevaluation('change', { reason: 'Jauns darbs', by: 'x' })).toEqual({ evaluationNo: 2 });
    expect(s.checkReevaluation('reapply', { by: 'x' })).toEqual({
      path: 'state',
      message: 'a re-evaluation has already been requested',
    });
    s.endFor(s.next!, '2026-05-31');
    expect([s.current.endReason, s.current.endedOn]).toEqual(['situation-changed', '2026-04-01']);

    const t = new CycleState(input(), at('2026-05-20'));
    approved(t, '2026-05-31');
    t.requestReevaluation('reapply', { by: 'x' });
    t.endFor(t.next!, '2026-05-31');
    expect([t.current.endReason, t.current.endedOn]).toEqual(['reapplied', '2026-05-31']);
    expect(t.validity()).toMatchObject({ status: 'needy', validTo: '2026-05-31' });
  });

  it('hands the next run its date, the history, and the rule set resolved for that date', () => {
    const s = new CycleState(input(), at('2026-05-20'));
    approved(s, '2026-05-31');
    s.requestReevaluation('reapply', { by: 'soc.cesis' });
    const nextRules = meansTestRuleSetOn('2026-05-20');
    const next = s.nextInput(s.next!, nextRules);
    expect(next).toMatchObject({
      applicationDate: '2026-05-20',
      requestedBy: 'soc.cesis',
      evaluationNo: 2,
      trigger: 'reapply',
      rules: nextRules,
    });
    expect(next.history).toEqual([s.current]);
  });
});
