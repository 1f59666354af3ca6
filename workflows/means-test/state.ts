/**
 * The state of one means-test evaluation and its transitions, as plain data and methods (no Temporal here, so it
 * is unit-tested on its own: tests/unit/workflows/means-test-state.test.ts). The steps (./steps.ts) do the I/O.
 * The clock is the workflow's (`new Date()` is replay-safe inside a workflow); tests give their own.
 */
import type { IsoDate } from '../../domain/calendar.js';
import { calendarDateInZone, isAfter, isBefore } from '../../domain/calendar.js';
import { calculateMeansTest } from '../../domain/means-test/calculate.js';
import {
  cycleSettingsOn,
  meansTestCycleSchedule,
  type MeansTestCycleSchedule,
  type MeansTestCycleSettings,
} from '../../domain/means-test/cycle-schedule.js';
import type { MunicipalityLowIncomeSetting } from '../../domain/means-test/municipality-settings.js';
import { calculationTablesOf, type MeansTestRuleSet } from '../../domain/means-test/rule-set.js';
import { MEANS_TEST_THRESHOLDS } from '../../domain/means-test/thresholds.js';
import type { ValidationIssue } from '../../domain/validation.js';
import type {
  EvaluationTrigger,
  MeansTestCorrectionInput,
  MeansTestCycleInput,
  MeansTestCycleState,
  MeansTestCycleView,
  MeansTestDecisionInput,
  MeansTestEvaluation,
  MeansTestReevaluationInput,
} from './contract.js';
import { calculationInput, currentValue, type MeansDeclaration } from './declaration.js';

export interface Reevaluation {
  trigger: EvaluationTrigger;
  date: IsoDate;
  reason: string | null;
  by: string;
}

const issue = (path: string, message: string): ValidationIssue => ({ path, message });

export class CycleState {
  readonly evaluationNo: number;
  readonly history: MeansTestEvaluation[];
  /** The rule set in force on the application date; null in cycles started before it was pinned. */
  readonly rules: MeansTestRuleSet | null;
  readonly settings: MeansTestCycleSettings;
  readonly schedule: MeansTestCycleSchedule;
  readonly current: MeansTestEvaluation;
  state: MeansTestCycleState = 'collecting';
  municipalitySettings: MunicipalityLowIncomeSetting[] = [];
  /** The re-evaluation asked for (reapplyMeansTest, reportSituationChange). */
  next: Reevaluation | null = null;

  constructor(
    readonly input: MeansTestCycleInput,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.evaluationNo = input.evaluationNo ?? 1;
    this.history = input.history ?? [];
    this.rules = input.rules ?? null;
    this.settings = this.rules?.cycle ?? cycleSettingsOn(input.applicationDate);
    this.schedule = meansTestCycleSchedule(
      { applicationDate: input.applicationDate, validTo: null },
      this.settings,
    );
    this.current = {
      evaluationNo: this.evaluationNo,
      trigger: input.trigger ?? 'application',
      triggerReason: input.triggerReason ?? null,
      applicationDate: input.applicationDate,
      decisionDeadline: this.schedule.decisionDeadline,
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
  }

  today(): IsoDate {
    return calendarDateInZone(this.now());
  }

  /** The status in force: the current one once approved, else a still-valid earlier one. */
  validity(): MeansTestCycleView['validity'] {
    const t = this.today();
    for (const e of [this.current, ...[...this.history].reverse()]) {
      const r = e.result;
      if (e.decision?.decision !== 'approve' || !r?.validFrom || !r.validTo) continue;
      const end = e.endedOn ?? r.validTo;
      if (isBefore(end, t) && e !== this.current) continue;
      return { status: r.status, validFrom: r.validFrom, validTo: end, gmiBenefitEur: r.gmiBenefitEur };
    }
    return null;
  }

  view(): MeansTestCycleView {
    return {
      cycleId: this.input.cycleId,
      caseId: this.input.caseId,
      state: this.state,
      current: { ...this.current, corrections: [...this.current.corrections] },
      validity: this.validity(),
      history: [...this.history],
    };
  }

  /** The calculation over the declaration and its corrections, by the pinned rule set (else the bundle's tables). */
  recalculate(): void {
    const { current, rules, municipalitySettings } = this;
    if (!current.declaration) return;
    current.result = calculateMeansTest(
      calculationInput(current.declaration, current.corrections, this.input.municipalityCode),
      rules
        ? { ...calculationTablesOf(rules), municipalitySettings }
        : { thresholds: MEANS_TEST_THRESHOLDS, municipalitySettings },
    );
  }

  // ---- Updates: what each accepts (the first issue, or null) and what it does -------------------------------

  checkCorrection(c: MeansTestCorrectionInput): ValidationIssue | null {
    const { state, current } = this;
    if (state !== 'awaiting-decision' || !current.declaration) {
      return issue('state', `corrections are possible only while awaiting a decision (now ${state})`);
    }
    if (!c.reason || c.reason.trim().length < 3) return issue('reason', 'a correction needs a reason');
    const numeric = c.field === 'monthlyIncomeEur' || c.field === 'savingsEur';
    if (numeric && (typeof c.value !== 'number' || !Number.isFinite(c.value) || c.value < 0)) {
      return issue('value', 'must be a non-negative amount in euros');
    }
    if (!numeric && typeof c.value !== 'boolean') return issue('value', 'must be true or false');
    if (
      c.field === 'monthlyIncomeEur' &&
      !current.declaration.members.some((m) => m.personId === c.memberId)
    ) {
      return issue('memberId', 'not a member of the household');
    }
    return null;
  }

  correct(c: MeansTestCorrectionInput): void {
    const { current } = this;
    const previous = currentValue(
      current.declaration as MeansDeclaration,
      current.corrections,
      c.field,
      c.memberId ?? null,
      this.input.municipalityCode,
    );
    current.corrections.push({
      field: c.field,
      memberId: c.field === 'monthlyIncomeEur' ? (c.memberId ?? null) : null,
      value: c.value,
      previous,
      reason: c.reason,
      by: c.by,
      at: this.now().toISOString(),
    });
    this.recalculate();
  }

  checkDecision(d: MeansTestDecisionInput): ValidationIssue | null {
    const { state, current } = this;
    if (state !== 'awaiting-decision' || current.decision) {
      return issue('state', `a decision is possible only while awaiting a decision (now ${state})`);
    }
    if (d.decision === 'refuse' && (!d.reason || d.reason.trim().length < 3)) {
      return issue('reason', 'a refusal needs a reason');
    }
    if (d.decision === 'approve' && current.result?.status === 'not-eligible') {
      return issue('decision', 'the household is not eligible; refuse with a reason');
    }
    return null;
  }

  decide(d: MeansTestDecisionInput): void {
    this.current.decision = {
      decision: d.decision,
      reason: d.reason ?? null,
      by: d.by,
      at: this.now().toISOString(),
    };
  }

  checkReevaluation(trigger: EvaluationTrigger, r: MeansTestReevaluationInput): ValidationIssue | null {
    const { state } = this;
    if (state !== 'active' && state !== 'expiring') {
      return issue('state', `only an active status can be re-evaluated (now ${state})`);
    }
    if (this.next) return issue('state', 'a re-evaluation has already been requested');
    if (trigger === 'change' && (!r.reason || r.reason.trim().length < 3)) {
      return issue('reason', 'describe the change of situation');
    }
    if (r.date !== undefined && isBefore(r.date, this.input.applicationDate)) {
      return issue('date', 'before the current application');
    }
    return null;
  }

  requestReevaluation(trigger: EvaluationTrigger, r: MeansTestReevaluationInput): { evaluationNo: number } {
    this.next = { trigger, date: r.date ?? this.today(), reason: r.reason ?? null, by: r.by };
    return { evaluationNo: this.evaluationNo + 1 };
  }

  /**
   * The evaluation ends for a re-evaluation: a change ends the status at once (the new evaluation may shorten or
   * end it); a new declaration keeps it until validTo.
   */
  endFor(requested: Reevaluation, validTo: IsoDate): void {
    this.current.endReason = requested.trigger === 'change' ? 'situation-changed' : 'reapplied';
    this.current.endedOn =
      requested.trigger === 'change'
        ? requested.date
        : isAfter(validTo, requested.date)
          ? validTo
          : requested.date;
  }

  /** The input of the next evaluation's run: this one joins the history. */
  nextInput(requested: Reevaluation, nextRules: MeansTestRuleSet | null): MeansTestCycleInput {
    return {
      ...this.input,
      applicationDate: requested.date,
      requestedBy: requested.by,
      evaluationNo: this.evaluationNo + 1,
      trigger: requested.trigger,
      triggerReason: requested.reason,
      history: [...this.history, this.current],
      ...(nextRules ? { rules: nextRules } : {}),
    };
  }
}
