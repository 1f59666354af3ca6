/**
 * Which persons a user may find (issue 14): a national role every person its permissions reach; a municipal user
 * only the persons of their municipality's cases — the client of a case there, or a member of such a case's
 * household (PMLP-registered or added with a reason). Everything else is answered as if the person did not exist.
 */
import { isNationalRole } from '../domain/access/roles.js';
import { Case, CaseHouseholdMember } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import type { Actor } from './case-file.js';

/** Whether the person belongs to a case visible to the actor (any status). */
export async function isPersonInScope(em: Em, actor: Actor, personId: string): Promise<boolean> {
  if (isNationalRole(actor.role)) return true;
  const municipalityCode = actor.municipalityCode;
  if (!municipalityCode) return false;
  if ((await em.count(Case, { personId, municipalityCode })) > 0) return true;
  const memberOf = await em.find(CaseHouseholdMember, { personId }, { fields: ['caseId'] });
  if (memberOf.length === 0) return false;
  const caseIds = [...new Set(memberOf.map((m) => m.caseId))];
  return (await em.count(Case, { id: { $in: caseIds }, municipalityCode })) > 0;
}
