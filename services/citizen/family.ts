/**
 * The citizen's minor children, from the population register (PMLP) through DAGR: a legal representative sees their
 * child's applications and decisions. The request is audited as the citizen, about the citizen.
 */
import type { Config } from '../../infra/config.js';
import type { Em } from '../../infra/db/orm.js';
import { ageInWholeYears, type IsoDate } from '../../domain/calendar.js';
import { queryPopulationRecord } from '../../activities/registries/pmlp.js';
import { appendAudit } from '../audit-log.js';
import type { Citizen } from './sessions.js';

export interface MinorChild {
  personalCode: string;
  firstName: string;
  lastName: string;
  birthDate: string;
}

/** The living children under 18 on `today`; an empty list (and `available: false`) when PMLP cannot answer. */
export async function minorChildren(
  em: Em,
  config: Pick<Config, 'simulators'>,
  citizen: Citizen,
  input: { today: IsoDate; requestId: string },
): Promise<{ children: MinorChild[]; available: boolean }> {
  let children: MinorChild[] = [];
  let available = true;
  try {
    const answer = await queryPopulationRecord(
      { baseUrl: config.simulators.registryUrl, timeoutMs: 5000 },
      citizen.personalCode,
      input.requestId,
    );
    if (answer.kind === 'ok') {
      children = answer.data.relations.flatMap((r) =>
        r.type === 'child' &&
        r.birthDate &&
        !r.deathDate &&
        ageInWholeYears(r.birthDate as IsoDate, input.today) < 18
          ? [
              {
                personalCode: r.personalCode,
                firstName: r.firstName ?? '',
                lastName: r.lastName ?? '',
                birthDate: r.birthDate,
              },
            ]
          : [],
      );
    }
  } catch {
    available = false;
  }
  await appendAudit(em.fork(), {
    actor: citizen.actor,
    role: 'citizen',
    municipalityCode: null,
    action: 'citizen.family-link',
    resourceType: 'registry-request',
    resourceId: null,
    caseId: null,
    subjectPersonId: citizen.personId,
    outcome: available ? 'success' : 'error',
    requestId: input.requestId,
    details: {
      registry: 'pmlp',
      purpose: 'Likumiskā pārstāvja tiesības (e-pakalpojumi)',
      children: children.length,
    },
  });
  return { children, available };
}
