/**
 * The course record of a victim-rehabilitation service (issue 20): the kind of harm and the outcome, for annex 4.
 * Each PUT appends the next revision (never an update); the latest revision is what the course says now.
 */
import type { HarmKind } from '../../domain/reports/index.js';
import { rigaToday } from '../../infra/clock.js';
import {
  RehabilitationCourseRecord,
  type IRehabilitationCourseRecord,
} from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { appendAudit } from '../audit-log.js';
import { DomainError, notFound, throwIfInvalid } from '../errors.js';
import { findVisibleService } from '../social-services/queries.js';
import { REHABILITATION_TYPES, type RehabilitationActor } from './commands.js';

export interface CourseInput {
  harmKind: HarmKind;
  outcome: 'completed' | 'interrupted' | null;
  interruptionReason: string | null;
}

export async function recordRehabilitationCourse(
  em: Em,
  actor: RehabilitationActor,
  ids: { caseId: string; serviceId: string },
  input: CourseInput,
  now = new Date(),
): Promise<IRehabilitationCourseRecord> {
  const service = await findVisibleService(em, actor, ids.serviceId, ids.caseId);
  if (!service) throw notFound('service');
  if (!REHABILITATION_TYPES[service.serviceTypeCode]) {
    throw new DomainError('conflict', 'the service is not a victim-rehabilitation service');
  }
  throwIfInvalid([
    ...(input.outcome === 'interrupted' && !input.interruptionReason
      ? [{ path: 'interruptionReason', message: 'an interrupted course gives the reason' }]
      : []),
    ...(input.outcome !== 'interrupted' && input.interruptionReason
      ? [{ path: 'interruptionReason', message: 'only an interrupted course has a reason' }]
      : []),
  ]);
  return em.transactional(async (tx) => {
    const [latest] = await tx.find(
      RehabilitationCourseRecord,
      { serviceId: service.id },
      { orderBy: { revision: 'desc' }, limit: 1 },
    );
    const row = tx.create(RehabilitationCourseRecord, {
      id: newId(),
      serviceId: service.id,
      caseId: service.caseId,
      municipalityCode: service.municipalityCode,
      revision: (latest?.revision ?? 0) + 1,
      harmKind: input.harmKind,
      outcome: input.outcome,
      interruptionReason: input.interruptionReason,
      recordedBy: actor.username,
      recordedOn: rigaToday(now),
      recordedAt: now,
    });
    await tx.flush();
    await appendAudit(tx, {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      action: 'rehabilitation.course',
      resourceType: 'social-service',
      resourceId: service.id,
      caseId: service.caseId,
      outcome: 'success',
      requestId: actor.requestId ?? null,
      details: { revision: row.revision, harmKind: input.harmKind, outcome: input.outcome },
    });
    return row;
  });
}
