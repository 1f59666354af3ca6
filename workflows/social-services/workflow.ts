/**
 * socialService (BRIEF §4.2, issue 6): one client's social service from request to settlement, its steps driven by
 * the service type's definition (data from the catalogue — a new type needs no code change) and the rules in force
 * on the request date (both in the input).
 *
 * intake (required documents; missing → task + letter, wait for a document or the task) → registry checks of the
 * type (child registryCheck) → needs assessment (update, validated against the type's form) → decision within the
 * deadline (update; one extension up to 4 months from the request, with a notice; supervisor alerted 5 days before
 * and when it passes) → refused, or active: monthly delivery records (missing by the 5th of the next month → task),
 * settlement per month (units × tariff; SPSP 29(2) co-payment from VSAA data), reviews every review period (task,
 * supervisor alerts) → termination (worker, end date, review, client's death reported by PMLP) → closing letter →
 * final settlement → closed. Long histories continue as new with the record carried over.
 *
 * Contract: ./contract.ts; state and transitions: ./state.ts; steps: ./steps.ts (to the decision) and ./delivery.ts.
 */
import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { SocialServiceInput, SocialServiceView } from './contract.js';
import { DeliverySteps } from './delivery.js';
import { ServiceEffects } from './effects.js';
import { registerHandlers } from './handlers.js';
import { ServiceState } from './state.js';
import { RequestSteps } from './steps.js';

export async function socialService(input: SocialServiceInput): Promise<SocialServiceView> {
  const { workflowId } = workflowInfo();
  const s = new ServiceState(input);
  const fx = new ServiceEffects(s, workflowId);
  registerHandlers(s, fx);

  if (!input.record) {
    const request = new RequestSteps(s, fx, workflowId);
    await request.request();
    const deadlineWatch = request.watchDecisionDeadline();
    await request.intake();
    await request.registryChecks();
    await request.assessment();
    await request.decision(deadlineWatch);
    if (request.refusedOrWithdrawn()) {
      await request.endWithoutService();
      await condition(allHandlersFinished);
      return s.view();
    }
    await request.activate();
  }

  const delivery = new DeliverySteps(s, fx);
  if ((await delivery.deliverUntilTerminated()) === 'continue-as-new') {
    await condition(() => s.updatesIdle() && allHandlersFinished());
    return continueAsNew<typeof socialService>({
      ...input,
      record: s.carriedOver(),
      generation: (input.generation ?? 0) + 1,
    });
  }
  await delivery.close();
  await condition(() => s.updatesIdle() && allHandlersFinished());
  return s.view();
}
