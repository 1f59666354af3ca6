/**
 * providerRegistration (issue 22, BRIEF §4.12): sleeps on durable timers until 6 and 1 months before the certificate
 * ends (a reminder to the provider to apply for re-registration each time), and until the day after the end: then,
 * without a renewal, the provider leaves the active register and every open service granted to it gets a task for its
 * municipality to find another provider. A renewal (signal) moves the end and the reminders; a withdrawal (signal)
 * ends the registration on its date the same way.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ProviderActivities } from '../../activities/providers.js';
import { addDays, compareIsoDates, msUntilRigaDate } from '../../domain/calendar.js';
import { renewalPlan } from '../../domain/providers/index.js';
import { rigaTodayInWorkflow } from '../workflow-calendar.js';
import {
  certificateIssued,
  registrationState,
  registrationWithdrawn,
  type RegistrationInput,
  type RegistrationState,
} from './contract.js';

const { remindProviderRenewal, leaveProviderRegister } = proxyActivities<ProviderActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 50,
  },
});

const MAX_SLEEP_DAYS = 30;
const MAX_WAKES_PER_RUN = 300;

export async function providerRegistration(input: RegistrationInput): Promise<RegistrationState> {
  let validTo = input.validTo;
  let withdrawnOn = input.withdrawnOn;
  let reminded = [...(input.reminded ?? [])];
  let outcome: RegistrationState['outcome'] = 'active';
  let changed = false;
  let wakes = 0;

  const state = (): RegistrationState => ({
    providerId: input.providerId,
    today: rigaTodayInWorkflow(),
    validTo,
    withdrawnOn,
    reminded,
    outcome,
  });
  setHandler(certificateIssued, ({ validTo: to }) => {
    if (compareIsoDates(to, validTo) > 0) {
      validTo = to;
      reminded = [];
    }
    changed = true;
  });
  setHandler(registrationWithdrawn, ({ on }) => {
    withdrawnOn = on;
    changed = true;
  });
  setHandler(registrationState, state);

  for (;;) {
    const today = rigaTodayInWorkflow();
    const plan = renewalPlan(validTo, input.rules);
    const endOn = withdrawnOn ?? plan.lapseOn;
    if (compareIsoDates(today, endOn) >= 0) {
      const reason = withdrawnOn ? 'withdrawn' : 'lapsed';
      const result = await leaveProviderRegister({ providerId: input.providerId, reason, on: endOn });
      if (!result.left && result.renewedTo && compareIsoDates(result.renewedTo, validTo) > 0) {
        validTo = result.renewedTo;
        reminded = [];
        continue;
      }
      outcome = reason;
      break;
    }
    if (!withdrawnOn) {
      const due = plan.reminders.filter(
        (r) => compareIsoDates(r.on, today) <= 0 && !reminded.includes(r.monthsBefore),
      );
      const latest = due.at(-1);
      if (latest) {
        // Catching up after an outage or a late registration: only the latest missed reminder is sent.
        await remindProviderRenewal({
          providerId: input.providerId,
          validTo,
          monthsBefore: latest.monthsBefore,
        });
        reminded = [...reminded, ...due.map((r) => r.monthsBefore)];
        continue;
      }
    }
    if (wakes >= MAX_WAKES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof providerRegistration>({ ...input, validTo, withdrawnOn, reminded });
    }
    const pending = [
      ...(withdrawnOn
        ? []
        : plan.reminders.filter((r) => !reminded.includes(r.monthsBefore)).map((r) => r.on)),
      endOn,
      addDays(today, MAX_SLEEP_DAYS),
    ].filter((d) => compareIsoDates(d, today) > 0);
    const wake = pending.sort(compareIsoDates)[0] ?? addDays(today, 1);
    changed = false;
    wakes += 1;
    await condition(() => changed, msUntilRigaDate(wake, Date.now(), 1_000));
  }
  await condition(allHandlersFinished);
  return state();
}
