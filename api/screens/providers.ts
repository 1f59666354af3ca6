/**
 * Provider register screens (issue 22): the public register (no sign-in), LM's applications with their decisions,
 * and a provider's own registration (certificate, addresses and capacity, free places, the queue waiting in its
 * regions). Thin adapters over `services/providers`; errors of the forms are shown in place.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { QUEUE_SERVICE_TYPES } from '../../domain/care-queue/index.js';
import { planningRegionOf, type PlanningRegion } from '../../domain/specialists/planning-regions.js';
import { rigaToday } from '../../infra/clock.js';
import { waitingIn } from '../../services/care-queue/queries.js';
import { DomainError } from '../../services/errors.js';
import { decideApplication, reportFreePlaces, submitChange } from '../../services/providers/commands.js';
import { providerDepsWithTemporal } from '../../services/providers/deps.js';
import {
  listApplications,
  MUNICIPALITY_CHOICES,
  ownProvider,
  publicProviders,
  renewalReminders,
} from '../../services/providers/queries.js';
import type { ProviderActor } from '../../services/providers/scope.js';
import { listServiceTypes } from '../../services/social-services/catalogue.js';
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
const MUNICIPALITY_NAME = new Map(MUNICIPALITY_CHOICES.map((m) => [m.atvk, m.name]));

function actorOf(c: Context<AppEnv>): ProviderActor {
  const u = currentUser(c);
  if (!u) throw new ScreenError(403, 'forbidden');
  return {
    username: u.username,
    role: u.role,
    municipalityCode: u.municipalityCode,
    providerCode: u.providerCode,
  };
}

/** Field errors of a DomainError for a form, or rethrow. */
function formErrors(err: unknown): Record<string, string> {
  if (err instanceof DomainError && (err.kind === 'validation' || err.kind === 'conflict')) {
    const errors: Record<string, string> = {};
    for (const i of err.issues) errors[i.path] = i.message;
    if (Object.keys(errors).length === 0) errors.general = err.message;
    return errors;
  }
  throw err;
}

async function typeNames(c: Context<AppEnv>): Promise<Map<string, string>> {
  const lang = c.get('lang');
  return new Map((await listServiceTypes(c.get('em'))).map((t) => [t.code, t.definition.names[lang]]));
}

export function registerProviderRegisterScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
) {
  app.get('/public/providers', lang, loadSession(), async (c) => {
    const q = text(c.req.query('q')).slice(0, 100);
    const serviceType = text(c.req.query('serviceType')).slice(0, 40);
    const municipality = text(c.req.query('municipality')).slice(0, 7);
    const names = await typeNames(c);
    const items = await publicProviders(
      c.get('em'),
      {
        q: q || undefined,
        serviceType: serviceType || undefined,
        municipality: /^\d{7}$/.test(municipality) ? municipality : undefined,
      },
      rigaToday(),
    );
    return page(
      c,
      kit,
      'providers-public',
      { title: tr(c, kit, 'providers.public.title'), path: '/public/providers' },
      {
        q,
        serviceTypes: [...names].map(([code, name]) => ({ code, name, selected: code === serviceType })),
        municipalities: MUNICIPALITY_CHOICES.map((m) => ({
          atvk: m.atvk,
          name: m.name,
          selected: m.atvk === municipality,
        })),
        items: items.map((p) => ({
          ...p,
          addresses: p.addresses.map((a) => ({
            ...a,
            municipality: MUNICIPALITY_NAME.get(a.municipalityAtvk) ?? a.municipalityAtvk,
            services: a.services.map((s) => ({ ...s, name: names.get(s.serviceType) ?? s.serviceType })),
          })),
        })),
      },
    );
  });

  const applicationsPage = async (
    c: Context<AppEnv>,
    errors: Record<string, Record<string, string>> = {},
    status = 200,
  ) => {
    const items = await listApplications(c.get('em'), actorOf(c), { state: 'submitted' });
    const names = await typeNames(c);
    const res = page(
      c,
      kit,
      'provider-applications',
      { title: tr(c, kit, 'providers.applications.title'), path: '/register/applications' },
      {
        csrfToken: currentCsrf(c) ?? '',
        today: rigaToday(),
        notice: c.req.query('done') ? tr(c, kit, 'providers.applications.decided') : null,
        items: items.map((a) => ({
          ...a,
          kindLabel: tr(c, kit, `providers.kind.${a.kind}`),
          addresses: (a.addresses ?? []).map((ad) => ({
            ...ad,
            municipality: MUNICIPALITY_NAME.get(ad.municipalityAtvk) ?? ad.municipalityAtvk,
            services: ad.services.map((s) => ({ ...s, name: names.get(s.serviceType) ?? s.serviceType })),
          })),
          errors: errors[a.id] ?? {},
        })),
      },
    );
    return status === 200 ? res : new Response(res.body, { status, headers: res.headers });
  };

  app.get(
    '/register/applications',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('provider:decide'),
    (c) => applicationsPage(c),
  );

  app.post(
    '/register/applications/:id/decision',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('provider:decide'),
    requireCsrf(),
    async (c) => {
      const id = c.req.param('id');
      const body = (await c.req.parseBody()) as Record<string, unknown>;
      const d = c.get('deps');
      try {
        await decideApplication(
          providerDepsWithTemporal(c.get('em'), d.temporal.client, d.config),
          actorOf(c),
          id,
          {
            decision: text(body.decision) === 'refuse' ? 'refuse' : 'register',
            reason: text(body.reason) || null,
            decidedOn: text(body.decidedOn),
          },
        );
      } catch (err) {
        return applicationsPage(c, { [id]: formErrors(err) }, 422);
      }
      return c.redirect('/register/applications?done=1', 303);
    },
  );

  const ownPage = async (c: Context<AppEnv>, errors: Record<string, string> = {}, status = 200) => {
    const today = rigaToday();
    const provider = await ownProvider(c.get('em'), actorOf(c), today);
    const names = await typeNames(c);
    const regions = [
      ...new Set(
        (provider?.addresses ?? [])
          .map((a) => planningRegionOf(a.municipalityAtvk))
          .filter((r) => r !== 'national'),
      ),
    ] as PlanningRegion[];
    const waiting = [];
    for (const r of regions) {
      const counts = await waitingIn(c.get('em'), QUEUE_SERVICE_TYPES, r, today);
      for (const [t, n] of Object.entries(counts))
        waiting.push({ region: tr(c, kit, `region.${r}`), type: names.get(t) ?? t, count: n });
    }
    const offered = [
      ...new Set((provider?.addresses ?? []).flatMap((a) => a.services.map((s) => s.serviceType))),
    ];
    const open = provider ? await listApplications(c.get('em'), actorOf(c), { state: 'submitted' }) : [];
    // The registration workflow's reminders to re-register (tasks of the provider's own queue).
    // The registration workflow's reminders to re-register (tasks of the provider's own queue).
    const reminders = provider ? await renewalReminders(c.get('em'), provider.id) : [];
    const res = page(
      c,
      kit,
      'provider-registration',
      { title: tr(c, kit, 'providers.own.title'), path: '/provider/registration' },
      {
        csrfToken: currentCsrf(c) ?? '',
        provider: provider
          ? {
              ...provider,
              stateLabel: tr(c, kit, `providers.state.${provider.state}`),
              addresses: provider.addresses.map((a) => ({
                ...a,
                municipality: MUNICIPALITY_NAME.get(a.municipalityAtvk) ?? a.municipalityAtvk,
                services: a.services.map((s) => ({
                  ...s,
                  name: names.get(s.serviceType) ?? s.serviceType,
                  free: provider.freePlaces[s.serviceType] ?? null,
                })),
              })),
            }
          : null,
        offered: offered.map((code) => ({ code, name: names.get(code) ?? code })),
        places: (provider?.addresses ?? []).flatMap((a, i) =>
          a.services.map((sv) => ({
            value: `${i}:${sv.serviceType}`,
            label: `${a.address} — ${names.get(sv.serviceType) ?? sv.serviceType} (${sv.capacity})`,
          })),
        ),
        reminders: reminders.map((t) => ({ title: t.title, dueDate: t.dueDate })),
        openApplications: open.map((a) => ({
          kind: tr(c, kit, `providers.kind.${a.kind}`),
          submittedAt: a.submittedAt,
        })),
        waiting,
        errors,
        notice: c.req.query('done') ? tr(c, kit, 'providers.own.saved') : null,
      },
    );
    return status === 200 ? res : new Response(res.body, { status, headers: res.headers });
  };

  app.get(
    '/provider/registration',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('provider:apply'),
    (c) => ownPage(c),
  );

  app.post(
    '/provider/registration/free-places',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('provider:apply'),
    requireCsrf(),
    async (c) => {
      const body = (await c.req.parseBody()) as Record<string, unknown>;
      const own = await ownProvider(c.get('em'), actorOf(c), rigaToday());
      const freePlaces = Number(text(body.freePlaces));
      if (!own) return ownPage(c, { general: tr(c, kit, 'providers.own.none') }, 422);
      if (!Number.isInteger(freePlaces) || freePlaces < 0)
        return ownPage(c, { freePlaces: tr(c, kit, 'providers.own.wholeNumber') }, 422);
      const d = c.get('deps');
      try {
        await reportFreePlaces(
          providerDepsWithTemporal(c.get('em'), d.temporal.client, d.config),
          actorOf(c),
          own.id,
          {
            serviceType: text(body.serviceType),
            freePlaces,
          },
        );
      } catch (err) {
        return ownPage(c, formErrors(err), 422);
      }
      return c.redirect('/provider/registration?done=1', 303);
    },
  );

  app.post(
    '/provider/registration/applications',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('provider:apply'),
    requireCsrf(),
    async (c) => {
      const body = (await c.req.parseBody()) as Record<string, unknown>;
      const own = await ownProvider(c.get('em'), actorOf(c), rigaToday());
      if (!own) return ownPage(c, { general: tr(c, kit, 'providers.own.none') }, 422);
      const addresses = own.addresses.map((a) => ({ ...a, services: a.services.map((sv) => ({ ...sv })) }));
      const renewal = text(body.kind) === 'renewal';
      if (!renewal) {
        const [index, type] = text(body.place).split(':');
        const capacity = Number(text(body.capacity));
        const target = addresses[Number(index)]?.services.find((sv) => sv.serviceType === type);
        if (!target) return ownPage(c, { place: tr(c, kit, 'providers.own.choosePlace') }, 422);
        if (!Number.isInteger(capacity) || capacity < 0)
          return ownPage(c, { capacity: tr(c, kit, 'providers.own.wholeNumber') }, 422);
        target.capacity = capacity;
      }
      const d = c.get('deps');
      try {
        await submitChange(
          providerDepsWithTemporal(c.get('em'), d.temporal.client, d.config),
          actorOf(c),
          own.id,
          {
            kind: renewal ? 'renewal' : 'change',
            addresses,
          },
        );
      } catch (err) {
        return ownPage(c, formErrors(err), 422);
      }
      return c.redirect('/provider/registration?done=1', 303);
    },
  );
}
