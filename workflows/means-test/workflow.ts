/**
 * meansTestCycle (BRIEF §4.1, issue 5): one household's means-test status as a durable cycle.
 *
 * collecting → (household from PMLP, then the registry check of every member, as child registryCheck workflows)
 * → awaiting-decision (declaration drafted and stored; corrections and the decision are Temporal updates; the
 * supervisor is alerted 5 days before the decision deadline, 1 month from the application) → refused (ends) or
 * active (decision letter, monthly GMI entitlements) → expiring (14 days before validTo: a task for the worker and a
 * reminder letter to the client) → expired at the end of validTo. A new declaration (reapply) or a reported change
 * of situation continues the cycle as new with the history carried over. History holds person ids, never codes.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AlertActivities } from '../../activities/alerts.js';
import type { ExpiryTaskCloseReason, MeansTestActivities } from '../../activities/means-test.js';
import type { IsoDate } from '../../domain/calendar.js';
import {
  addDays,
  firstDayOfIsoMonth,
  isAfter,
  isBefore,
  lastDayOfIsoMonth,
  msUntilRigaDate,
} from '../../domain/calendar.js';
import { calculateMeansTest, type MeansTestResult } from '../../domain/means-test/calculate.js';
import { cycleSettingsOn, meansTestCycleSchedule } from '../../domain/means-test/cycle-schedule.js';
import { previousFullMonths } from '../../domain/means-test/income-aggregation.js';
import type { MunicipalityLowIncomeSetting } from '../../domain/means-test/municipality-settings.js';
import { calculationTablesOf } from '../../domain/means-test/rule-set.js';
import { MEANS_TEST_THRESHOLDS } from '../../domain/means-test/thresholds.js';
import { text, type TextRef } from '../../domain/text-ref.js';
import { DomainValidationError } from '../../domain/validation.js';
import {
  buildDeclaration,
  calculationInput,
  currentValue,
  householdMembers,
  subjectRoleOf,
  type MeansDeclaration,
} from './declaration.js';
import { registryCheck } from '../registry-check.js';
import { CASE_FILE_ACTIVITY_OPTIONS } from '../registry-policies.js';
import { updateRejected } from '../update-rejection.js';
import {
  correctMeansDeclaration,
  decideMeansTest,
  MEANS_TEST_UPDATE_REJECTED,
  meansTestCycleState,
  reapplyMeansTest,
  reportSituationChange,
  type EvaluationTrigger,
  type MeansTestCycleInput,
  type MeansTestCycleState,
  type MeansTestCycleView,
  type MeansTestDecision,
  type MeansTestEvaluation,
  type MeansTestReevaluationInput,
} from './contract.js';
import { rigaTodayInWorkflow } from '../workflow-calendar.js';

/**
 * Patch (docs/workflow-changes.md): the expiry reminder task is closed when the evaluation ends. Cycles that passed
 * that point before the change replay without the call.
 */
export const CLOSE_EXPIRY_TASK_PATCH = 'means-test-close-expiry-task';

/**
 * Patch: a re-evaluation resolves the rule set in force on its own date in an activity and carries it into the next
 * run. Cycles that continued as new before the change replay without the call.
 */
export const PINNED_RULES_PATCH = 'means-test-pinned-rules';

const acts = proxyActivities<MeansTestActivities>(CASE_FILE_ACTIVITY_OPTIONS);
const alerts = proxyActivities<AlertActivities>(CASE_FILE_ACTIVITY_OPTIONS);

/** Until a Riga date begins, by the workflow clock (0 once it has: the timer fires at once). */
function msUntilDate(date: IsoDate): number {
  return msUntilRigaDate(date, Date.now());
}
const today = rigaTodayInWorkflow;
/** Rejects an update: `path` names the field, or `state` when the cycle does not accept the update now. */
function invalid(path: string, message: string): never {
  throw updateRejected(MEANS_TEST_UPDATE_REJECTED, [{ path, message }]);
}

export async function meansTestCycle(input: MeansTestCycleInput): Promise<MeansTestCycleView> {
  const { workflowId } = workflowInfo();
  const evaluationNo = input.evaluationNo ?? 1;
  const history = input.history ?? [];
  const rules = input.rules ?? null;
  const settings = rules?.cycle ?? cycleSettingsOn(input.applicationDate);
  const schedule = meansTestCycleSchedule(
    { applicationDate: input.applicationDate, validTo: null },
    settings,
  );
  let state: MeansTestCycleState = 'collecting';
  let municipalitySettings: MunicipalityLowIncomeSetting[] = [];
  const current: MeansTestEvaluation = {
    evaluationNo,
    trigger: input.trigger ?? 'application',
    triggerReason: input.triggerReason ?? null,
    applicationDate: input.applicationDate,
    decisionDeadline: schedule.decisionDeadline,
    declaration: null,
    declarationDocumentId: null,
    corrections: [],
    result: null,
    decision: null,
    decisionDocumentId: null,
    entitlements: [],
    alerts: [],
    reminder: null,
    endedOn: null,
    endReason: null,
  };
  let next: { trigger: EvaluationTrigger; date: IsoDate; reason: string | null; by: string } | null = null;

  function validity(): MeansTestCycleView['validity'] {
    const t = today();
    for (const e of [current, ...[...history].reverse()]) {
      const r = e.result;
      if (e.decision?.decision !== 'approve' || !r?.validFrom || !r.validTo) continue;
      const end = e.endedOn ?? r.validTo;
      if (isBefore(end, t) && e !== current) continue;
      return { status: r.status, validFrom: r.validFrom, validTo: end, gmiBenefitEur: r.gmiBenefitEur };
    }
    return null;
  }
  const view = (): MeansTestCycleView => ({
    cycleId: input.cycleId,
    caseId: input.caseId,
    state,
    current: { ...current, corrections: [...current.corrections] },
    validity: validity(),
    history: [...history],
  });
  function recalculate(): void {
    if (!current.declaration) return;
    current.result = calculateMeansTest(
      calculationInput(current.declaration, current.corrections, input.municipalityCode),
      rules
        ? { ...calculationTablesOf(rules), municipalitySettings }
        : { thresholds: MEANS_TEST_THRESHOLDS, municipalitySettings },
    );
  }
  async function mirror(event?: { type: string; text: TextRef; data?: Record<string, unknown> }) {
    await acts.recordMeansTestState({
      cycleId: input.cycleId,
      caseId: input.caseId,
      state,
      evaluationNo,
      applicationDate: input.applicationDate,
      decisionDeadline: current.decisionDeadline,
      status: current.result?.status ?? null,
      validFrom: current.result?.validFrom ?? null,
      validTo: current.result?.validTo ?? null,
      gmiBenefitEur: current.result?.gmiBenefitEur ?? null,
      declarationDocumentId: current.declarationDocumentId,
      decisionDocumentId: current.decisionDocumentId,
      ...(event ? { event } : {}),
    });
  }

  /** The reminder's task is answered once the evaluation ends (only where there was a reminder). */
  async function closeExpiryTask(reason: ExpiryTaskCloseReason) {
    if (current.reminder && patched(CLOSE_EXPIRY_TASK_PATCH)) {
      await acts.closeMeansTestExpiryTask({ cycleId: input.cycleId, evaluationNo, reason });
    }
  }

  setHandler(meansTestCycleState, view);
  setHandler(
    correctMeansDeclaration,
    (c) => {
      const previous = currentValue(
        current.declaration as MeansDeclaration,
        current.corrections,
        c.field,
        c.memberId ?? null,
        input.municipalityCode,
      );
      current.corrections.push({
        field: c.field,
        memberId: c.field === 'monthlyIncomeEur' ? (c.memberId ?? null) : null,
        value: c.value,
        previous,
        reason: c.reason,
        by: c.by,
        at: new Date().toISOString(),
      });
      recalculate();
      return view();
    },
    {
      validator: (c) => {
        if (state !== 'awaiting-decision' || !current.declaration) {
          invalid('state', `corrections are possible only while awaiting a decision (now ${state})`);
        }
        if (!c.reason || c.reason.trim().length < 3) invalid('reason', 'a correction needs a reason');
        const numeric = c.field === 'monthlyIncomeEur' || c.field === 'savingsEur';
        if (numeric && (typeof c.value !== 'number' || !Number.isFinite(c.value) || c.value < 0)) {
          invalid('value', 'must be a non-negative amount in euros');
        }
        if (!numeric && typeof c.value !== 'boolean') invalid('value', 'must be true or false');
        if (
          c.field === 'monthlyIncomeEur' &&
          !current.declaration.members.some((m) => m.personId === c.memberId)
        ) {
          invalid('memberId', 'not a member of the household');
        }
      },
    },
  );
  setHandler(
    decideMeansTest,
    async (d) => {
      current.decision = {
        decision: d.decision,
        reason: d.reason ?? null,
        by: d.by,
        at: new Date().toISOString(),
      };
      return view();
    },
    {
      validator: (d) => {
        if (state !== 'awaiting-decision' || current.decision) {
          invalid('state', `a decision is possible only while awaiting a decision (now ${state})`);
        }
        if (d.decision === 'refuse' && (!d.reason || d.reason.trim().length < 3)) {
          invalid('reason', 'a refusal needs a reason');
        }
        if (d.decision === 'approve' && current.result?.status === 'not-eligible') {
          invalid('decision', 'the household is not eligible; refuse with a reason');
        }
      },
    },
  );
  const reevaluation = (trigger: EvaluationTrigger) => ({
    handler: (r: MeansTestReevaluationInput) => {
      next = { trigger, date: r.date ?? today(), reason: r.reason ?? null, by: r.by };
      return { evaluationNo: evaluationNo + 1 };
    },
    validator: (r: MeansTestReevaluationInput) => {
      if (state !== 'active' && state !== 'expiring')
        invalid('state', `only an active status can be re-evaluated (now ${state})`);
      if (next) invalid('state', 'a re-evaluation has already been requested');
      if (trigger === 'change' && (!r.reason || r.reason.trim().length < 3)) {
        invalid('reason', 'describe the change of situation');
      }
      if (r.date !== undefined && isBefore(r.date, input.applicationDate)) {
        invalid('date', 'before the current application');
      }
    },
  });
  const reapply = reevaluation('reapply');
  setHandler(reapplyMeansTest, reapply.handler, { validator: reapply.validator });
  const change = reevaluation('change');
  setHandler(reportSituationChange, change.handler, { validator: change.validator });

  // 1. Collect.
  await mirror({
    type: 'means-test.collecting',
    text: text('meansTest.event.collecting', { evaluationNo }),
    data: { evaluationNo, trigger: current.trigger },
  });
  municipalitySettings = (await acts.loadMunicipalitySettings({ municipalityCode: input.municipalityCode }))
    .settings;
  const purpose = 'Materiālās situācijas izvērtēšana (MK 809)';
  const household = await executeChild(registryCheck, {
    workflowId: `${workflowId}-household-${evaluationNo}`,
    args: [
      {
        caseId: input.caseId,
        subjects: [{ personId: input.applicantPersonId, role: 'applicant' }],
        registries: ['pmlp'],
        purpose,
        requestedBy: input.requestedBy,
      },
    ],
  });
  const { members, snapshot } = householdMembers(input.applicantPersonId, household);
  const months = previousFullMonths(input.applicationDate, 3);
  const check = await executeChild(registryCheck, {
    workflowId: `${workflowId}-registries-${evaluationNo}`,
    args: [
      {
        caseId: input.caseId,
        subjects: members.map((m) => ({
          personId: m.personId,
          role: subjectRoleOf(m, input.applicationDate),
        })),
        registries: ['vdeavk', 'vsaa', 'vid', 'vzd', 'account-register', 'banks'],
        purpose,
        requestedBy: input.requestedBy,
        incomePeriod: { fromMonth: months[0] as string, toMonth: months[2] as string },
        bankPeriod: {
          fromDate: firstDayOfIsoMonth(months[0] as string),
          toDate: lastDayOfIsoMonth(months[2] as string),
        },
        ...(input.bankDeadline ? { bankDeadline: input.bankDeadline } : {}),
      },
    ],
  });

  // 2. Draft the declaration.
  current.declaration = buildDeclaration({
    evaluationDate: input.applicationDate,
    months,
    members,
    householdSnapshotDocumentId: snapshot,
    check,
  });
  try {
    recalculate();
  } catch (err) {
    if (err instanceof DomainValidationError) {
      throw ApplicationFailure.nonRetryable(err.message, 'MeansTestCalculationFailed');
    }
    throw err;
  }
  current.declarationDocumentId = (
    await acts.storeMeansDeclaration({
      cycleId: input.cycleId,
      caseId: input.caseId,
      evaluationNo,
      municipalityCode: input.municipalityCode,
      declaration: current.declaration,
      result: current.result as MeansTestResult,
    })
  ).documentId;
  state = 'awaiting-decision';
  await mirror({
    type: 'means-test.declaration-drafted',
    text: text('meansTest.event.declaration-drafted'),
    data: { evaluationNo, banksNotAnswered: current.declaration.banksNotAnswered },
  });

  // 3. Decision, with the supervisor alerted before the deadline passes.
  const decided = () => current.decision !== null;
  const alert = async (kind: 'due-soon' | 'overdue', dueDate: IsoDate) => {
    const raised = await alerts.raiseDeadlineAlert({
      kind,
      subjectType: 'means-test',
      subjectId: input.cycleId,
      caseId: input.caseId,
      municipalityCode: input.municipalityCode,
      dueDate,
      escalationNo: evaluationNo,
      summaryText: text(`meansTest.alert.${kind}`, { dueDate, evaluationNo }),
      idempotencyKey: `means-test:${input.cycleId}:${evaluationNo}:${kind}`,
      audience: ['supervisor'],
    });
    current.alerts.push({ kind, dueDate, alertId: raised.alertId });
    if (raised.created) await alerts.sendAlertMail(raised.alertId);
  };
  if (!(await condition(decided, msUntilDate(schedule.decisionAlertDate)))) {
    await alert('due-soon', schedule.decisionDeadline);
    if (!(await condition(decided, msUntilDate(addDays(schedule.decisionDeadline, 1))))) {
      await alert('overdue', schedule.decisionDeadline);
      await condition(decided);
    }
  }
  const decision = current.decision as unknown as MeansTestDecision;
  const issued = await acts.issueMeansTestDecision({
    cycleId: input.cycleId,
    caseId: input.caseId,
    evaluationNo,
    municipalityCode: input.municipalityCode,
    decision,
    result: current.result as MeansTestResult,
    declaration: current.declaration,
    corrections: current.corrections,
  });
  current.decisionDocumentId = issued.documentId;
  current.entitlements = issued.entitlements;
  if (decision.decision === 'refuse') {
    state = 'refused';
    current.endedOn = today();
    current.endReason = 'refused';
    await mirror({
      type: 'means-test.refused',
      text: text('meansTest.event.refused'),
      data: { evaluationNo },
    });
    await condition(allHandlersFinished);
    return view();
  }

  // 4. Active until validTo; reminder before; reapply or change continue as new.
  const result = current.result as MeansTestResult;
  const validTo = result.validTo as IsoDate;
  state = 'active';
  await mirror({
    type: 'means-test.approved',
    text: text('meansTest.event.approved', {
      status: result.status,
      validFrom: result.validFrom ?? '',
      validTo,
    }),
    data: { evaluationNo, status: result.status, gmiBenefitEur: result.gmiBenefitEur },
  });
  const reminderDate = addDays(validTo, -settings.reminderDaysBeforeValidTo);
  const wantsNext = () => next !== null;
  if (!(await condition(wantsNext, msUntilDate(reminderDate)))) {
    state = 'expiring';
    current.reminder = await acts.remindMeansTestExpiry({
      cycleId: input.cycleId,
      caseId: input.caseId,
      evaluationNo,
      municipalityCode: input.municipalityCode,
      validTo,
      workflowId,
    });
    await mirror({
      type: 'means-test.expiring',
      text: text('meansTest.event.expiring', { validTo }),
      data: { evaluationNo, validTo },
    });
    if (!(await condition(wantsNext, msUntilDate(addDays(validTo, 1))))) {
      state = 'expired';
      current.endedOn = validTo;
      current.endReason = 'expired';
      await mirror({
        type: 'means-test.expired',
        text: text('meansTest.event.expired', { validTo }),
        data: { evaluationNo },
      });
      await closeExpiryTask('expired');
      await condition(allHandlersFinished);
      return view();
    }
  }
  const requested = next as unknown as {
    trigger: EvaluationTrigger;
    date: IsoDate;
    reason: string | null;
    by: string;
  };
  current.endReason = requested.trigger === 'change' ? 'situation-changed' : 'reapplied';
  // A change ends the status at once (the new evaluation may shorten or end it); a new declaration keeps it until validTo.
  current.endedOn =
    requested.trigger === 'change'
      ? requested.date
      : isAfter(validTo, requested.date)
        ? validTo
        : requested.date;
  await closeExpiryTask(requested.trigger === 'change' ? 'situation-changed' : 'reapplied');
  // The next evaluation is judged by the rules in force on its own date, resolved now and carried into its run.
  const nextRules = patched(PINNED_RULES_PATCH)
    ? await acts.resolveMeansTestRules({ date: requested.date })
    : null;
  await acts.recordMeansTestState({
    cycleId: input.cycleId,
    caseId: input.caseId,
    state: 'collecting',
    evaluationNo: evaluationNo + 1,
    applicationDate: requested.date,
    decisionDeadline: nextRules
      ? meansTestCycleSchedule({ applicationDate: requested.date, validTo: null }, nextRules.cycle)
          .decisionDeadline
      : meansTestCycleSchedule({ applicationDate: requested.date, validTo: null }).decisionDeadline,
    status: null,
    validFrom: null,
    validTo: null,
    gmiBenefitEur: null,
    declarationDocumentId: null,
    decisionDocumentId: null,
    event: {
      type: requested.trigger === 'change' ? 'means-test.change-reported' : 'means-test.reapplied',
      text: text(
        requested.trigger === 'change' ? 'meansTest.event.change-reported' : 'meansTest.event.reapplied',
      ),
      data: { evaluationNo: evaluationNo + 1, reason: requested.reason, by: requested.by },
    },
  });
  await condition(allHandlersFinished);
  return continueAsNew<typeof meansTestCycle>({
    ...input,
    applicationDate: requested.date,
    requestedBy: requested.by,
    evaluationNo: evaluationNo + 1,
    trigger: requested.trigger,
    triggerReason: requested.reason,
    history: [...history, current],
    ...(nextRules ? { rules: nextRules } : {}),
  });
}
