/**
 * The citizen portal `/e-pakalpojumi` (Latvian first, English): home, sign-in through the identity provider
 * (`/login` → provider → `/callback`), sign-out, and the portal's own 404. Mounted through `api/extra-routers.ts` as
 * its own router with its own error pages; officials' screens and the API never see a citizen session.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ExtraRouters } from '../app.js';
import type { AppDeps, AppEnv } from '../context.js';
import { ObjectStoreUnavailableError } from '../../services/documents.js';
import { CALLBACK_PATH, CitizenSignInService } from '../../services/citizen/sign-in.js';
import { createCitizenSession, endCitizenSession } from '../../services/citizen/sessions.js';
import { clientAddress } from '../middleware/client-address.js';
import { HttpProblem } from '../problem.js';
import { languageMiddleware } from './i18n.js';
import { tr, type ScreenKit } from './kit.js';
import { createScreenKit } from './index.js';
import { registerAccessHistory } from './portal-access-history.js';
import { registerApplications } from './portal-applications.js';
import { registerMeansTestApplication } from './portal-means-test.js';
import {
  citizenOf,
  CITIZEN_COOKIE,
  CITIZEN_STATE_COOKIE,
  currentCitizen,
  loadCitizen,
  PORTAL,
  PortalError,
  portalMessage,
  portalPage,
  requireCitizen,
  requireCitizenCsrf,
} from './portal-kit.js';

export type PortalRegistrar = (app: Hono<AppEnv>, kit: ScreenKit, deps: AppDeps) => void;

function portalError(err: Error, c: Context<AppEnv>, kit: ScreenKit, deps: AppDeps): Response {
  if (err instanceof PortalError) {
    if (err.kind === 'throttled') c.header('Retry-After', '60');
    return portalMessage(c, kit, err.kind);
  }
  if (err instanceof HttpProblem && err.status === 404) return portalMessage(c, kit, 'not-found');
  if (err instanceof ObjectStoreUnavailableError) return portalMessage(c, kit, 'unavailable');
  deps.logger.error({ err, path: c.req.path }, 'unhandled error in the citizen portal');
  return portalMessage(c, kit, 'internal');
}

export function portalRouter(deps: AppDeps, registrars: PortalRegistrar[] = PORTAL_SCREENS): Hono<AppEnv> {
  const kit = createScreenKit(deps);
  const lang = languageMiddleware({ secure: kit.secureCookies });
  const signIn = new CitizenSignInService(
    {
      idpUrl: deps.config.citizen.idpUrl,
      clientId: deps.config.citizen.clientId,
      clientSecret: deps.config.citizen.clientSecret,
      redirectUri: `${deps.config.api.publicUrl}${CALLBACK_PATH}`,
    },
    deps.logger,
  );
  const cookie = { httpOnly: true, sameSite: 'Lax', secure: kit.secureCookies } as const;
  const app = new Hono<AppEnv>();
  app.use('*', lang, loadCitizen());

  app.get('/', (c) => {
    const citizen = currentCitizen(c);
    return portalPage(
      c,
      kit,
      'portal-home',
      { title: tr(c, kit, 'portal.home.title'), path: PORTAL },
      {
        signedIn: citizen !== null,
      },
    );
  });

  app.get('/login', async (c) => {
    if (currentCitizen(c)) return c.redirect(PORTAL, 303);
    const started = await signIn.start(c.get('em'), { address: clientAddress(c), now: deps.clock.now() });
    if (!started.ok) {
      c.header('Retry-After', String(started.retryAfterSeconds));
      return portalMessage(c, kit, 'throttled');
    }
    setCookie(c, CITIZEN_STATE_COOKIE, started.state, {
      ...cookie,
      path: `${PORTAL}/callback`,
      maxAge: 600,
    });
    return c.redirect(started.url, 302);
  });

  app.get('/callback', async (c) => {
    const em = c.get('em');
    const result = await signIn.finish(em, {
      search: new URL(c.req.url).search,
      stateCookie: getCookie(c, CITIZEN_STATE_COOKIE),
      now: deps.clock.now(),
      requestId: c.get('requestId'),
    });
    deleteCookie(c, CITIZEN_STATE_COOKIE, { path: `${PORTAL}/callback`, secure: kit.secureCookies });
    if (!result.ok)
      return portalMessage(c, kit, result.reason === 'cancelled' ? 'sign-in-cancelled' : 'sign-in-failed');
    const session = await createCitizenSession(em, result.identity, {
      ttlMinutes: deps.config.citizen.ttlMinutes,
      pseudonymKey: deps.config.pseudonymKey,
      now: deps.clock.now(),
      requestId: c.get('requestId'),
    });
    setCookie(c, CITIZEN_COOKIE, session.token, { ...cookie, path: PORTAL });
    return c.redirect(PORTAL, 303);
  });

  app.post('/logout', requireCitizen(), requireCitizenCsrf(), async (c) => {
    await endCitizenSession(c.get('em'), c.get('citizen')!.token, citizenOf(c), c.get('requestId'));
    deleteCookie(c, CITIZEN_COOKIE, { path: PORTAL, secure: kit.secureCookies });
    return portalPage(
      c,
      kit,
      'portal-home',
      { title: tr(c, kit, 'portal.home.title'), path: PORTAL },
      {
        signedIn: false,
        signedOut: true,
      },
    );
  });

  for (const register of registrars) register(app, kit, deps);
  app.all('*', () => {
    throw new PortalError(404, 'not-found');
  });
  app.onError((err, c) => portalError(err, c, kit, deps));
  return app;
}

export const PORTAL_SCREENS: PortalRegistrar[] = [
  registerAccessHistory,
  registerApplications,
  registerMeansTestApplication,
];

export const mountPortal: ExtraRouters = (app, deps) => {
  app.route(PORTAL, portalRouter(deps));
};
