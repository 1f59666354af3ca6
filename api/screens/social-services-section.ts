/** The case screen's "Sociālie pakalpojumi" section: the services of the case and the request form. */
import type { Context } from 'hono';
import { can } from '../../domain/access/roles.js';
import { rigaToday } from '../../infra/clock.js';
import { listServiceTypes } from '../../services/social-services/catalogue.js';
import { servicesOfCase } from '../../services/social-services/queries.js';
import type { ICase } from '../../services/social-services/detail.js';
import { audit } from '../audit.js';
import type { AppEnv } from '../context.js';
import { langOf, type ScreenKit } from './kit.js';
import { localized } from './service-form.js';
import { currentUser } from './session.js';

const START_ERRORS = ['unknown-type', 'invalid-date'] as const;

export async function socialServicesSection(c: Context<AppEnv>, kit: ScreenKit, found: ICase) {
  const user = currentUser(c);
  const canRead = user ? can(user.role, 'service:read') : false;
  if (!canRead) return { canRead: false };
  const em = c.get('em');
  const lang = langOf(c);
  const canWrite = user ? can(user.role, 'service:write') : false;
  const [rows, types] = await Promise.all([
    servicesOfCase(em, found.id),
    listServiceTypes(em, { includeInactive: true }),
  ]);
  const names = new Map(types.map((t) => [t.code, localized(t.definition.names, lang)]));
  const errorParam = c.req.query('servicesError');
  const error = START_ERRORS.includes(errorParam as (typeof START_ERRORS)[number])
    ? `service.startError.${errorParam}`
    : null;
  if (rows.length > 0) {
    await audit(c, {
      action: 'social-service.list',
      resourceType: 'case',
      resourceId: found.id,
      caseId: found.id,
      details: { via: 'screens', count: rows.length },
    });
  }
  return {
    canRead,
    canWrite,
    error,
    startAction: `/cases/${found.id}/services`,
    today: rigaToday(),
    types: types
      .filter((t) => t.active)
      .map((t) => ({ code: t.code, name: localized(t.definition.names, lang) })),
    services: rows.map((r) => ({
      id: r.id,
      href: `/cases/${found.id}/services/${r.id}`,
      name: names.get(r.serviceTypeCode) ?? r.serviceTypeCode,
      state: r.state,
      requestedAt: r.requestedAt,
      nextDeadline: r.nextDeadline ?? (['refused', 'closed'].includes(r.state) ? null : r.decisionDeadline),
      nextDeadlineKind: r.nextDeadline ? (r.nextDeadlineKind ?? 'decision') : 'decision',
    })),
  };
}
