/**
 * The national coordinator's view of victim-rehabilitation sessions (issue 20): every municipality's session records
 * of a period, with the person as a keyed pseudonym (HMAC under the configured key, separated from other exports by
 * its purpose prefix, so two datasets cannot be joined on it). No names, codes, case or service ids. Audited.
 */
import { createHmac } from 'node:crypto';
import type { IsoDate } from '../../domain/calendar.js';
import { Case, RehabilitationSession } from '../../infra/db/entities/index.js';
import type { Em } from '../../infra/db/orm.js';
import { appendAudit } from '../audit-log.js';
import { throwIfInvalid } from '../errors.js';
import { REHABILITATION_TYPES, type RehabilitationActor } from './commands.js';

/** At most this many sessions in one answer; a longer period is asked for in parts. */
export const COORDINATION_LIMIT = 10_000;

export function rehabilitationPseudonym(key: string, personId: string): string {
  return createHmac('sha256', key).update(`rehabilitation-person:${personId}`).digest('hex').slice(0, 32);
}

export interface CoordinationSession {
  person: string;
  municipalityCode: string;
  group: string;
  date: string;
  form: string;
  specialistKind: string | null;
  minutes: number | null;
}

export async function coordinationSessions(
  em: Em,
  actor: RehabilitationActor,
  pseudonymKey: string,
  query: { from: IsoDate; to: IsoDate; municipality?: string | undefined },
): Promise<{ sessions: CoordinationSession[]; truncated: boolean }> {
  throwIfInvalid(query.from > query.to ? [{ path: 'query.to', message: 'must not be before from' }] : []);
  const rows = await em.find(
    RehabilitationSession,
    {
      date: { $gte: query.from, $lte: query.to },
      ...(query.municipality ? { municipalityCode: query.municipality } : {}),
    },
    { orderBy: { date: 'asc', id: 'asc' }, limit: COORDINATION_LIMIT + 1 },
  );
  const truncated = rows.length > COORDINATION_LIMIT;
  const shown = rows.slice(0, COORDINATION_LIMIT);
  const cases = await em.find(Case, { id: { $in: [...new Set(shown.map((r) => r.caseId))] } });
  const personOf = new Map(cases.map((c) => [c.id, c.personId]));
  await appendAudit(em.fork(), {
    actor: actor.username,
    role: actor.role,
    municipalityCode: actor.municipalityCode,
    action: 'rehabilitation.coordination.list',
    resourceType: 'rehabilitation-session',
    resourceId: null,
    caseId: null,
    outcome: 'success',
    requestId: actor.requestId ?? null,
    details: { from: query.from, to: query.to, municipality: query.municipality ?? null, rows: shown.length },
  });
  return {
    truncated,
    sessions: shown.map((r) => ({
      person: rehabilitationPseudonym(pseudonymKey, personOf.get(r.caseId) ?? r.caseId),
      municipalityCode: r.municipalityCode,
      group: REHABILITATION_TYPES[r.serviceTypeCode] ?? 'adult',
      date: r.date,
      form: r.form,
      specialistKind: r.specialistKind ?? null,
      minutes: r.minutes ?? null,
    })),
  };
}
