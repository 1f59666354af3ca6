/**
 * The administrator's service-type catalogue (issue 6): `/admin/service-types` lists the types,
 * `/admin/service-types/new` and `/admin/service-types/:code` edit a definition as JSON with a preview of its
 * needs-assessment form — live in the browser (`public/service-type-editor.js`) and on the server ("Preview"
 * submit). Saving creates a type or a new version of it; an invalid definition answers 422 with every issue and its
 * path. Only `service-type:write` (the administrator); everyone else gets the forbidden page.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainValidationError, type ValidationIssue } from '../../domain/validation.js';
import {
  createServiceType,
  findServiceType,
  listServiceTypes,
  ServiceTypeExistsError,
  UnknownServiceTypeError,
  updateServiceType,
  validateServiceTypeDefinition,
} from '../../services/social-services/catalogue.js';
import { SERVICE_CATALOGUE_SEED } from '../../domain/social-services/catalogue-seed.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { langOf, page, tr, type ScreenKit } from './kit.js';
import { assessmentFieldsModel } from './service-form.js';
import {
  currentCsrf,
  currentUser,
  loadSession,
  requireCsrf,
  requireScreenPermission,
  requireSignIn,
  ScreenError,
} from './session.js';

const CODE = /^[a-z][a-z0-9-]{2,39}$/;
const NOTICES = ['created', 'saved'];

/** A starting point for a new type: the first seeded type under a new code. */
function newTemplate(): string {
  const seed = SERVICE_CATALOGUE_SEED[0];
  const draft = seed
    ? { ...seed, code: 'jauns-pakalpojums', names: { lv: 'Jauns pakalpojums', en: 'New service' } }
    : {};
  return JSON.stringify(draft, null, 2);
}

interface EditState {
  definition: string;
  active: boolean;
  issues: ValidationIssue[];
  previewOnly: boolean;
  notice?: string | null;
  status?: ContentfulStatusCode;
}

function parseJson(source: string): { value: unknown; error: string | null } {
  try {
    return { value: JSON.parse(source) as unknown, error: null };
  } catch (err) {
    return { value: undefined, error: err instanceof Error ? err.message : 'invalid JSON' };
  }
}

export function registerServiceTypeAdminScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const guard = [
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('service-type:write'),
  ] as const;
  const signedIn = (c: Context<AppEnv>) => {
    const user = currentUser(c);
    if (!user) throw new ScreenError(403, 'forbidden');
    return user;
  };

  function renderEdit(c: Context<AppEnv>, code: string | null, state: EditState): Response {
    const parsed = parseJson(state.definition);
    const form =
      parsed.value && typeof parsed.value === 'object' && 'assessmentForm' in parsed.value
        ? (parsed.value as { assessmentForm: unknown }).assessmentForm
        : null;
    return page(
      c,
      kit,
      'service-type-edit',
      {
        title: code ? tr(c, kit, 'serviceTypes.editTitle', { code }) : tr(c, kit, 'serviceTypes.newTitle'),
        path: code ? `/admin/service-types/${code}` : '/admin/service-types/new',
        status: state.status,
      },
      {
        isNew: code === null,
        code,
        action: code ? `/admin/service-types/${code}` : '/admin/service-types',
        csrfToken: currentCsrf(c) ?? '',
        definition: state.definition,
        active: state.active,
        issues: state.issues,
        previewOnly: state.previewOnly,
        notice: state.notice && NOTICES.includes(state.notice) ? `serviceTypes.notice.${state.notice}` : null,
        previewError: parsed.error ? tr(c, kit, 'serviceTypes.preview.invalidJson') : null,
        previewFields: assessmentFieldsModel(form, langOf(c), { idPrefix: 'pv-' }),
      },
    );
  }

  app.get('/admin/service-types', ...guard, async (c) => {
    const types = await listServiceTypes(c.get('em'), { includeInactive: true });
    const lang = langOf(c);
    return page(
      c,
      kit,
      'service-types',
      { title: tr(c, kit, 'serviceTypes.title'), path: '/admin/service-types' },
      {
        notice: null,
        types: types.map((t) => ({
          code: t.code,
          name: t.definition.names[lang],
          version: t.version,
          active: t.active,
          updatedAt: t.updatedAt,
          updatedBy: t.updatedBy,
          href: `/admin/service-types/${t.code}`,
        })),
      },
    );
  });

  app.get('/admin/service-types/new', ...guard, (c) =>
    renderEdit(c, null, { definition: newTemplate(), active: true, issues: [], previewOnly: false }),
  );

  app.get('/admin/service-types/:code', ...guard, async (c) => {
    const code = c.req.param('code');
    const found = CODE.test(code) ? await findServiceType(c.get('em'), code) : null;
    if (!found) throw new ScreenError(404, 'not-found');
    return renderEdit(c, code, {
      definition: JSON.stringify(found.definition, null, 2),
      active: found.active,
      issues: [],
      previewOnly: false,
      notice: c.req.query('done') ?? null,
    });
  });

  async function save(c: Context<AppEnv>, code: string | null): Promise<Response> {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const source = typeof body.definition === 'string' ? body.definition : '';
    const active = code === null ? true : body.active === 'true';
    const parsed = parseJson(source);
    const previewOnly = body.intent === 'preview';
    const fail = (issues: ValidationIssue[], status: ContentfulStatusCode) =>
      renderEdit(c, code, { definition: source, active, issues, previewOnly, status });
    if (parsed.error) return fail([{ path: '(json)', message: parsed.error }], previewOnly ? 200 : 422);
    if (previewOnly) {
      let issues: ValidationIssue[] = [];
      try {
        validateServiceTypeDefinition(parsed.value);
      } catch (err) {
        if (!(err instanceof DomainValidationError)) throw err;
        issues = [...err.issues];
      }
      return fail(issues, 200);
    }
    const actor = { ...signedIn(c), requestId: c.get('requestId') };
    try {
      const saved = code
        ? await updateServiceType(c.get('em'), actor, code, parsed.value, { active })
        : await createServiceType(c.get('em'), actor, parsed.value);
      return c.redirect(`/admin/service-types/${saved.code}?done=${code ? 'saved' : 'created'}`, 303);
    } catch (err) {
      if (err instanceof DomainValidationError) return fail([...err.issues], 422);
      if (err instanceof ServiceTypeExistsError) {
        await audit(c, {
          action: 'service-type.create',
          resourceType: 'service-type',
          resourceId: err.message.slice(0, 100),
          outcome: 'denied',
        });
        return fail([{ path: 'code', message: tr(c, kit, 'serviceTypes.exists') }], 422);
      }
      if (err instanceof UnknownServiceTypeError) throw new ScreenError(404, 'not-found');
      throw err;
    }
  }

  app.post('/admin/service-types', ...guard, requireCsrf(), (c) => save(c, null));
  app.post('/admin/service-types/:code', ...guard, requireCsrf(), async (c) => {
    const code = c.req.param('code');
    if (!CODE.test(code) || !(await findServiceType(c.get('em'), code))) {
      throw new ScreenError(404, 'not-found');
    }
    return save(c, code);
  });
}
