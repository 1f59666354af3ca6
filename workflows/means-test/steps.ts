/**
 * The steps of one means-test evaluation: collect (household from PMLP, then the registry check of every member),
 * draft the declaration, the decision (supervisor alerted before and after the deadline), the active status until
 * it expires or a re-evaluation is asked for, and the hand-over to the next evaluation. The main flow
 * (./workflow.ts) calls them in order.
 */
import { ApplicationFailure, condition, executeChild, patched, proxyActivities } from '@temporalio/workflow';
import type { AlertActivities } from '../../activities/alerts.js';
import type { ExpiryTaskCloseReason, MeansTestActivities } from '../../activities/means-test.js';
import type { IsoDate } from '../../domain/calendar.js';
import { addDays, firstDayOfIsoMonth, lastDayOfIsoMonth, msUntilRigaDate } from '../../domain/calendar.js';
import type { MeansTestResult } from '../../domain/means-test/calculate.js';
import { meansTestCycleSchedule } from '../../domain/means-test/cycle-schedule.js';
import { previousFullMonths } from '../../domain/means-test/income-aggregation.js';
import { text, type TextRef } from '../../domain/text-ref.js';
import { DomainValidationError } from '../../domain/validation.js';
import { registryCheck } from '../registry-check/workflow.js';
import { CASE_FILE_ACTIVITY_OPTIONS } from '../registry-policies.js';
import type { MeansTestCycleInput, MeansTestDecision } from './contract.js';
import { buildDeclaration, householdMembers, subjectRoleOf } from './declaration.js';
import type { CycleState, Reevaluation } from './state.js';

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

export class CycleSteps {
  constructor(
    private readonly s: CycleState,
    private readonly workflowId: string,
  ) {}

  /** Mirrors the state into means_test_cycles (lists, one active cycle, supervisor page), with a case event. */
  private async mirror(event?: {
    type: string;
    text: TextRef;
    data?: Record<string, unknown>;
  }): Promise<void> {
    const { s } = this;
    const { current } = s;
    await acts.recordMeansTestState({
      cycleId: s.input.cycleId,
      caseId: s.input.caseId,
      state: s.state,
      evaluationNo: s.evaluationNo,
      applicationDate: s.input.applicationDate,
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
  private async closeExpiryTask(reason: ExpiryTaskCloseReason): Promise<void> {
    const { s } = this;
    if (s.current.reminder && patched(CLOSE_EXPIRY_TASK_PATCH)) {
      await acts.closeMeansTestExpiryTask({ cycleId: s.input.cycleId, evaluationNo: s.evaluationNo, reason });
    }
  }

  /** 1–2. Collect the registry data of the household and draft the declaration. */
  async collectAndDraft(): Promise<void> {
    const { s, workflowId } = this;
    const { input, evaluationNo, current } = s;
    await this.mirror({
      type: 'means-test.collecting',
      text: text('meansTest.event.collecting', { evaluationNo }),
      data: { evaluationNo, trigger: current.trigger },
    });
    s.municipalitySettings = (
      await acts.loadMunicipalitySettings({ municipalityCode: input.municipalityCode })
    ).settings;
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

    current.declaration = buildDeclaration({
      evaluationDate: input.applicationDate,
      months,
      members,
      householdSnapshotDocumentId: snapshot,
      check,
    });
    try {
      s.recalculate();
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
    s.state = 'awaiting-decision';
    await this.mirror({
      type: 'means-test.declaration-drafted',
      text: text('meansTest.event.declaration-drafted'),
      data: { evaluationNo, banksNotAnswered: current.declaration.banksNotAnswered },
    });
  }

  /** 3. The decision (update decideMeansTest), with the supervisor alerted before the deadline passes. */
  async decision(): Promise<MeansTestDecision> {
    const { s } = this;
    const { input, evaluationNo, current, schedule } = s;
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
      declaration: current.declaration as NonNullable<typeof current.declaration>,
      corrections: current.corrections,
    });
    current.decisionDocumentId = issued.documentId;
    current.entitlements = issued.entitlements;
    return decision;
  }

  /** Refused: the evaluation ends. */
  async refused(): Promise<void> {
    const { s } = this;
    s.state = 'refused';
    s.current.endedOn = s.today();
    s.current.endReason = 'refused';
    await this.mirror({
      type: 'means-test.refused',
      text: text('meansTest.event.refused'),
      data: { evaluationNo: s.evaluationNo },
    });
  }

  /**
   * 4. Active until validTo (a reminder before it ends); returns the re-evaluation asked for meanwhile, or null when
   * the status expired.
   */
  async active(): Promise<Reevaluation | null> {
    const { s } = this;
    const { input, evaluationNo, current } = s;
    const result = current.result as MeansTestResult;
    const validTo = result.validTo as IsoDate;
    s.state = 'active';
    await this.mirror({
      type: 'means-test.approved',
      text: text('meansTest.event.approved', {
        status: result.status,
        validFrom: result.validFrom ?? '',
        validTo,
      }),
      data: { evaluationNo, status: result.status, gmiBenefitEur: result.gmiBenefitEur },
    });
    const reminderDate = addDays(validTo, -s.settings.reminderDaysBeforeValidTo);
    const wantsNext = () => s.next !== null;
    if (!(await condition(wantsNext, msUntilDate(reminderDate)))) {
      s.state = 'expiring';
      current.reminder = await acts.remindMeansTestExpiry({
        cycleId: input.cycleId,
        caseId: input.caseId,
        evaluationNo,
        municipalityCode: input.municipalityCode,
        validTo,
        workflowId: this.workflowId,
      });
      await this.mirror({
        type: 'means-test.expiring',
        text: text('meansTest.event.expiring', { validTo }),
        data: { evaluationNo, validTo },
      });
      if (!(await condition(wantsNext, msUntilDate(addDays(validTo, 1))))) {
        s.state = 'expired';
        current.endedOn = validTo;
        current.endReason = 'expired';
        await this.mirror({
          type: 'means-test.expired',
          text: text('meansTest.event.expired', { validTo }),
          data: { evaluationNo },
        });
        await this.closeExpiryTask('expired');
        return null;
      }
    }
    return s.next as Reevaluation;
  }

  /** 5. The evaluation ends for the re-evaluation; returns the input of the next evaluation's run. */
  async handOver(requested: Reevaluation): Promise<MeansTestCycleInput> {
    const { s } = this;
    const { input, evaluationNo } = s;
    s.endFor(requested, (s.current.result as MeansTestResult).validTo as IsoDate);
    await this.closeExpiryTask(requested.trigger === 'change' ? 'situation-changed' : 'reapplied');
    // The next evaluation is judged by the rules in force on its own date, resolved now and carried into its run.
    const nextRules = patched(PINNED_RULES_PATCH)
      ? await acts.resolveMeansTestRules({ date: requested.date })
      : null;
    const change = requested.trigger === 'change';
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
        type: change ? 'means-test.change-reported' : 'means-test.reapplied',
        text: text(change ? 'meansTest.event.change-reported' : 'meansTest.event.reapplied'),
        data: { evaluationNo: evaluationNo + 1, reason: requested.reason, by: requested.by },
      },
    });
    return s.nextInput(requested, nextRules);
  }
}
