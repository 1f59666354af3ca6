/**
 * Activities of the meansTestCycle workflow: the municipality's settings, the declaration and the letters (Latvian,
 * Handlebars, stored in the case file), GMI entitlement records, the worker's task and the mirrored cycle state.
 * Every change is audited as `system:means-test`. Inputs and outputs carry DigiSoc ids only.
 */
import { isoMonthOf, isoMonthRange, type IsoDate } from '../domain/calendar.js';
import type { MeansTestResult } from '../domain/means-test/calculate.js';
import type { MunicipalityLowIncomeSetting } from '../domain/means-test/municipality-settings.js';
import { meansTestRuleSetOn, type MeansTestRuleSet } from '../domain/means-test/rule-set.js';
import { rigaToday } from '../infra/clock.js';
import { Case, MeansTestCycle, MeansTestEntitlement, Person } from '../infra/db/entities/index.js';
import type { Em, Orm } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import type { ObjectStore } from '../infra/object-store.js';
import { appendAudit } from '../services/audit-log.js';
import { recordProcessTransition } from '../services/process-runs.js';
import { storeSystemDocument } from '../services/documents.js';
import { renderLetterHtml } from '../services/letters.js';
import { ENDED_STATES, municipalitySettings, type MeansTestCycleState } from '../services/means-test.js';
import { closeTaskByKey, createTask } from '../services/tasks.js';
import { recordStatusDecision, recordStatusEnded } from '../services/reports/status-records.js';
import type { TextRef } from '../domain/text-ref.js';
import { textOf } from './workflow-texts.js';
import type { Correction, MeansDeclaration } from '../workflows/means-test/contract.js';

const ACTOR = 'system:means-test';

/** The key of the "status ends soon" task of one evaluation (created by remindMeansTestExpiry). */
export const meansTestExpiryTaskKey = (cycleId: string, evaluationNo: number): string =>
  `means-test-expiring:${cycleId}:${evaluationNo}`;

/** Why an evaluation with a reminder ended: the outcome the expiry task is closed with. */
export type ExpiryTaskCloseReason = 'reapplied' | 'situation-changed' | 'expired';
const EXPIRY_TASK_OUTCOME_LV: Record<ExpiryTaskCloseReason, string> = {
  reapplied: 'Iesniegta jauna deklarācija: sākta atkārtota izvērtēšana',
  'situation-changed': 'Ziņots par situācijas maiņu: sākta atkārtota izvērtēšana',
  expired: 'Statuss beidzās bez jaunas deklarācijas',
};

const STATUS_LV: Record<string, string> = {
  needy: 'trūcīga mājsaimniecība',
  'low-income': 'maznodrošināta mājsaimniecība',
  'not-eligible': 'neatbilst statusam',
};
const FIELD_LV: Record<string, string> = {
  monthlyIncomeEur: 'vidējie mēneša ienākumi',
  savingsEur: 'uzkrājumi',
  extraProperty: 'īpašums ārpus dzīvojamās vietas',
  nonConformity: 'neatbilstība citiem nosacījumiem',
};

export interface MeansTestActivityDeps {
  orm: Orm;
  store: ObjectStore;
  /** Called once a decision letter is stored: sends it to the municipality's DMS for registration. */
  onDecisionLetter?: (caseId: string, documentId: string) => Promise<void>;
}

export interface CycleStateInput {
  cycleId: string;
  caseId: string;
  state: MeansTestCycleState;
  evaluationNo: number;
  applicationDate: string;
  decisionDeadline: string;
  status: string | null;
  validFrom: string | null;
  validTo: string | null;
  gmiBenefitEur: number | null;
  declarationDocumentId: string | null;
  decisionDocumentId: string | null;
  /** The entry of the case history: its text by key (`text`), or as Latvian text (inputs from before issue 15). */
  event?: { type: string; summary?: string; text?: TextRef; data?: Record<string, unknown> };
}

async function clientName(em: Em, caseId: string): Promise<{ name: string; caseNumber: string }> {
  const c = await em.findOneOrFail(Case, { id: caseId });
  const p = await em.findOneOrFail(Person, { id: c.personId });
  return { name: `${p.firstName} ${p.lastName}`, caseNumber: c.number };
}

function declarationView(declaration: MeansDeclaration, result: MeansTestResult) {
  return {
    ...declaration,
    members: declaration.members.map((m) => ({ ...m, banks: m.evidence.banks.join(', ') || '—' })),
    result,
    statusLv: STATUS_LV[result.status] ?? result.status,
  };
}

export function createMeansTestActivities(deps: MeansTestActivityDeps) {
  const em = () => deps.orm.em.fork();
  return {
    async loadMunicipalitySettings(input: {
      municipalityCode: string;
    }): Promise<{ settings: MunicipalityLowIncomeSetting[] }> {
      const all = await municipalitySettings(em());
      return { settings: all.filter((s) => s.municipalityCode === input.municipalityCode) };
    },

    /**
     * The rule set in force on a re-evaluation's date (issue 15): the cycle carries it, so a later correction of a
     * table does not change the evaluation's decision on replay.
     */
    async resolveMeansTestRules(input: { date: IsoDate }): Promise<MeansTestRuleSet> {
      return meansTestRuleSetOn(input.date);
    },

    /** Mirrors the workflow's state into means_test_cycles (lists, one active cycle, supervisor page). */
    async recordMeansTestState(input: CycleStateInput): Promise<void> {
      await em().transactional(async (tx) => {
        const row = await tx.findOneOrFail(MeansTestCycle, { id: input.cycleId });
        const before = row.state;
        Object.assign(row, {
          state: input.state,
          active: !ENDED_STATES.includes(input.state),
          evaluationNo: input.evaluationNo,
          applicationDate: input.applicationDate,
          decisionDeadline: input.decisionDeadline,
          status: input.status,
          validFrom: input.validFrom,
          validTo: input.validTo,
          gmiBenefitEur: input.gmiBenefitEur,
          declarationDocumentId: input.declarationDocumentId,
          decisionDocumentId: input.decisionDocumentId,
          updatedAt: new Date(),
        });
        // A reported change ends the previous evaluation's status on the day of the change (the reports' record).
        if (input.event?.type === 'means-test.change-reported' && input.evaluationNo > 1) {
          await recordStatusEnded(tx, {
            cycleId: input.cycleId,
            evaluationNo: input.evaluationNo - 1,
            endedOn: input.applicationDate,
          });
        }
        await recordProcessTransition(tx, {
          actor: ACTOR,
          caseId: input.caseId,
          municipalityCode: row.municipalityCode,
          event: input.event && {
            type: input.event.type,
            summary: textOf(input.event.summary, input.event.text),
            ...(input.event.data ? { data: input.event.data } : {}),
          },
          eventRef: { cycleId: input.cycleId },
          from: before,
          to: input.state,
          audit: {
            action: 'means-test.state',
            resourceType: 'means-test',
            resourceId: row.id,
            details: { evaluationNo: input.evaluationNo },
          },
        });
      });
    },

    async storeMeansDeclaration(input: {
      cycleId: string;
      caseId: string;
      evaluationNo: number;
      municipalityCode: string;
      declaration: MeansDeclaration;
      result: MeansTestResult;
    }): Promise<{ documentId: string }> {
      const e = em();
      const client = await clientName(e, input.caseId);
      const body = renderLetterHtml(
        'means-test-declaration',
        {
          ...declarationView(input.declaration, input.result),
          client,
          evaluationNo: input.evaluationNo,
          today: rigaToday(),
        },
        'Iztikas līdzekļu deklarācija',
      );
      const { documentId } = await storeSystemDocument(e, deps.store, {
        caseId: input.caseId,
        title: `Iztikas līdzekļu deklarācija (izvērtēšana Nr. ${input.evaluationNo})`,
        type: 'means-declaration',
        source: 'generated',
        fileName: `iztikas-lidzeklu-deklaracija-${input.evaluationNo}.html`,
        contentType: 'text/html',
        actor: ACTOR,
        idempotencyKey: `means-declaration:${input.cycleId}:${input.evaluationNo}`,
        body: Buffer.from(body, 'utf8'),
        event: { type: 'means-test.declaration', summary: 'Iztikas līdzekļu deklarācija' },
      });
      return { documentId };
    },

    /** The decision letter and, for an approved needy status, the monthly GMI entitlement records. */
    async issueMeansTestDecision(input: {
      cycleId: string;
      caseId: string;
      evaluationNo: number;
      municipalityCode: string;
      decision: { decision: 'approve' | 'refuse'; reason: string | null; by: string; at: string };
      result: MeansTestResult;
      declaration: MeansDeclaration;
      corrections: Correction[];
    }): Promise<{ documentId: string; entitlements: { month: string; amountEur: number }[] }> {
      const e = em();
      const client = await clientName(e, input.caseId);
      const approved = input.decision.decision === 'approve';
      const r = input.result;
      const entitlements =
        approved && r.status === 'needy' && r.gmiBenefitEur > 0 && r.validFrom && r.validTo
          ? isoMonthRange(isoMonthOf(r.validFrom), isoMonthOf(r.validTo)).map((month) => ({
              month,
              amountEur: r.gmiBenefitEur,
            }))
          : [];
      const body = renderLetterHtml(
        'means-test-decision',
        {
          ...declarationView(input.declaration, r),
          client,
          approved,
          decision: input.decision,
          evaluationNo: input.evaluationNo,
          entitlements,
          corrections: input.corrections.map((c) => ({ ...c, fieldLv: FIELD_LV[c.field] ?? c.field })),
          today: rigaToday(),
        },
        'Lēmums par materiālo situāciju',
      );
      const { documentId } = await storeSystemDocument(e, deps.store, {
        caseId: input.caseId,
        title: approved
          ? `Lēmums par statusa piešķiršanu (${STATUS_LV[r.status] ?? r.status})`
          : 'Lēmums par atteikumu piešķirt statusu',
        type: 'decision',
        source: 'generated',
        fileName: `lemums-materiala-situacija-${input.evaluationNo}.html`,
        contentType: 'text/html',
        actor: ACTOR,
        idempotencyKey: `means-decision:${input.cycleId}:${input.evaluationNo}`,
        body: Buffer.from(body, 'utf8'),
        event: { type: 'means-test.decision', summary: 'Lēmums par materiālo situāciju' },
      });
      await deps.onDecisionLetter?.(input.caseId, documentId);
      const tx = em();
      await tx.transactional(async (t) => {
        for (const ent of entitlements) {
          const exists = await t.findOne(MeansTestEntitlement, {
            cycleId: input.cycleId,
            evaluationNo: input.evaluationNo,
            month: ent.month,
          });
          if (!exists) {
            t.create(MeansTestEntitlement, {
              id: newId(),
              cycleId: input.cycleId,
              caseId: input.caseId,
              evaluationNo: input.evaluationNo,
              month: ent.month,
              amountEur: ent.amountEur,
              createdAt: new Date(),
            });
          }
        }
        await recordStatusDecision(t, {
          cycleId: input.cycleId,
          caseId: input.caseId,
          municipalityCode: input.municipalityCode,
          evaluationNo: input.evaluationNo,
          decision: input.decision.decision,
          at: input.decision.at,
          status: r.status,
          validFrom: r.validFrom ?? null,
          validTo: r.validTo ?? null,
          personIds: input.declaration.members.map((m) => m.personId),
          gmi: entitlements,
        });
        await t.flush();
        await appendAudit(t, {
          actor: input.decision.by,
          role: 'system',
          municipalityCode: input.municipalityCode,
          action: approved ? 'means-test.approve' : 'means-test.refuse',
          resourceType: 'means-test',
          resourceId: input.cycleId,
          caseId: input.caseId,
          outcome: 'success',
          details: {
            evaluationNo: input.evaluationNo,
            status: r.status,
            documentId,
            months: entitlements.length,
          },
        });
      });
      return { documentId, entitlements };
    },

    /** 14 days before validTo: a task for the worker and a reminder letter to the client. */
    async remindMeansTestExpiry(input: {
      cycleId: string;
      caseId: string;
      evaluationNo: number;
      municipalityCode: string;
      validTo: string;
      workflowId: string;
    }): Promise<{ taskId: string; letterDocumentId: string }> {
      const e = em();
      const client = await clientName(e, input.caseId);
      const { task } = await createTask(e, {
        idempotencyKey: meansTestExpiryTaskKey(input.cycleId, input.evaluationNo),
        municipalityCode: input.municipalityCode,
        caseId: input.caseId,
        kind: 'means-test-expiring',
        title: `Materiālās situācijas statuss beidzas ${input.validTo}`,
        description: `Lietas ${client.caseNumber} statuss beidzas ${input.validTo}. Pieņemiet jaunu deklarāciju (atkārtota izvērtēšana) vai ļaujiet statusam beigties.`,
        dueDate: input.validTo,
        source: 'means-test',
        workflowId: input.workflowId,
        createdBy: ACTOR,
      });
      const body = renderLetterHtml(
        'means-test-reminder',
        { client, validTo: input.validTo, today: rigaToday() },
        'Atgādinājums par statusa beigām',
      );
      const { documentId } = await storeSystemDocument(em(), deps.store, {
        caseId: input.caseId,
        title: `Atgādinājums: statuss beidzas ${input.validTo}`,
        type: 'letter',
        source: 'generated',
        fileName: `atgadinajums-statuss-${input.evaluationNo}.html`,
        contentType: 'text/html',
        actor: ACTOR,
        idempotencyKey: `means-reminder:${input.cycleId}:${input.evaluationNo}`,
        body: Buffer.from(body, 'utf8'),
        event: { type: 'means-test.reminder', summary: 'Atgādinājums klientam par statusa beigām' },
      });
      return { taskId: task.id, letterDocumentId: documentId };
    },

    /**
     * Completes the "status ends soon" task once the cycle has moved on (a new declaration, a reported change, or the
     * end of the status): the question it asked has been answered. Idempotent; a task completed by hand stays as is.
     */
    async closeMeansTestExpiryTask(input: {
      cycleId: string;
      evaluationNo: number;
      reason: ExpiryTaskCloseReason;
    }): Promise<{ closed: boolean }> {
      const closed = await closeTaskByKey(
        em(),
        meansTestExpiryTaskKey(input.cycleId, input.evaluationNo),
        EXPIRY_TASK_OUTCOME_LV[input.reason],
        ACTOR,
      );
      return { closed };
    },
  };
}

export type MeansTestActivities = ReturnType<typeof createMeansTestActivities>;
