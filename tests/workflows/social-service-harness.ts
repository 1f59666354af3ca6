/**
 * The harness of the socialService workflow tests: the time-skipping server, the real registry activities against
 * the real simulator (zero latency, in-memory ports) and the real registryCheck child; the social-service and alert
 * activities are in-memory fakes that record what the workflow asked for (the settlement fake runs the real domain
 * `settleMonth`).
 */
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { serviceRuleSetOn } from '../../domain/social-services/rule-set.js';
import { createTimeSkippingEnv } from '../helpers/time-skipping.js';
import { recordHistory } from '../helpers/histories.js';
import { startRegistrySimulator, type RunningSimulator } from '../../simulators/registry/start.js';
import { createRegistryActivities } from '../../activities/registries/activities.js';
import {
  decideService,
  socialServiceState,
  submitServiceAssessment,
  type ServiceDecisionInput,
  type SocialServiceInput,
  type SocialServiceView,
} from '../../workflows/social-services/contract.js';
import { socialService } from '../../workflows/social-services/workflow.js';
import type {
  ServiceLetterInput,
  ServiceStateInput,
  SettleMonthInput,
  SocialServiceActivities,
} from '../../activities/social-services.js';
import type { AlertActivities } from '../../activities/alerts.js';
import { textOf } from '../../activities/workflow-texts.js';
import type { DocumentType } from '../../domain/case-file/document-types.js';
import { calendarDateInZone, parseIsoDate, type IsoDate } from '../../domain/calendar.js';
import { SERVICE_CATALOGUE_SEED } from '../../domain/social-services/catalogue-seed.js';
import { type ServiceTypeDefinition } from '../../domain/social-services/catalogue.js';
import { settleMonth } from '../../domain/social-services/settlement.js';
import { createInMemoryPorts } from '../unit/registries/support/in-memory-ports.js';

export const TASK_QUEUE = 'social-service-test';
export const CLIENT = 'h4-ozola-biruta';

export function seedType(code: string): ServiceTypeDefinition {
  const def = SERVICE_CATALOGUE_SEED.find((d) => d.code === code);
  if (!def) throw new Error(`no seed type ${code}`);
  return structuredClone(def) as ServiceTypeDefinition;
}

// ---- Recording fakes ------------------------------------------------------------------------------------------

export interface Recorded {
  /** What checkRequiredDocuments answers as missing (mutable by the test). */
  missing: DocumentType[];
  documentChecks: number;
  states: ServiceStateInput[];
  letters: ServiceLetterInput[];
  assessments: { revision: number; by: string }[];
  tasks: {
    idempotencyKey: string;
    kind: string;
    dueDate: string | null;
    taskId: string;
    signalName: string | null;
  }[];
  closedTasks: { idempotencyKey: string; outcome: string }[];
  deliveries: { month: string; units: number; revision: number }[];
  settlements: (SettleMonthInput & { costEur: number; clientPaysEur: number; funderPaysEur: number })[];
  alerts: { kind: string; dueDate: string; idempotencyKey: string; alertId: string }[];
  mails: string[];
  /** Start and end of each storeServiceDelivery call, in order (the update mutex test). */
  deliveryCalls: string[];
  /** How long storeServiceDelivery takes (0: at once), so that concurrent updates would overlap without the mutex. */
  deliveryMs: number;
}

export function newRecorded(): Recorded {
  return {
    missing: [],
    documentChecks: 0,
    states: [],
    letters: [],
    assessments: [],
    tasks: [],
    closedTasks: [],
    deliveries: [],
    settlements: [],
    alerts: [],
    mails: [],
    deliveryCalls: [],
    deliveryMs: 0,
  };
}

export function fakeActivities(rec: Recorded): SocialServiceActivities & AlertActivities {
  return {
    async recordSocialServiceState(input) {
      rec.states.push(structuredClone(input));
    },
    async checkRequiredDocuments(input) {
      rec.documentChecks += 1;
      return { missing: input.requiredDocuments.filter((t) => rec.missing.includes(t)) };
    },
    async issueServiceLetter(input) {
      const existing = rec.letters.findIndex((l) => l.idempotencyKey === input.idempotencyKey);
      if (existing >= 0) return { documentId: `letter-${existing + 1}` };
      rec.letters.push(structuredClone(input));
      return { documentId: `letter-${rec.letters.length}` };
    },
    async storeServiceAssessment(input) {
      rec.assessments.push({ revision: input.revision, by: input.by });
      return { documentId: `assessment-${input.revision}` };
    },
    async createServiceTask(input) {
      const existing = rec.tasks.find((t) => t.idempotencyKey === input.idempotencyKey);
      if (existing) return { taskId: existing.taskId };
      const taskId = `task-${rec.tasks.length + 1}`;
      rec.tasks.push({
        idempotencyKey: input.idempotencyKey,
        kind: input.kind,
        dueDate: input.dueDate,
        taskId,
        signalName: input.signalName,
      });
      return { taskId };
    },
    async closeServiceTask(input) {
      rec.closedTasks.push({
        idempotencyKey: input.idempotencyKey,
        outcome: textOf(input.outcome, input.outcomeText),
      });
    },
    async storeServiceDelivery(input) {
      rec.deliveryCalls.push(`start ${input.month}`);
      if (rec.deliveryMs > 0) await new Promise((r) => setTimeout(r, rec.deliveryMs));
      rec.deliveryCalls.push(`end ${input.month}`);
      const previous = rec.deliveries.filter((d) => d.month === input.month).length;
      rec.deliveries.push({ month: input.month, units: input.units, revision: previous + 1 });
      return { revision: previous + 1 };
    },
    async settleServiceMonth(input) {
      const s = settleMonth({
        month: input.month,
        units: input.units,
        tariffEur: input.tariffEur,
        funding: input.funding,
        coPaymentCategory: input.coPayment,
        ...(input.clientIncome ? { clientPensionAndBenefitsEur: input.clientIncome.amountEur } : {}),
      });
      const out = { costEur: s.costEur, clientPaysEur: s.clientPaysEur, funderPaysEur: s.funderPaysEur };
      rec.settlements.push({ ...structuredClone(input), ...out });
      return out;
    },
    async raiseDeadlineAlert(input) {
      const existing = rec.alerts.find((a) => a.idempotencyKey === input.idempotencyKey);
      if (existing) return { alertId: existing.alertId, created: false };
      const alertId = `alert-${rec.alerts.length + 1}`;
      rec.alerts.push({
        kind: input.kind,
        dueDate: input.dueDate,
        idempotencyKey: input.idempotencyKey ?? '',
        alertId,
      });
      return { alertId, created: true };
    },
    async sendAlertMail(alertId) {
      rec.mails.push(alertId);
      return 'sent' as const;
    },
  };
}

// ---- Harness ------------------------------------------------------------------------------------------------------

export interface Harness {
  env: TestWorkflowEnvironment;
  sim: RunningSimulator;
  rec: Recorded;
  /** Workflow ids started by `start`, recorded as replay histories after the test (when recording). */
  started: string[];
}

/** Scenario names of the recorded histories; other ids are recorded as their name without `ss-`. */
const SCENARIOS: Record<string, string> = {
  'ss-grant': 'granted',
  'ss-refuse': 'refused',
  'ss-docs': 'documents-requested-then-received',
  'ss-extend': 'deadline-extended',
  'ss-deadline': 'decision-deadline-alerts',
  'ss-review': 'review-task-and-unreviewed-alert',
  'ss-death': 'terminated-on-death-with-final-settlement',
  'ss-death-signal': 'ended-on-death-signal',
  'ss-ltc': 'institutional-care-monthly-settlement',
  'ss-new-type': 'service-type-defined-in-test',
  'ss-delivery-missing': 'delivery-record-missing-task',
  'ss-docs-refused': 'refused-while-documents-missing',
  'ss-deceased': 'client-deceased-at-intake',
  'ss-ltc-vsaa-down': 'settlement-through-vsaa-outage',
  'ss-future-end': 'future-dated-termination',
};

export async function withHarness(
  bundle: WorkflowBundleWithSourceMap,
  body: (h: Harness) => Promise<void>,
): Promise<void> {
  const env = await createTimeSkippingEnv();
  const sim = await startRegistrySimulator({ latency: { minMs: 0, maxMs: 0 } });
  const rec = newRecorded();
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: bundle,
      activities: {
        ...createRegistryActivities(createInMemoryPorts(), {
          baseUrl: sim.url,
          callbackUrl: 'http://127.0.0.1:9/api/v1/integrations',
          timeoutMs: 2_000,
        }),
        ...fakeActivities(rec),
      },
    });
    const started: string[] = [];
    await worker.runUntil(async () => {
      await body({ env, sim, rec, started });
      for (const id of started) await recordHistory(env.client, id, SCENARIOS[id] ?? id.replace(/^ss-/, ''));
      // The registry check run as a child of the granted service.
      if (started.includes('ss-grant')) {
        await recordHistory(env.client, 'ss-grant-registries', 'child-of-granted-social-service');
      }
    });
  } finally {
    await sim.close();
    await env.teardown();
  }
}

export type Handle = WorkflowHandle<typeof socialService>;

/** Today in Riga by the real clock (the time-skipping server starts at the real current time). */
export function realToday(): IsoDate {
  return calendarDateInZone(new Date(Date.now()));
}

/** Today in Riga by the test server's (skipped) clock. */
export async function workflowToday(h: Harness): Promise<IsoDate> {
  return calendarDateInZone(new Date(await h.env.currentTimeMs()));
}

export function dayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** Skips time until `date` (a Riga calendar day) is well under way, i.e. to its noon. */
export async function sleepUntil(h: Harness, date: IsoDate): Promise<void> {
  const { year, month, day } = parseIsoDate(date);
  const target = Date.UTC(year, month - 1, day, 10); // 12:00 or 13:00 in Riga
  const now = await h.env.currentTimeMs();
  if (target > now) await h.env.sleep(target - now);
}

export async function start(
  h: Harness,
  id: string,
  serviceType: ServiceTypeDefinition,
  extra: Partial<SocialServiceInput> = {},
): Promise<Handle> {
  h.started.push(id);
  const requestedAt = extra.requestedAt ?? realToday();
  return h.env.client.workflow.start(socialService, {
    taskQueue: TASK_QUEUE,
    workflowId: id,
    args: [
      {
        serviceId: id,
        caseId: `case-${id}`,
        clientPersonId: CLIENT,
        municipalityCode: '0026000',
        serviceType,
        serviceTypeVersion: 1,
        requestedAt,
        requestedBy: 'soc.cesis',
        notes: null,
        // as the service starts one: with the rules in force on the request date
        rules: serviceRuleSetOn(requestedAt),
        ...extra,
      },
    ],
  });
}

/** Polls the state query (time does not skip meanwhile) until the predicate holds. */
export async function waitFor(
  handle: Handle,
  predicate: (v: SocialServiceView) => boolean,
  what = 'predicate',
  timeoutMs = 60_000,
): Promise<SocialServiceView> {
  const deadline = Date.now() + timeoutMs;
  let last: SocialServiceView | undefined;
  while (Date.now() < deadline) {
    try {
      last = await handle.query(socialServiceState);
      if (predicate(last)) return last;
    } catch {
      // the first workflow task may not have run yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} never held: state ${last?.state}`);
}
export const inState = (state: string) => (v: SocialServiceView) => v.state === state;

/**
 * Waits until the workflow has nothing left to do at the current (skipped) time: its history ends in a completed
 * workflow task, with no activity and no child workflow open. Time does not skip meanwhile, so nothing more happens
 * until a timer is due or a message arrives. Tests assert "nothing happened" after this — an observed quiescent state,
 * not a fixed real-time sleep.
 */
export async function idle(handle: Handle, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let busy = 'no history yet';
  while (Date.now() < deadline) {
    const events = (await handle.fetchHistory()).events ?? [];
    const open = new Set<string>();
    for (const e of events) {
      if (e.activityTaskScheduledEventAttributes || e.startChildWorkflowExecutionInitiatedEventAttributes) {
        open.add(String(e.eventId));
      }
      const activityEnd =
        e.activityTaskCompletedEventAttributes ??
        e.activityTaskFailedEventAttributes ??
        e.activityTaskTimedOutEventAttributes ??
        e.activityTaskCanceledEventAttributes;
      if (activityEnd) open.delete(String(activityEnd.scheduledEventId));
      const childEnd =
        e.childWorkflowExecutionCompletedEventAttributes ??
        e.childWorkflowExecutionFailedEventAttributes ??
        e.childWorkflowExecutionTimedOutEventAttributes ??
        e.childWorkflowExecutionCanceledEventAttributes ??
        e.childWorkflowExecutionTerminatedEventAttributes ??
        e.startChildWorkflowExecutionFailedEventAttributes;
      if (childEnd) open.delete(String(childEnd.initiatedEventId));
    }
    // Commands (timers, activities, markers) follow a completed workflow task; a signal or fired timer is followed
    // by a scheduled one. So the last workflow-task event tells whether the workflow still has work in hand.
    const lastTask = events.findLast(
      (e) =>
        e.workflowTaskScheduledEventAttributes ||
        e.workflowTaskStartedEventAttributes ||
        e.workflowTaskCompletedEventAttributes ||
        e.workflowTaskFailedEventAttributes ||
        e.workflowTaskTimedOutEventAttributes,
    );
    const closed = events.some((e) => e.workflowExecutionCompletedEventAttributes);
    busy =
      !closed && !lastTask?.workflowTaskCompletedEventAttributes
        ? 'a workflow task is pending'
        : open.size > 0
          ? `${open.size} activities or children open`
          : '';
    if (busy === '') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the workflow never became idle: ${busy}`);
}

/** Waits until the recorded fakes satisfy `predicate` (activities run outside the query). */
export async function waitUntil(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} never happened`);
}

/** The update's rejection message (validator failures reach the client as WorkflowUpdateFailedError). */
export async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError) return e.cause?.message ?? '';
    throw e;
  }
  throw new Error('the update was not rejected');
}

export const HOME_CARE_ANSWERS = {
  selfCareLevel: '2',
  mobility: 'aid',
  livesAlone: true,
  hoursPerWeekNeeded: 10,
};
export const LTC_ANSWERS = {
  selfCareLevel: '4',
  mobility: 'bedridden',
  mentalDisorder: false,
  relativesCanCare: false,
  monthlyPensionEur: 395,
};

export async function assess(
  handle: Handle,
  answers: Record<string, string | number | boolean>,
): Promise<void> {
  await waitFor(handle, inState('assessment'), 'assessment');
  await handle.executeUpdate(submitServiceAssessment, { args: [{ answers, by: 'soc.cesis' }] });
  await waitFor(handle, inState('awaiting-decision'), 'awaiting-decision');
}

export async function grant(
  handle: Handle,
  extra: Partial<ServiceDecisionInput> = {},
): Promise<SocialServiceView> {
  await handle.executeUpdate(decideService, {
    args: [
      {
        decision: 'grant',
        volume: 20,
        providerCode: 'CESIS-AC',
        providerName: 'Cēsu aprūpes centrs',
        startDate: realToday(),
        by: 'vad.cesis',
        ...extra,
      },
    ],
  });
  return waitFor(handle, inState('active'), 'active');
}

export const letterKinds = (rec: Recorded) => rec.letters.map((l) => l.kind);
export const taskKinds = (rec: Recorded) => rec.tasks.map((t) => t.kind);
