/**
 * meansTestCycle (BRIEF §4.1, issue 5): one household's means-test status as a durable cycle.
 *
 * collecting → (household from PMLP, then the registry check of every member, as child registryCheck workflows)
 * → awaiting-decision (declaration drafted and stored; corrections and the decision are Temporal updates; the
 * supervisor is alerted 5 days before the decision deadline, 1 month from the application) → refused (ends) or
 * active (decision letter, monthly GMI entitlements) → expiring (14 days before validTo: a task for the worker and a
 * reminder letter to the client) → expired at the end of validTo. A new declaration (reapply) or a reported change
 * of situation continues the cycle as new with the history carried over. History holds person ids, never codes.
 * The rules in force on the application date come with the input (issue 15).
 *
 * Contract: ./contract.ts; state and transitions: ./state.ts; steps: ./steps.ts.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ValidationIssue } from '../../domain/validation.js';
import { updateRejected } from '../update-rejection.js';
import {
  correctMeansDeclaration,
  decideMeansTest,
  MEANS_TEST_UPDATE_REJECTED,
  meansTestCycleState,
  reapplyMeansTest,
  reportSituationChange,
  type MeansTestCycleInput,
  type MeansTestCycleView,
  type MeansTestReevaluationInput,
} from './contract.js';
import { CycleState } from './state.js';
import { CycleSteps } from './steps.js';

export { CLOSE_EXPIRY_TASK_PATCH, PINNED_RULES_PATCH } from './steps.js';

/** A validator from a check of the state: its issue becomes the typed rejection. */
function validator<T>(check: (x: T) => ValidationIssue | null): (x: T) => void {
  return (x) => {
    const issue = check(x);
    if (issue) throw updateRejected(MEANS_TEST_UPDATE_REJECTED, [issue]);
  };
}

function registerHandlers(s: CycleState): void {
  setHandler(meansTestCycleState, () => s.view());
  setHandler(
    correctMeansDeclaration,
    (c) => {
      s.correct(c);
      return s.view();
    },
    { validator: validator(s.checkCorrection.bind(s)) },
  );
  setHandler(
    decideMeansTest,
    async (d) => {
      s.decide(d);
      return s.view();
    },
    { validator: validator(s.checkDecision.bind(s)) },
  );
  setHandler(reapplyMeansTest, (r) => s.requestReevaluation('reapply', r), {
    validator: validator((r: MeansTestReevaluationInput) => s.checkReevaluation('reapply', r)),
  });
  setHandler(reportSituationChange, (r) => s.requestReevaluation('change', r), {
    validator: validator((r: MeansTestReevaluationInput) => s.checkReevaluation('change', r)),
  });
}

export async function meansTestCycle(input: MeansTestCycleInput): Promise<MeansTestCycleView> {
  const s = new CycleState(input);
  const steps = new CycleSteps(s, workflowInfo().workflowId);
  registerHandlers(s);

  await steps.collectAndDraft();
  const decision = await steps.decision();
  if (decision.decision === 'refuse') {
    await steps.refused();
    await condition(allHandlersFinished);
    return s.view();
  }
  const reevaluation = await steps.active();
  if (reevaluation === null) {
    await condition(allHandlersFinished);
    return s.view();
  }
  const next = await steps.handOver(reevaluation);
  await condition(allHandlersFinished);
  return continueAsNew<typeof meansTestCycle>(next);
}
