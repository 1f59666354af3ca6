/** Starting a registry check for a case, and the latest evidence per registry — shared by the API and the screens. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ageInWholeYears } from '../domain/calendar.js';
import { rigaToday } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import { Person, ProcessRun, RegistryRequest, type ICase } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import type { RegistryCode } from '../activities/registries/types.js';
import { REGISTRY_CODES } from '../activities/registries/registry-info.js';
import type { Actor } from './case-file.js';
import { registryCheckStatus, type RegistryCheckSummary } from '../workflows/registry-check/contract.js';
import { DomainError } from './errors.js';
import { householdPersonIds } from './household.js';
import { recordProcessStart, startCaseProcessWorkflow } from './process-runs.js';

export const REGISTRY_CHECK_KIND = 'registry-check';

/**
 * Household members a check may not ask about: not in the case's household (PMLP-registered or added with a reason).
 * `indexes` are positions in the request's `householdMemberIds`.
 */
export class NotInHouseholdError extends Error {
  constructor(
    public readonly indexes: number[],
    public readonly personIds: string[],
  ) {
    super(`not members of the case household: ${indexes.join(', ')}`);
    this.name = 'NotInHouseholdError';
  }
}

function subjectRole(birthDate: string | null | undefined): 'applicant' | 'child' {
  return birthDate && ageInWholeYears(birthDate, rigaToday()) < 18 ? 'child' : 'applicant';
}

export async function startRegistryCheck(
  deps: { em: Em; client: Client; config: Config },
  actor: Actor & { requestId?: string },
  caseRow: ICase,
  options: { registries?: RegistryCode[]; householdMemberIds?: string[]; purpose?: string } = {},
): Promise<{ workflowId: string }> {
  const { em } = deps;
  const client = await em.findOneOrFail(Person, { id: caseRow.personId });
  const requested = options.householdMemberIds ?? [];
  const household = await householdPersonIds(em, caseRow.id);
  const refused = requested.flatMap((id, i) => (id === client.id || household.has(id) ? [] : [i]));
  if (refused.length > 0)
    throw new NotInHouseholdError(
      refused,
      refused.map((i) => requested[i] as string),
    );
  const memberIds = [...new Set(requested.filter((id) => id !== client.id))];
  const members = memberIds.length ? await em.find(Person, { id: { $in: memberIds } }) : [];
  if (members.length !== memberIds.length) {
    const found = new Set(members.map((m) => m.id));
    const missing = requested.flatMap((id, i) => (id !== client.id && !found.has(id) ? [i] : []));
    throw new NotInHouseholdError(
      missing,
      missing.map((i) => requested[i] as string),
    );
  }
  const workflowId = `${REGISTRY_CHECK_KIND}-${caseRow.id}-${newId()}`;
  await startCaseProcessWorkflow(deps, {
    workflowType: 'registryCheck',
    workflowId,
    kind: REGISTRY_CHECK_KIND,
    caseRow,
    args: [
      {
        caseId: caseRow.id,
        subjects: [
          { personId: client.id, role: subjectRole(client.birthDate) },
          ...members.map((m) => ({
            personId: m.id,
            role: subjectRole(m.birthDate) === 'child' ? ('child' as const) : ('household-member' as const),
          })),
        ],
        registries: options.registries,
        purpose: options.purpose ?? 'Klienta situācijas izvērtēšana sociālā dienesta lietā',
        requestedBy: actor.username,
      },
    ],
  });
  await em.transactional((tx) =>
    recordProcessStart(tx, actor, {
      workflowId,
      caseId: caseRow.id,
      kind: REGISTRY_CHECK_KIND,
      event: {
        type: 'registry.check-started',
        summary: 'Pieprasīti reģistru dati',
        data: { workflowId, registries: options.registries ?? 'all', subjects: 1 + members.length },
      },
      audit: {
        action: 'registry-check.start',
        resourceType: 'case',
        resourceId: caseRow.id,
        details: { workflowId, subjectPersonIds: [client.id, ...members.map((m) => m.id)] },
      },
    }),
  );
  return { workflowId };
}

export interface LatestEvidence {
  registry: RegistryCode;
  outcome: string | null;
  requestedAt: Date | null;
  snapshotDocumentId: string | null;
}

/** Per registry: the latest request made for this case and the latest evidence snapshot stored. */
export async function latestEvidence(em: Em, caseId: string): Promise<LatestEvidence[]> {
  const rows = await em.find(RegistryRequest, { caseId }, { orderBy: { requestedAt: 'desc' } });
  return REGISTRY_CODES.map((registry) => {
    const mine = rows.filter((r) => r.registry === registry);
    const latest = mine[0];
    const withSnapshot = mine.find((r) => r.snapshotDocumentId);
    return {
      registry,
      outcome: latest?.outcome ?? null,
      requestedAt: (withSnapshot ?? latest)?.requestedAt ?? null,
      snapshotDocumentId: withSnapshot?.snapshotDocumentId ?? null,
    };
  }).filter((e) => e.outcome !== null);
}

/** The state of a registry check, per registry, as the API shows it. */
export interface RegistryCheckState {
  workflowId: string;
  state: 'running' | 'completed' | 'failed';
  startedAt: string;
  completedAt: string | null;
  registries: Record<
    string,
    {
      status: 'ok' | 'unavailable' | 'pending' | 'not-found';
      receivedAt: string | null;
      snapshotDocumentId: string | null;
      error?: string;
    }
  >;
  banksNotAnswered: string[];
}

function latestView(workflowId: string, summary: RegistryCheckSummary): RegistryCheckState {
  return {
    workflowId,
    state: summary.state,
    startedAt: summary.startedAt,
    completedAt: summary.completedAt,
    registries: Object.fromEntries(
      Object.entries(summary.registries).map(([code, r]) => [
        code,
        {
          status: r.status,
          receivedAt: r.receivedAt,
          snapshotDocumentId: r.snapshotDocumentId,
          ...(r.error ? { error: r.error } : {}),
        },
      ]),
    ),
    banksNotAnswered: summary.banksNotAnswered,
  };
}

/**
 * The latest registry check of the case: the workflow's live answer, or without one (no worker, the run has ended
 * and its history is all that remains) what the request log and the case file hold. Null when the case has none.
 */
export async function latestRegistryCheck(
  deps: { em: Em; client: Client },
  caseId: string,
): Promise<RegistryCheckState | null> {
  const run = await deps.em.findOne(
    ProcessRun,
    { caseId, kind: REGISTRY_CHECK_KIND },
    { orderBy: { startedAt: 'desc', workflowId: 'desc' } },
  );
  if (!run) return null;
  const { client } = deps;
  const handle = client.workflow.getHandle(run.workflowId);
  let view: RegistryCheckState;
  try {
    // A query needs a worker; do not let a missing worker hold the request for long.
    const summary = await client.connection.withDeadline(Date.now() + 3000, () =>
      handle.query(registryCheckStatus),
    );
    view = latestView(run.workflowId, summary);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      throw new DomainError('not-found', 'the registry check is no longer known');
    }
    const description = await handle.describe();
    const status = description.status.name;
    view = {
      workflowId: run.workflowId,
      state: status === 'RUNNING' ? 'running' : status === 'COMPLETED' ? 'completed' : 'failed',
      startedAt: run.startedAt.toISOString(),
      completedAt: description.closeTime?.toISOString() ?? null,
      // Without a live answer from the workflow, report what the request log and the case file hold.
      registries: Object.fromEntries(
        (await latestEvidence(deps.em, caseId)).map((e) => [
          e.registry,
          {
            status: e.snapshotDocumentId
              ? ('ok' as const)
              : e.outcome === 'not-found'
                ? ('not-found' as const)
                : ('pending' as const),
            receivedAt: e.requestedAt?.toISOString() ?? null,
            snapshotDocumentId: e.snapshotDocumentId,
          },
        ]),
      ),
      banksNotAnswered: [],
    };
  }
  return view;
}
