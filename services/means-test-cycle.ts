/**
 * The commands on a household's means-test cycle (issue 5), one implementation for the API and the screens:
 * corrections, decision, reapply and a change of situation, each an update of the meansTestCycle workflow with its
 * audit entry; and the cycle as the API shows it. A rejected update is audited as denied and becomes a
 * MeansTestUpdateRejected: `validation` with the fields' issues (422) or `conflict` for the cycle's state (409).
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { IMeansTestCycle } from '../infra/db/entities/index.js';
import { Case, Person } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import {
  correctMeansDeclaration,
  decideMeansTest,
  meansTestCycleState,
  meansTestUpdateRejectionOf,
  reapplyMeansTest,
  reportSituationChange,
  type MeansTestCorrectionInput,
  type MeansTestCycleView,
  type MeansTestDecisionInput,
  type MeansTestEvaluation,
  type MeansTestReevaluationInput,
} from '../workflows/means-test/contract.js';
import { appendAudit } from './audit-log.js';
import type { Actor } from './case-file.js';
import { DomainError } from './errors.js';
import { findVisibleCycle } from './means-test.js';
import { runWorkflowUpdate } from './workflow-update.js';

export type { IMeansTestCycle, MeansTestCycleView, MeansTestEvaluation };

type Without<T> = Omit<T, 'by'>;
export type MeansTestUpdate =
  | ({ kind: 'correction' } & Without<MeansTestCorrectionInput>)
  | ({ kind: 'decision' } & Without<MeansTestDecisionInput>)
  | ({ kind: 'reapply' } & Without<MeansTestReevaluationInput>)
  | ({ kind: 'change' } & Without<MeansTestReevaluationInput>);

export const MEANS_TEST_UPDATE_ACTIONS = {
  correction: 'means-test.correct',
  decision: 'means-test.decide',
  reapply: 'means-test.reapply',
  change: 'means-test.change',
} as const satisfies Record<MeansTestUpdate['kind'], string>;

export interface CycleActor {
  username: string;
  role: string;
  municipalityCode: string | null;
  requestId?: string | null;
}

/** A refused cycle command (see runWorkflowUpdate). */
export { UpdateRefused as MeansTestUpdateRejected } from './workflow-update.js';

function audit(
  em: Em,
  actor: CycleActor,
  e: {
    action: string;
    row: IMeansTestCycle | null;
    id: string;
    outcome: 'success' | 'denied' | 'not-found';
    details: Record<string, unknown> | null;
  },
) {
  return appendAudit(em.fork(), {
    actor: actor.username,
    role: actor.role,
    municipalityCode: actor.municipalityCode,
    requestId: actor.requestId ?? null,
    action: e.action,
    resourceType: 'means-test',
    resourceId: e.id,
    caseId: e.row?.caseId ?? null,
    subjectPersonId: null,
    outcome: e.outcome,
    purpose: null,
    details: e.details,
  });
}

/** The cycle, if the actor may see it; otherwise the attempt is audited (`not-found`) and a 404 DomainError thrown. */
export async function visibleCycleOr404(
  em: Em,
  actor: CycleActor & Pick<Actor, 'role'>,
  id: string,
  action: string,
): Promise<IMeansTestCycle> {
  const row = z.uuid().safeParse(id).success ? await findVisibleCycle(em, actor, id) : null;
  if (row) return row;
  await audit(em, actor, { action, row: null, id: id.slice(0, 100), outcome: 'not-found', details: null });
  throw new DomainError('not-found', 'no such means test');
}

function auditDetails(update: MeansTestUpdate): Record<string, unknown> {
  switch (update.kind) {
    case 'correction':
      return {
        field: update.field,
        memberId: update.memberId ?? null,
        value: update.value,
        reason: update.reason,
      };
    case 'decision':
      return { decision: update.decision, reason: update.reason ?? null };
    case 'reapply':
      return { date: update.date ?? null };
    case 'change':
      return { date: update.date ?? null, reason: update.reason ?? null };
  }
}

async function send(
  client: Client,
  row: IMeansTestCycle,
  update: MeansTestUpdate,
  by: string,
): Promise<void> {
  const handle = client.workflow.getHandle(row.workflowId);
  const { kind, ...input } = update;
  switch (kind) {
    case 'correction': {
      const i = input as Without<MeansTestCorrectionInput>;
      await handle.executeUpdate(correctMeansDeclaration, {
        args: [{ ...i, memberId: i.memberId ?? null, by }],
      });
      return;
    }
    case 'decision': {
      const i = input as Without<MeansTestDecisionInput>;
      await handle.executeUpdate(decideMeansTest, {
        args: [{ decision: i.decision, reason: i.reason ?? null, by }],
      });
      return;
    }
    case 'reapply':
      await handle.executeUpdate(reapplyMeansTest, { args: [{ ...input, by }] });
      return;
    case 'change':
      await handle.executeUpdate(reportSituationChange, { args: [{ ...input, by }] });
      return;
  }
}

/** Runs one command on a cycle the actor may see (looked up by the caller), then writes its audit entry. */
export async function updateMeansTest(
  deps: { em: Em; client: Client },
  actor: CycleActor,
  row: IMeansTestCycle,
  update: MeansTestUpdate,
  via: 'api' | 'screens' = 'api',
): Promise<void> {
  const action = MEANS_TEST_UPDATE_ACTIONS[update.kind];
  const details = { ...auditDetails(update), ...(via === 'screens' ? { via } : {}) };
  await runWorkflowUpdate({
    send: () => send(deps.client, row, update, actor.username),
    rejectionOf: meansTestUpdateRejectionOf,
    denied: () => audit(deps.em, actor, { action, row, id: row.id, outcome: 'denied', details }),
    fallback: 'the cycle does not accept this now',
  });
  await audit(deps.em, actor, { action, row, id: row.id, outcome: 'success', details });
}

/** Case numbers and client names of cases, for lists of cycles. */
export async function caseLabels(
  em: Em,
  caseIds: readonly string[],
): Promise<Map<string, { caseNumber: string; client: string }>> {
  const unique = [...new Set(caseIds)];
  const cases = unique.length ? await em.find(Case, { id: { $in: unique } }) : [];
  const persons = cases.length ? await em.find(Person, { id: { $in: cases.map((k) => k.personId) } }) : [];
  return new Map(
    cases.map((k) => {
      const p = persons.find((x) => x.id === k.personId);
      return [k.id, { caseNumber: k.number, client: p ? `${p.firstName} ${p.lastName}` : '' }];
    }),
  );
}

/** The cycle as the API answers it: the workflow's view when it answers, else the mirrored row. */
export async function cycleView(
  client: Client,
  row: IMeansTestCycle,
): Promise<Record<string, unknown> & { state: string }> {
  const base = {
    id: row.id,
    caseId: row.caseId,
    workflowId: row.workflowId,
    municipalityCode: row.municipalityCode,
    evaluationNo: row.evaluationNo,
    applicationDate: row.applicationDate,
    decisionDeadline: row.decisionDeadline,
    declarationDocumentId: row.declarationDocumentId,
    decisionDocumentId: row.decisionDocumentId,
  };
  try {
    const v = await client.connection.withDeadline(Date.now() + 3000, () =>
      client.workflow.getHandle(row.workflowId).query(meansTestCycleState),
    );
    return {
      ...base,
      // The workflow's own ids: the mirrored row catches up a moment after the state changes.
      declarationDocumentId: v.current.declarationDocumentId ?? base.declarationDocumentId,
      decisionDocumentId: v.current.decisionDocumentId ?? base.decisionDocumentId,
      state: v.state,
      current: v.current,
      result: v.current.result,
      validity: v.validity,
      history: [...v.history, v.current].map((e) => ({
        evaluationNo: e.evaluationNo,
        trigger: e.trigger,
        applicationDate: e.applicationDate,
        decisionDeadline: e.decisionDeadline,
        status: e.result?.status ?? null,
        decision: e.decision,
        corrections: e.corrections,
        declarationDocumentId: e.declarationDocumentId,
        decisionDocumentId: e.decisionDocumentId,
        evidence: e.declaration
          ? {
              householdSnapshotDocumentId: e.declaration.householdSnapshotDocumentId,
              members: e.declaration.members.map((m) => ({ personId: m.personId, ...m.evidence })),
              accounts: e.declaration.savings.accounts.map((a) => a.snapshotDocumentId),
              banksNotAnswered: e.declaration.banksNotAnswered,
            }
          : null,
        entitlements: e.entitlements,
        alerts: e.alerts,
        endedOn: e.endedOn,
        endReason: e.endReason,
      })),
    };
  } catch {
    return {
      ...base,
      state: row.state,
      result: row.status
        ? { status: row.status, gmiBenefitEur: row.gmiBenefitEur === null ? null : Number(row.gmiBenefitEur) }
        : null,
      validity:
        row.validFrom && row.validTo
          ? { status: row.status, validFrom: row.validFrom, validTo: row.validTo }
          : null,
      history: null,
    };
  }
}
