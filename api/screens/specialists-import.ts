/**
 * `GET|POST /specialists/import`: an HR user (or BAC) uploads a spreadsheet of specialists and trainings; a rejected
 * file shows its per-row error report (row, column, message) in place, an accepted one its counts. The template is
 * served by the API (`/api/v1/specialists/import/template`, the session cookie authenticates it).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { DomainError } from '../../services/errors.js';
import { specialistDepsWithTemporal } from '../../services/specialists/deps.js';
import { importSpreadsheet, type ImportResult, type RowError } from '../../services/specialists/import.js';
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

function importPage(
  c: Context<AppEnv>,
  kit: ScreenKit,
  model: { result?: ImportResult; rowErrors?: RowError[]; general?: string },
  status: 200 | 422 = 200,
): Response {
  return page(
    c,
    kit,
    'specialists-import',
    { title: tr(c, kit, 'specialists.import.title'), path: '/specialists/import', status },
    {
      csrfToken: currentCsrf(c),
      result: model.result ?? null,
      rowErrors: model.rowErrors ?? [],
      summary: model.general ? [{ field: 'file', message: model.general }] : [],
    },
  );
}

export function registerSpecialistImportScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const guards = [lang, loadSession(), requireSignIn(), requireScreenPermission('specialist:write')] as const;
  app.get('/specialists/import', ...guards, (c) => importPage(c, kit, {}));
  app.post('/specialists/import', ...guards, requireCsrf(), async (c) => {
    const user = currentUser(c);
    if (!user) throw new ScreenError(403, 'forbidden');
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) {
      return importPage(c, kit, { general: tr(c, kit, 'specialists.import.noFile') }, 422);
    }
    const deps = c.get('deps');
    try {
      const result = await importSpreadsheet(
        specialistDepsWithTemporal(c.get('em'), deps.temporal.client, deps.config),
        {
          username: user.username,
          role: user.role,
          municipalityCode: user.municipalityCode,
          organisationId: user.organisationId,
          requestId: c.get('requestId'),
        },
        { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name },
      );
      return importPage(c, kit, { result });
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'validation') {
        const rowErrors = (err.extensions.rowErrors as RowError[] | undefined) ?? [];
        return importPage(c, kit, { rowErrors, general: err.message }, 422);
      }
      throw err;
    }
  });
}
