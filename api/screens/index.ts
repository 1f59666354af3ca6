/**
 * The server-rendered case screens (Handlebars, Latvian by default, English switchable): sign-in, case list,
 * new case, case screen with documents, versions, uploads and the timeline. Mounted into the API app through
 * `api/extra-routers.ts`. Middleware is attached per route, never with `use('*')`, so nothing here touches the API.
 */
import { registerSpecialistScreens } from './specialists.js';
import { registerSpecialistImportScreens } from './specialists-import.js';
import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import type { ExtraRouters } from '../app.js';
import { ObjectStoreUnavailableError } from '../../services/documents.js';
import { HttpProblem } from '../problem.js';
import { unavailableDependency } from '../../services/availability.js';
import { adoptionGuards, registerAdoptionScreens } from './adoption.js';
import { registerAdoptionMatchScreens } from './adoption-match.js';
import { registerCaseList } from './case-list.js';
import { registerCaseScreen } from './case-screen.js';
import { registerHouseholdScreens } from './household.js';
import { languageMiddleware, loadCatalogues, Translator } from './i18n.js';
import { errorPage, type ScreenKit } from './kit.js';
import { registerLogin } from './login.js';
import { registerNewCase } from './new-case.js';
import { ScreenRenderer } from './render.js';
import { loadSession, ScreenError } from './session.js';
import { registerStatic } from './static.js';
import { registerUploads } from './uploads.js';
import { registerTaskScreens } from './tasks.js';
import { registerMeansTestScreens } from './means-test.js';
import { registerAlertScreens } from './alerts.js';
import { registerOversightScreens } from './oversight.js';
import { registerSocialServiceScreens } from './social-services.js';
import { registerServiceTypeAdminScreens } from './service-types-admin.js';
import { registerProviderScreens } from './provider-services.js';
import { registerProviderRegisterScreens } from './providers.js';
import { registerCareQueueScreens } from './care-queue.js';
import { registerOpenDataScreens } from './open-data.js';
import { registerReportScreens } from './reports.js';
import { registerAuditScreens } from './audit.js';

export function createScreenKit(deps: AppDeps): ScreenKit {
  const translator = new Translator(loadCatalogues());
  return {
    translator,
    renderer: new ScreenRenderer(translator),
    secureCookies: deps.config.api.publicUrl.startsWith('https:'),
    uploadMaxBytes: deps.config.uploadMaxBytes,
  };
}

function screenError(
  err: Error,
  c: Context<AppEnv>,
  kit: ScreenKit,
  deps: AppDeps,
): Response | Promise<Response> {
  if (err instanceof ScreenError) return errorPage(c, kit, err.kind);
  if (err instanceof HttpProblem && err.status === 401) return c.redirect('/login', 303);
  if (err instanceof HttpProblem && err.status === 404) return errorPage(c, kit, 'not-found');
  if (err instanceof HttpProblem && err.status === 403) return errorPage(c, kit, 'forbidden');
  if (err instanceof ObjectStoreUnavailableError || unavailableDependency(err)) {
    deps.logger.error({ err: err.message }, 'object storage unavailable');
    return errorPage(c, kit, 'unavailable');
  }
  deps.logger.error({ err, path: c.req.path }, 'unhandled error in a screen');
  return errorPage(c, kit, 'internal');
}

export function screensRouter(deps: AppDeps): Hono<AppEnv> {
  const kit = createScreenKit(deps);
  const lang = languageMiddleware({ secure: kit.secureCookies });
  const app = new Hono<AppEnv>();
  registerStatic(app);
  registerLogin(app, kit, lang);
  registerCaseList(app, kit, lang);
  registerNewCase(app, kit, lang);
  registerCaseScreen(app, kit, lang);
  registerHouseholdScreens(app, kit, lang);
  registerUploads(app, kit, lang);
  registerTaskScreens(app, kit, lang);
  registerMeansTestScreens(app, kit, lang);
  registerAlertScreens(app, kit, lang);
  registerOversightScreens(app, kit, lang);
  registerSocialServiceScreens(app, kit, lang);
  registerServiceTypeAdminScreens(app, kit, lang);
  registerProviderScreens(app, kit, lang);
  registerProviderRegisterScreens(app, kit, lang);
  registerCareQueueScreens(app, kit, lang);
  registerAdoptionScreens(app, kit, lang);
  registerAdoptionMatchScreens(app, kit, lang);
  registerSpecialistImportScreens(app, kit, lang);
  registerSpecialistScreens(app, kit, lang);
  registerOpenDataScreens(app, kit, lang);
  registerReportScreens(app, kit, lang);
  registerAuditScreens(app, kit, lang);
  // Any other path under /adoption: the same 404 page for everyone (other roles' attempts are audited).
  app.all('/adoption/*', ...adoptionGuards(lang, 'adoption:read'), (c) => errorPage(c, kit, 'not-found'));
  // Any other path under /cases answers with the screens' own 404 page.
  app.all('/cases/*', lang, loadSession(), (c) => errorPage(c, kit, 'not-found'));
  app.onError((err, c) => screenError(err, c, kit, deps));
  return app;
}

export const mountScreens: ExtraRouters = (app, deps) => {
  app.route('/', screensRouter(deps));
};
