/**
 * LM's care-queue screen (issue 22): the queue of a service type and region on a date, the requests waiting for a
 * decision, offering a provider's free place, and the answers to open offers. Thin adapters over
 * `services/care-queue`; errors are shown in place.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { QUEUE_SERVICE_TYPES, type PriorityGroup } from '../../domain/care-queue/index.js';
import { isValidIsoDate } from '../../domain/calendar.js';
import { PLANNING_REGIONS } from '../../domain/specialists/planning-regions.js';
import { rigaToday } from '../../infra/clock.js';
import { decideRequest } from '../../services/care-queue/commands.js';
import { careQueueDepsWithTemporal } from '../../services/care-queue/deps.js';
import { answerOffer, offerPlace } from '../../services/care-queue/offers.js';
import { queueDesk, queueItems } from '../../services/care-queue/queries.js';
import type { CareQueueActor } from '../../services/care-queue/scope.js';
import { DomainError } from '../../services/errors.js';
import type { AppEnv } from '../context.js';
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

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function actorOf(c: Context<AppEnv>): CareQueueActor {
  const u = currentUser(c);
  if (!u) throw new ScreenError(403, 'forbidden');
  return { username: u.username, role: u.role, municipalityCode: u.municipalityCode };
}
const depsOf = (c: Context<AppEnv>) =>
  careQueueDepsWithTemporal(c.get('em'), c.get('deps').temporal.client, c.get('deps').config);

function errorsOf(err: unknown): Record<string, string> {
  if (err instanceof DomainError && err.kind !== 'forbidden') {
    const out: Record<string, string> = {};
    for (const i of err.issues) out[i.path] = i.message;
    if (Object.keys(out).length === 0) out.general = err.message;
    return out;
  }
  throw err;
}

export function registerCareQueueScreens(app: Hono<AppEnv>, kit: ScreenKit, lang: MiddlewareHandler<AppEnv>) {
  const guard = [lang, loadSession(), requireSignIn(), requireScreenPermission('care-queue:decide')] as const;

  const render = async (
    c: Context<AppEnv>,
    errors: Record<string, Record<string, string>> = {},
    status = 200,
  ) => {
    const em = c.get('em');
    const serviceType =
      QUEUE_SERVICE_TYPES.find((t) => t === c.req.query('serviceType')) ?? QUEUE_SERVICE_TYPES[0];
    const region = PLANNING_REGIONS.find((r) => r === c.req.query('region')) ?? 'riga';
    const dateQ = c.req.query('date') ?? '';
    const date = isValidIsoDate(dateQ) ? dateQ : rigaToday();
    const items = await queueItems(em, serviceType, region, date);
    const { pending, offers, providers } = await queueDesk(em, serviceType);
    const res = page(
      c,
      kit,
      'care-queue',
      { title: tr(c, kit, 'careQueue.title'), path: '/care-queue' },
      {
        csrfToken: currentCsrf(c) ?? '',
        today: rigaToday(),
        date,
        serviceTypes: QUEUE_SERVICE_TYPES.map((t) => ({ code: t, selected: t === serviceType })),
        regions: PLANNING_REGIONS.map((r) => ({
          code: r,
          name: tr(c, kit, `region.${r}`),
          selected: r === region,
        })),
        serviceType,
        region,
        items,
        pending: pending.map((r) => ({
          id: r.id,
          state: tr(c, kit, `careQueue.state.${r.state}`),
          region: tr(c, kit, `region.${r.region}`),
          serviceType: r.serviceType,
          errors: errors[r.id] ?? {},
        })),
        providers: providers.map((p) => ({
          id: p.id,
          legalName: p.legalName,
          free: p.freePlaces?.[serviceType] ?? 0,
        })),
        offerErrors: errors.offer ?? {},
        offers: offers.map((o) => ({ ...o, errors: errors[o.id] ?? {} })),
        notice: c.req.query('done') ? tr(c, kit, 'careQueue.saved') : null,
      },
    );
    return status === 200 ? res : new Response(res.body, { status, headers: res.headers });
  };

  app.get('/care-queue', ...guard, (c) => render(c));

  const back = (c: Context<AppEnv>) => {
    const q = new URLSearchParams({ done: '1' });
    for (const k of ['serviceType', 'region']) if (c.req.query(k)) q.set(k, c.req.query(k) as string);
    return c.redirect(`/care-queue?${q.toString()}`, 303);
  };

  app.post('/care-queue/requests/:id/decision', ...guard, requireCsrf(), async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const decision = text(body.decision);
    const group = Number(text(body.priorityGroup));
    try {
      await decideRequest(depsOf(c), actorOf(c), c.req.param('id'), {
        decision: decision === 'refuse' || decision === 'ask-documents' ? decision : 'queue',
        priorityGroup: group === 1 || group === 2 || group === 3 ? (group as PriorityGroup) : undefined,
        priorityReason: text(body.priorityReason) || null,
        countingDate: text(body.countingDate) || undefined,
        reason: text(body.reason) || null,
      });
    } catch (err) {
      return render(c, { [c.req.param('id')]: errorsOf(err) }, 422);
    }
    return back(c);
  });

  app.post('/care-queue/offers', ...guard, requireCsrf(), async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    try {
      await offerPlace(depsOf(c), actorOf(c), {
        serviceType: text(body.serviceType),
        region: text(body.region),
        providerId: text(body.providerId),
      });
    } catch (err) {
      return render(c, { offer: errorsOf(err) }, 422);
    }
    return back(c);
  });

  app.post('/care-queue/offers/:id/answer', ...guard, requireCsrf(), async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    try {
      await answerOffer(depsOf(c), actorOf(c), c.req.param('id'), {
        accept: text(body.accept) === 'yes',
        reason: text(body.reason) || null,
        reasonAccepted: text(body.reasonAccepted) === 'yes',
      });
    } catch (err) {
      return render(c, { [c.req.param('id')]: errorsOf(err) }, 422);
    }
    return back(c);
  });
}
