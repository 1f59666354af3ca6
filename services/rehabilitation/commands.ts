/**
 * Recording the sessions of a victim-rehabilitation service (BRIEF §4.10, issue 20): the provider (or the
 * municipality's worker) records each consultation or stay day of a running rehabilitation service; the limits of
 * the course in force on the session's date are enforced (422 `form`). One transaction: the session and its audit.
 */
import { compareIsoDates, type IsoDate } from '../../domain/calendar.js';
import {
  checkSessionLimit,
  type SessionForm,
  type SpecialistKind,
  type TargetGroup,
} from '../../domain/rehabilitation/index.js';
import type { Role } from '../../domain/access/roles.js';
import { RehabilitationSession, type IRehabilitationSession } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { newId } from '../../infra/ids.js';
import { appendAudit } from '../audit-log.js';
import { DomainError, notFound, throwIfInvalid } from '../errors.js';
import { findVisibleService } from '../social-services/queries.js';

/** The catalogue's rehabilitation types and the group whose limits apply to them. */
export const REHABILITATION_TYPES: Readonly<Record<string, TargetGroup>> = {
  'rehabilitation-violence-adult': 'adult',
  'rehabilitation-violence-child': 'child',
};

export interface RehabilitationActor {
  username: string;
  role: Role;
  municipalityCode: string | null;
  providerCode: string | null;
  requestId?: string;
}

export interface SessionInput {
  date: IsoDate;
  form: SessionForm;
  specialistKind: SpecialistKind | null;
  minutes: number | null;
}

export async function recordRehabilitationSession(
  em: Em,
  actor: RehabilitationActor,
  ids: { caseId: string; serviceId: string },
  input: SessionInput,
  today: IsoDate,
): Promise<IRehabilitationSession> {
  const service = await findVisibleService(em, actor, ids.serviceId, ids.caseId);
  if (!service) throw notFound('service');
  const group = REHABILITATION_TYPES[service.serviceTypeCode];
  if (!group) throw new DomainError('conflict', 'the service is not a victim-rehabilitation service');
  const consultation = input.form === 'consultation';
  throwIfInvalid([
    ...(compareIsoDates(input.date, today) > 0
      ? [{ path: 'date', message: 'must not be in the future' }]
      : []),
    ...(!service.startDate ||
    compareIsoDates(input.date, service.startDate) < 0 ||
    (service.endDate && compareIsoDates(input.date, service.endDate) > 0)
      ? [{ path: 'date', message: 'the service was not running on that day' }]
      : []),
    ...(consultation && input.specialistKind === null
      ? [{ path: 'specialistKind', message: "a consultation names the specialist's kind" }]
      : []),
    ...(!consultation && input.specialistKind !== null
      ? [{ path: 'specialistKind', message: 'only a consultation names a specialist' }]
      : []),
    ...(consultation && input.minutes === null
      ? [{ path: 'minutes', message: 'a consultation has minutes' }]
      : []),
  ]);
  return em.transactional(async (tx) => {
    const already = await tx.count(RehabilitationSession, { serviceId: service.id, form: input.form });
    throwIfInvalid(checkSessionLimit({ group, form: input.form, date: input.date, already }));
    const row = tx.create(RehabilitationSession, {
      id: newId(),
      serviceId: service.id,
      caseId: service.caseId,
      municipalityCode: service.municipalityCode,
      serviceTypeCode: service.serviceTypeCode,
      date: input.date,
      form: input.form,
      specialistKind: input.specialistKind,
      minutes: input.minutes,
      recordedBy: actor.username,
      recordedAt: new Date(),
    });
    await tx.flush();
    await appendAudit(tx, {
      actor: actor.username,
      role: actor.role,
      municipalityCode: actor.municipalityCode,
      action: 'rehabilitation.session',
      resourceType: 'social-service',
      resourceId: service.id,
      caseId: service.caseId,
      outcome: 'success',
      requestId: actor.requestId ?? null,
      details: { form: input.form, date: input.date, sessions: already + 1 },
    });
    return row;
  });
}
