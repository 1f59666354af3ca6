/**
 * Means test (BRIEF §4.1, issue 5): the calculation over the stored municipality settings, the settings
 * themselves, and the cycles (start one meansTestCycle workflow per case, mirror its state for lists) — shared by
 * the API, the screens and the means-test activities.
 */
import type { Client } from '@temporalio/client';
import type { IsoDate } from '../domain/calendar.js';
import {
  calculateMeansTest,
  type MeansTestContext,
  type MeansTestInput,
  type MeansTestResult,
} from '../domain/means-test/calculate.js';
import { meansTestDecisionDeadline } from '../domain/means-test/cycle-schedule.js';
import { meansTestRuleSetOn } from '../domain/means-test/rule-set.js';
import {
  assertValidMunicipalitySetting,
  type MunicipalityLowIncomeSetting,
  type MunicipalityLowIncomeSettingInput,
} from '../domain/means-test/municipality-settings.js';
import { MEANS_TEST_THRESHOLDS } from '../domain/means-test/thresholds.js';
import type { Config } from '../infra/config.js';
import {
  MeansTestCycle,
  MeansTestEntitlement,
  MeansTestMunicipalitySetting,
  Municipality,
  type ICase,
  type IMeansTestCycle,
} from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import { appendAudit } from './audit-log.js';
import { UnknownMunicipalityError } from './errors.js';
import type { Actor } from './case-file.js';
import { recordProcessStart, startCaseProcessWorkflow } from './process-runs.js';

export const MEANS_TEST_KIND = 'means-test';
export const MEANS_TEST_PURPOSE = 'Materiālās situācijas izvērtēšana (MK 809)';

export type MeansTestCycleState =
  'collecting' | 'awaiting-decision' | 'active' | 'expiring' | 'expired' | 'refused' | 'closed';
export const ENDED_STATES: readonly MeansTestCycleState[] = ['expired', 'refused', 'closed'];

/** Every municipality setting, as the domain reads them. */
export async function municipalitySettings(em: Em): Promise<MunicipalityLowIncomeSetting[]> {
  const rows = await em.find(MeansTestMunicipalitySetting, {}, { orderBy: { effectiveFrom: 'asc' } });
  return rows.map((r) => ({
    municipalityCode: r.municipalityCode,
    effectiveFrom: r.effectiveFrom,
    lowIncomeThreshold: { firstEur: Number(r.firstEur), otherEur: Number(r.otherEur) },
  }));
}

export async function meansTestContext(em: Em): Promise<MeansTestContext> {
  const municipalities = await em.find(Municipality, {});
  return {
    thresholds: MEANS_TEST_THRESHOLDS,
    municipalitySettings: await municipalitySettings(em),
    knownMunicipalityCodes: municipalities.map((m) => m.atvk),
  };
}

/** The pure calculation over the stored settings; throws DomainValidationError naming the field. */
export async function calculateWithSettings(em: Em, input: MeansTestInput): Promise<MeansTestResult> {
  return calculateMeansTest(input, await meansTestContext(em));
}

/** Stores (or replaces, for the same effective date) a municipality's low-income threshold. */
/** The municipality's low-income thresholds by effective date; null when there is no such municipality. */
export async function settingsOfMunicipality(
  em: Em,
  atvk: string,
): Promise<MunicipalityLowIncomeSetting[] | null> {
  if (!(await em.findOne(Municipality, { atvk }))) return null;
  return (await municipalitySettings(em)).filter((r) => r.municipalityCode === atvk);
}

/** Throws UnknownMunicipalityError (404: the municipality is named in the path) when there is no such one. */
export async function putMunicipalitySetting(
  em: Em,
  actor: Actor & { requestId?: string },
  municipalityCode: string,
  input: MunicipalityLowIncomeSettingInput,
): Promise<MunicipalityLowIncomeSetting> {
  const municipality = await em.findOne(Municipality, { atvk: municipalityCode });
  if (!municipality) throw new UnknownMunicipalityError(municipalityCode);
  assertValidMunicipalitySetting(input);
  await em.transactional(async (tx) => {
    const existing = await tx.findOne(MeansTestMunicipalitySetting, {
      municipalityCode,
      effectiveFrom: input.effectiveFrom,
    });
    const before = existing ? { firstEur: existing.firstEur, otherEur: existing.otherEur } : null;
    if (existing) {
      existing.firstEur = input.lowIncomeThreshold.firstEur;
      existing.otherEur = input.lowIncomeThreshold.otherEur;
      existing.updatedBy = actor.username;
      existing.updatedAt = new Date();
    } else {
      tx.create(MeansTestMunicipalitySetting, {
        id: newId(),
        municipalityCode,
        effectiveFrom: input.effectiveFrom,
        firstEur: input.lowIncomeThreshold.firstEur,
        otherEur: input.lowIncomeThreshold.otherEur,
        updatedBy: actor.username,
        updatedAt: new Date(),
      });
    }
    await tx.flush();
    await appendAudit(tx, {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      action: 'municipality-settings.update',
      resourceType: 'municipality',
      resourceId: municipalityCode,
      caseId: null,
      outcome: 'success',
      requestId: actor.requestId ?? null,
      details: { effectiveFrom: input.effectiveFrom, lowIncomeThreshold: input.lowIncomeThreshold, before },
    });
  });
  return { municipalityCode, ...input };
}

export class ActiveCycleExistsError extends Error {
  constructor(public readonly cycleId: string) {
    super(`an active means-test cycle exists: ${cycleId}`);
  }
}

/** Workflow id of a cycle (stable across its continue-as-new re-evaluations). */
export function meansTestWorkflowId(caseId: string, cycleId: string): string {
  return `${MEANS_TEST_KIND}-${caseId}-${cycleId}`;
}

export interface StartCycleOptions {
  applicationDate: IsoDate;
  /** How long the registry check waits for banks (default "3 days"). */
  bankDeadline?: string;
}

/** Starts the household's meansTestCycle; ActiveCycleExistsError when one is already running for the case. */
export async function startMeansTestCycle(
  deps: { em: Em; client: Client; config: Config },
  actor: Actor & { requestId?: string },
  caseRow: ICase,
  options: StartCycleOptions,
): Promise<IMeansTestCycle> {
  const { em } = deps;
  const running = await em.findOne(MeansTestCycle, { caseId: caseRow.id, active: true });
  if (running) throw new ActiveCycleExistsError(running.id);
  // The rules in force on the application date go with the cycle (issue 15): a later table correction does not
  // change its decision.
  const rules = meansTestRuleSetOn(options.applicationDate);
  const id = newId();
  const workflowId = meansTestWorkflowId(caseRow.id, id);
  const now = new Date();
  const row = await em.transactional(async (tx) => {
    const again = await tx.findOne(MeansTestCycle, { caseId: caseRow.id, active: true });
    if (again) throw new ActiveCycleExistsError(again.id);
    const created = tx.create(MeansTestCycle, {
      id,
      caseId: caseRow.id,
      municipalityCode: caseRow.municipalityCode,
      workflowId,
      state: 'collecting',
      active: true,
      evaluationNo: 1,
      applicationDate: options.applicationDate,
      decisionDeadline: meansTestDecisionDeadline(options.applicationDate, rules.cycle),
      status: null,
      validFrom: null,
      validTo: null,
      gmiBenefitEur: null,
      declarationDocumentId: null,
      decisionDocumentId: null,
      startedBy: actor.username,
      createdAt: now,
      updatedAt: now,
    });
    await tx.flush();
    return created;
  });
  await startCaseProcessWorkflow(
    deps,
    {
      workflowType: 'meansTestCycle',
      workflowId,
      kind: MEANS_TEST_KIND,
      caseRow,
      args: [
        {
          cycleId: id,
          caseId: caseRow.id,
          applicantPersonId: caseRow.personId,
          municipalityCode: caseRow.municipalityCode,
          applicationDate: options.applicationDate,
          requestedBy: actor.username,
          rules,
          ...(options.bankDeadline ? { bankDeadline: options.bankDeadline } : {}),
        },
      ],
    },
    () => em.nativeDelete(MeansTestCycle, { id }),
  );
  await em.transactional((tx) =>
    recordProcessStart(tx, actor, {
      workflowId,
      caseId: caseRow.id,
      kind: MEANS_TEST_KIND,
      startedAt: now,
      event: {
        type: 'means-test.started',
        summary: 'Uzsākta materiālās situācijas izvērtēšana',
        data: { cycleId: id, workflowId, applicationDate: options.applicationDate },
      },
      audit: {
        action: 'means-test.start',
        resourceType: 'means-test',
        resourceId: id,
        details: { workflowId, applicationDate: options.applicationDate },
      },
    }),
  );
  return row;
}

/** A cycle the user may see (municipality scope), or null. */
export async function findVisibleCycle(
  em: Em,
  actor: Pick<Actor, 'role' | 'municipalityCode'>,
  id: string,
): Promise<IMeansTestCycle | null> {
  const row = await em.findOne(MeansTestCycle, { id });
  if (!row) return null;
  if (actor.municipalityCode !== row.municipalityCode) return null;
  return row;
}

export async function latestCycleOfCase(em: Em, caseId: string): Promise<IMeansTestCycle | null> {
  return em.findOne(MeansTestCycle, { caseId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
}

export async function entitlementsOf(em: Em, cycleId: string) {
  return em.find(MeansTestEntitlement, { cycleId }, { orderBy: { evaluationNo: 'asc', month: 'asc' } });
}

/** Statuses ending within `days` and decisions whose deadline is within `days`, for one municipality. */
export async function expiringOverview(
  em: Em,
  municipalityCode: string,
  today: IsoDate,
  until: IsoDate,
): Promise<{ expiring: IMeansTestCycle[]; decisionsDue: IMeansTestCycle[] }> {
  const expiring = await em.find(
    MeansTestCycle,
    {
      municipalityCode,
      active: true,
      state: { $in: ['active', 'expiring'] },
      validTo: { $gte: today, $lte: until },
    },
    { orderBy: { validTo: 'asc' } },
  );
  const decisionsDue = await em.find(
    MeansTestCycle,
    {
      municipalityCode,
      active: true,
      state: { $in: ['collecting', 'awaiting-decision'] },
      decisionDeadline: { $lte: until },
    },
    { orderBy: { decisionDeadline: 'asc' } },
  );
  return { expiring, decisionsDue };
}
