/** Starting a registry check for a case, and the latest evidence per registry — shared by the API and the screens. */
import type { Client } from '@temporalio/client';
import { ageInWholeYears } from '../domain/calendar.js';
import { rigaToday } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import { Person, RegistryRequest, type ICase } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';
import type { RegistryCode } from '../activities/registries/types.js';
import { REGISTRY_CODES } from '../activities/registries/registry-info.js';
import type { Actor } from './case-file.js';
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
