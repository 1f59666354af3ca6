/**
 * `GET /alerts`: the supervisor's dashboard of open deadline alerts of their municipality, grouped by kind, oldest
 * first with their age in days; acknowledge posts with the session's CSRF token. BAC inspectors see every alert but
 * get no acknowledge button (and the POST refuses them). Every view and acknowledgement is audited.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { can } from '../../domain/access/roles.js';
import { diffInDays } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import {
  acknowledgeAlert,
  ALERT_KINDS,
  AlertNotFoundError,
  alertView,
  listAlerts,
} from '../../services/alerts.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { page, tr, type ScreenKit } from './kit.js';
import {
  currentCsrf,
  currentUser,
  loadSession,
  requireCsrf,
  requireScreenPermission,
  requireSignIn,
  ScreenError,
} from './session.js';

function signedIn(c: Context<AppEnv>) {
  const user = currentUser(c);
  if (!user) throw new Error('requireSignIn lets only signed-in users through');
  return user;
}

async function dashboard(c: Context<AppEnv>, kit: ScreenKit): Promise<Response> {
  const user = signedIn(c);
  const alerts = await listAlerts(c.get('em'), user, { state: 'open' });
  await audit(c, {
    action: 'alert.list',
    resourceType: 'alert',
    details: { count: alerts.length, state: 'open', via: 'screens' },
  });
  const today = rigaToday();
  const canAck = can(user.role, 'alert:ack');
  const groups = ALERT_KINDS.map((kind) => {
    const items = alerts
      .filter((a) => a.kind === kind)
      .map((a) => ({ ...alertView(a), ageDays: Math.max(0, diffInDays(today, a.dueDate)), canAck }))
      .sort((a, b) => b.ageDays - a.ageDays || a.dueDate.localeCompare(b.dueDate));
    return { kind, items, count: items.length };
  });
  return page(
    c,
    kit,
    'alerts',
    { title: tr(c, kit, 'alerts.title'), path: '/alerts' },
    { csrfToken: currentCsrf(c), groups, total: alerts.length },
  );
}

export function registerAlertScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const read = [lang, loadSession(), requireSignIn(), requireScreenPermission('alert:read')] as const;
  const write = [
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('alert:ack'),
    requireCsrf(),
  ] as const;

  app.get('/alerts', ...read, (c) => dashboard(c, kit));

  app.post('/alerts/:id/ack', ...write, async (c) => {
    const id = c.req.param('id') ?? '';
    if (!z.uuid().safeParse(id).success) throw new ScreenError(404, 'not-found');
    try {
      await acknowledgeAlert(c.get('em'), { ...signedIn(c), requestId: c.get('requestId') }, id);
    } catch (err) {
      if (err instanceof AlertNotFoundError) {
        await audit(c, { action: 'alert.ack', resourceType: 'alert', resourceId: id, outcome: 'not-found' });
        throw new ScreenError(404, 'not-found');
      }
      throw err;
    }
    return c.redirect('/alerts', 303);
  });
}
