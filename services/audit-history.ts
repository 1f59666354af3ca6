/**
 * The audit history of a case or a person (`GET /api/v1/audit`): a page of entries after a sequence number. A
 * supervisor reads only their municipality's cases and persons in their scope, and sees another municipality's case
 * ids as null (they stay unknown outside it, as on every other path).
 */
import { AuditEntry, Case } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import type { Actor } from './case-file.js';
import { DomainError } from './errors.js';
import { isPersonInScope } from './person-scope.js';

export interface AuditHistoryQuery {
  caseId?: string;
  personId?: string;
  limit: number;
  afterSeq?: number;
}

export async function auditHistory(em: Em, user: Actor, q: AuditHistoryQuery) {
  const { caseId, personId, limit, afterSeq } = q;
  if (user.role === 'supervisor' && caseId !== undefined) {
    const found = await em.findOne(Case, { id: caseId });
    if (!found || found.municipalityCode !== user.municipalityCode) {
      throw new DomainError('not-found', 'no such case');
    }
  }
  if (user.role === 'supervisor' && personId !== undefined && !(await isPersonInScope(em, user, personId))) {
    throw new DomainError('not-found', 'no such person');
  }
  const about = caseId !== undefined ? { caseId } : { subjectPersonId: personId };
  const rows = await em.find(
    AuditEntry,
    { ...about, ...(afterSeq !== undefined ? { seq: { $gt: afterSeq } } : {}) },
    { orderBy: { seq: 'asc' }, limit: limit + 1 },
  );
  const page = rows.slice(0, limit);
  const pageCaseIds = [...new Set(page.flatMap((e) => (e.caseId ? [e.caseId] : [])))];
  const foreignCases =
    user.role === 'supervisor' && personId !== undefined && pageCaseIds.length > 0
      ? new Set(
          (
            await em.find(
              Case,
              { id: { $in: pageCaseIds }, municipalityCode: { $ne: user.municipalityCode } },
              { fields: ['id'] },
            )
          ).map((row) => row.id),
        )
      : new Set<string>();
  const shown = (id: string | null | undefined) => (id && !foreignCases.has(id) ? id : null);
  return {
    items: page.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      actor: e.actor,
      role: e.role,
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceType === 'case' ? shown(e.resourceId) : (e.resourceId ?? null),
      caseId: shown(e.caseId),
      subjectPersonId: e.subjectPersonId ?? null,
      outcome: e.outcome,
      purpose: e.purpose ?? null,
      requestId: e.requestId ?? null,
      hash: e.hash,
    })),
    nextAfterSeq: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
  };
}
