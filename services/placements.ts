/**
 * Child placements (BRIEF §4.3, issue 7): create one and start its `placementReview` workflow, record institutions'
 * reports (validated, then signalled to the workflow), end a placement, and read them within the viewer's scope.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { isAfter, isBefore, isValidIsoDate, type IsoDate } from '../domain/calendar.js';
import { isNationalRole } from '../domain/access/roles.js';
import { nextReportDue, validatePlacementReport } from '../domain/placement/next-report-due.js';
import type { ValidationIssue } from '../domain/validation.js';
import { rigaToday } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import {
  Case,
  Person,
  Placement,
  PlacementReport,
  Document,
  type IPlacement,
  type IPlacementReport,
} from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import { SA_MUNICIPALITY, SA_PROCESS } from '../temporal/search-attributes.js';
import { taskQueue } from '../temporal/task-queues.js';
import {
  PLACEMENT_REVIEW_WORKFLOW,
  placementEnded,
  placementReportReceived,
  placementReviewWorkflowId,
  type PlacementReviewInput,
} from '../workflows/placement-review/contract.js';
import { appendAudit } from './audit-log.js';
import { findVisibleCase, type Actor } from './case-file.js';
import { isPersonInScope } from './person-scope.js';
import { placementSummary, type PlacementStatusView, type PlacementSummaryView } from './placement-views.js';

export {
  placementDetail,
  placementStatusOn,
  placementSummary,
  type PlacementDetailView,
  type PlacementStatusView,
  type PlacementSummaryView,
} from './placement-views.js';

export const PLACEMENT_PROCESS = 'placement-review';

export class PlacementValidationError extends Error {
  constructor(public readonly issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  }
}
export class PlacementNotFoundError extends Error {}
export class PlacementEndedError extends Error {}

export interface PlacementDeps {
  em: Em;
  client: Client;
  config: Config;
}

type ActorWithRequest = Actor & { requestId?: string };

export interface NewPlacement {
  childPersonId: string;
  institution: { code: string; name: string };
  orphanCourtAtvk: string;
  startDate: IsoDate;
  source?: 'manual' | 'npais';
  npaisDecisionId?: string | null;
  npaisDecisionDate?: IsoDate | null;
}

/** The municipality scope of a placement: its orphan court, or the municipality of the child's case. */
export function placementScope(viewer: Actor): Record<string, unknown> {
  if (isNationalRole(viewer.role)) return {};
  const m = viewer.municipalityCode ?? '-';
  return { $or: [{ orphanCourtAtvk: m }, { caseMunicipalityCode: m }] };
}

export function reviewInput(p: IPlacement): PlacementReviewInput {
  return {
    placementId: p.id,
    childBirthDate: p.childBirthDate,
    startDate: p.startDate,
    lastReportDate: p.lastReportDate ?? null,
  };
}

/** Starts the placement's workflow; a second start of the same placement is refused by Temporal (same id, reuse
 * rejected) and reported as already started. */
export async function startPlacementWorkflow(
  client: Client,
  config: Config,
  p: IPlacement,
): Promise<'started' | 'already-started'> {
  try {
    await client.workflow.start(PLACEMENT_REVIEW_WORKFLOW, {
      taskQueue: taskQueue('caseProcesses', config.temporal.taskQueuePrefix),
      workflowId: p.workflowId,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [reviewInput(p)],
      typedSearchAttributes: [
        { key: SA_MUNICIPALITY, value: p.caseMunicipalityCode ?? p.orphanCourtAtvk },
        { key: SA_PROCESS, value: PLACEMENT_PROCESS },
      ],
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-started';
    throw err;
  }
}

export async function createPlacement(
  deps: PlacementDeps,
  actor: ActorWithRequest,
  input: NewPlacement,
): Promise<IPlacement> {
  const placement = await insertPlacement(deps.em, actor, input);
  try {
    await startPlacementWorkflow(deps.client, deps.config, placement);
  } catch (err) {
    // Without its workflow the placement would never be watched: take it back, the caller may retry.
    await deps.em.fork().nativeDelete(Placement, { id: placement.id });
    throw err;
  }
  return placement;
}

/** Validates and stores a placement (its workflow is started by the caller). */
export async function insertPlacement(
  em: Em,
  actor: ActorWithRequest,
  input: NewPlacement,
): Promise<IPlacement> {
  const today = rigaToday();
  const issues: ValidationIssue[] = [];
  if (!isValidIsoDate(input.startDate))
    issues.push({ path: 'startDate', message: 'not a valid date (YYYY-MM-DD)' });
  else if (isAfter(input.startDate, today))
    issues.push({ path: 'startDate', message: `${input.startDate} is in the future` });
  // A municipal user names only a child of their municipality's cases; any other child is answered exactly like a
  // child that does not exist (issue 14). NPAIS synchronisation (a national actor) places any child.
  const found = await em.findOne(Person, { id: input.childPersonId });
  const child = found && (await isPersonInScope(em, actor, found.id)) ? found : null;
  if (!child) issues.push({ path: 'childPersonId', message: 'no such person' });
  else if (!child.birthDate)
    issues.push({ path: 'childPersonId', message: 'the person has no birth date (PMLP)' });
  else if (isValidIsoDate(input.startDate) && isBefore(input.startDate, child.birthDate))
    issues.push({ path: 'startDate', message: 'before the child was born' });
  if (issues.length > 0 || !child?.birthDate) throw new PlacementValidationError(issues);

  // The child's open case: in the actor's own municipality when there is one there, else the latest anywhere (that
  // municipality then sees the placement; the actor never sees its case id: see `placementSummary`).
  const ownCase = actor.municipalityCode
    ? await em.findOne(
        Case,
        { personId: child.id, status: 'open', municipalityCode: actor.municipalityCode },
        { orderBy: { openedAt: 'desc' } },
      )
    : null;
  const childCase =
    ownCase ??
    (await em.findOne(Case, { personId: child.id, status: 'open' }, { orderBy: { openedAt: 'desc' } }));
  const id = newId();
  const placement = await em.transactional(async (tx) => {
    const row = tx.create(Placement, {
      id,
      childPersonId: child.id,
      childBirthDate: child.birthDate as string,
      institutionCode: input.institution.code,
      institutionName: input.institution.name,
      orphanCourtAtvk: input.orphanCourtAtvk,
      caseMunicipalityCode: childCase?.municipalityCode ?? null,
      caseId: childCase?.id ?? null,
      startDate: input.startDate,
      status: 'active',
      lastReportDate: null,
      nextReportDue: nextReportDue({ childBirthDate: child.birthDate as string, startDate: input.startDate }),
      endDate: null,
      endReason: null,
      source: input.source ?? 'manual',
      npaisDecisionId: input.npaisDecisionId ?? null,
      npaisDecisionDate: input.npaisDecisionDate ?? null,
      workflowId: placementReviewWorkflowId(id),
      createdAt: new Date(),
      createdBy: actor.username,
    });
    await tx.flush();
    await appendAudit(tx, {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      action: 'placement.create',
      resourceType: 'placement',
      resourceId: id,
      caseId: childCase?.id ?? null,
      subjectPersonId: child.id,
      outcome: 'success',
      requestId: actor.requestId ?? null,
      details: { orphanCourtAtvk: input.orphanCourtAtvk, source: input.source ?? 'manual' },
    });
    return row;
  });
  return placement;
}

export async function findVisiblePlacement(em: Em, viewer: Actor, id: string): Promise<IPlacement | null> {
  return em.findOne(Placement, { id, ...placementScope(viewer) });
}

/**
 * A report may cite a document only of a case the actor may see, and of the placement's own case when it has one.
 * Anything else answers like a missing document, so a report never confirms another municipality's document id.
 */
async function reportDocumentAllowed(
  em: Em,
  actor: Actor,
  placement: IPlacement,
  documentId: string,
): Promise<boolean> {
  const doc = await em.findOne(Document, { id: documentId });
  if (!doc) return false;
  if (placement.caseId && doc.caseId !== placement.caseId) return false;
  return (await findVisibleCase(em, actor, doc.caseId)) !== null;
}

export async function addPlacementReport(
  deps: PlacementDeps,
  actor: ActorWithRequest,
  placement: IPlacement,
  input: {
    reportDate: IsoDate;
    contactWithRelatives: string[];
    development: string;
    documentId?: string | null;
  },
): Promise<IPlacementReport> {
  if (placement.status === 'ended') throw new PlacementEndedError('the placement has ended');
  const issues = validatePlacementReport({
    reportDate: input.reportDate,
    today: rigaToday(),
    startDate: placement.startDate,
    previousReportDate: placement.lastReportDate ?? null,
  });
  if (input.documentId && !(await reportDocumentAllowed(deps.em, actor, placement, input.documentId)))
    issues.push({ path: 'documentId', message: 'no such document' });
  if (issues.length > 0) throw new PlacementValidationError(issues);
  const due = nextReportDue({
    childBirthDate: placement.childBirthDate,
    startDate: placement.startDate,
    lastReportDate: input.reportDate,
  });
  const report = await deps.em.transactional(async (tx) => {
    const p = await tx.findOneOrFail(Placement, { id: placement.id });
    p.lastReportDate = input.reportDate;
    p.nextReportDue = due;
    const row = tx.create(PlacementReport, {
      id: newId(),
      placementId: p.id,
      reportDate: input.reportDate,
      contactWithRelatives: input.contactWithRelatives,
      development: input.development,
      documentId: input.documentId ?? null,
      nextReportDue: due,
      createdAt: new Date(),
      createdBy: actor.username,
    });
    await tx.flush();
    await appendAudit(tx, {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      action: 'placement.report',
      resourceType: 'placement',
      resourceId: p.id,
      caseId: p.caseId ?? null,
      outcome: 'success',
      requestId: actor.requestId ?? null,
      details: { reportId: row.id, reportDate: input.reportDate, nextReportDue: due },
    });
    return row;
  });
  placement.lastReportDate = input.reportDate;
  placement.nextReportDue = due;
  await deps.client.workflow
    .getHandle(placement.workflowId)
    .signal(placementReportReceived, { reportDate: input.reportDate });
  return report;
}

export async function endPlacement(
  deps: PlacementDeps,
  actor: ActorWithRequest,
  placement: IPlacement,
  input: { endDate: IsoDate; reason: string },
): Promise<IPlacement> {
  if (placement.status === 'ended') throw new PlacementEndedError('the placement has ended already');
  const issues: ValidationIssue[] = [];
  if (!isValidIsoDate(input.endDate))
    issues.push({ path: 'endDate', message: 'not a valid date (YYYY-MM-DD)' });
  else if (isBefore(input.endDate, placement.startDate))
    issues.push({ path: 'endDate', message: 'before the placement start' });
  else if (isAfter(input.endDate, rigaToday())) issues.push({ path: 'endDate', message: 'in the future' });
  if (issues.length > 0) throw new PlacementValidationError(issues);
  const updated = await deps.em.transactional(async (tx) => {
    const p = await tx.findOneOrFail(Placement, { id: placement.id });
    p.status = 'ended';
    p.endDate = input.endDate;
    p.endReason = input.reason;
    await tx.flush();
    await appendAudit(tx, {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      action: 'placement.end',
      resourceType: 'placement',
      resourceId: p.id,
      caseId: p.caseId ?? null,
      outcome: 'success',
      requestId: actor.requestId ?? null,
      details: { endDate: input.endDate },
    });
    return p;
  });
  try {
    await deps.client.workflow.getHandle(placement.workflowId).signal(placementEnded, input);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  return updated;
}

/** Placements in the viewer's scope, optionally by status (computed on today's Riga date). */
export async function listPlacements(
  em: Em,
  viewer: Actor,
  filter: { status?: PlacementStatusView; orphanCourtAtvk?: string } = {},
): Promise<PlacementSummaryView[]> {
  const where: Record<string, unknown> = { ...placementScope(viewer) };
  if (filter.status === 'ended') where.status = 'ended';
  else if (filter.status) where.status = 'active';
  if (filter.orphanCourtAtvk) where.orphanCourtAtvk = filter.orphanCourtAtvk;
  const rows = await em.find(Placement, where, { orderBy: { nextReportDue: 'asc', id: 'asc' }, limit: 5000 });
  const today = rigaToday();
  return rows
    .map((p) => placementSummary(p, today, viewer))
    .filter((v) => !filter.status || v.status === filter.status);
}
