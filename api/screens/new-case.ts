/**
 * `GET|POST /cases/new`: register a client by personal code (or find the known one) and open their case in the
 * user's municipality. Errors are shown per field, in the user's language; the code travels only in the POST body.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { isAfter, isValidIsoDate } from '../../domain/calendar.js';
import { checkName } from '../../domain/validation.js';
import { validatePersonalCode } from '../../domain/personal-code.js';
import { rigaToday } from '../../infra/clock.js';
import { municipalityName as nameOfMunicipality } from '../../services/municipalities.js';
import { ConflictError, findOrCreatePerson, openCaseAudited } from '../../services/case-file.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { formatDate } from './format.js';
import { errorPage, langOf, page, tr, type ScreenKit } from './kit.js';
import {
  currentUser,
  loadSession,
  requireCsrf,
  requireScreenPermission,
  requireSignIn,
  setFlash,
} from './session.js';

const FIELDS = ['personalCode', 'firstName', 'lastName', 'birthDate'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;
type Errors = Partial<Record<Field, string>>;

async function municipalityName(c: Context<AppEnv>): Promise<string> {
  const code = currentUser(c)?.municipalityCode;
  if (!code) return '';
  return nameOfMunicipality(c.get('em'), code);
}

async function formPage(
  c: Context<AppEnv>,
  kit: ScreenKit,
  model: { values?: Values; errors?: Errors; general?: string; existingCaseId?: string | null },
  status: 200 | 409 | 422 = 200,
): Promise<Response> {
  const errors = model.errors ?? {};
  const summary = [
    ...(model.general ? [{ field: null, message: model.general }] : []),
    ...FIELDS.flatMap((f) => (errors[f] ? [{ field: f, message: errors[f] }] : [])),
  ];
  return page(
    c,
    kit,
    'new-case',
    { title: tr(c, kit, 'newCase.title'), path: '/cases/new', current: 'new-case', status },
    {
      municipalityName: await municipalityName(c),
      values: model.values ?? { personalCode: '', firstName: '', lastName: '', birthDate: '' },
      errors,
      summary,
      existingCaseId: model.existingCaseId ?? null,
    },
  );
}

/** Validates the form; returns the person's data or the per-field messages. */
export function validateNewCase(
  values: Values,
  today: string,
  t: (key: string, params?: Record<string, string>) => string,
  lang: 'lv' | 'en',
):
  | {
      ok: true;
      person: { personalCode: string; firstName: string; lastName: string; birthDate: string | null };
    }
  | { ok: false; errors: Errors } {
  const errors: Errors = {};
  let normalized = '';
  let codeFormat: 'old' | 'new' | null = null;
  let codeBirthDate: string | null = null;
  if (!values.personalCode) {
    errors.personalCode = t('newCase.error.personalCode.required');
  } else {
    const parsed = validatePersonalCode(values.personalCode, { asOf: today });
    if (parsed.ok) {
      normalized = parsed.normalized;
      codeFormat = parsed.format;
      codeBirthDate = parsed.birthDate;
    } else {
      errors.personalCode = t(`newCase.error.personalCode.${parsed.reason}`);
    }
  }
  const names = { firstName: '', lastName: '' };
  for (const name of ['firstName', 'lastName'] as const) {
    const check = checkName(values[name]);
    if (!values[name]) errors[name] = t(`newCase.error.${name}.required`);
    else if (!check.ok) errors[name] = t(`newCase.error.${name}.characters`);
    else if (check.value.length > 100) errors[name] = t(`newCase.error.${name}.tooLong`);
    else names[name] = check.value;
  }
  let birthDate: string | null = null;
  if (values.birthDate) {
    if (!isValidIsoDate(values.birthDate)) errors.birthDate = t('newCase.error.birthDate.invalid');
    else if (isAfter(values.birthDate, today)) errors.birthDate = t('newCase.error.birthDate.future');
    else if (codeBirthDate && codeBirthDate !== values.birthDate) {
      errors.birthDate = t('newCase.error.birthDate.mismatch', { date: formatDate(codeBirthDate, lang) });
    } else birthDate = values.birthDate;
  } else if (codeFormat === 'new') {
    errors.birthDate = t('newCase.error.birthDate.required');
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    person: {
      personalCode: normalized,
      firstName: names.firstName,
      lastName: names.lastName,
      birthDate: codeBirthDate ?? birthDate,
    },
  };
}

export function registerNewCase(app: Hono<AppEnv>, kit: ScreenKit, lang: MiddlewareHandler<AppEnv>): void {
  const guards = [
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('case:write'),
    requireScreenPermission('person:write'),
  ] as const;

  app.get('/cases/new', ...guards, (c) => formPage(c, kit, {}));

  app.post('/cases/new', ...guards, requireCsrf(), async (c) => {
    const user = currentUser(c);
    if (!user) throw new Error('requireSignIn lets only signed-in users through');
    if (!user.municipalityCode) return errorPage(c, kit, 'forbidden');
    const body = await c.req.parseBody();
    const values = Object.fromEntries(
      FIELDS.map((f) => {
        const v = body[f];
        return [f, typeof v === 'string' ? v.trim() : ''];
      }),
    ) as Values;
    const checked = validateNewCase(values, rigaToday(), (key, params) => tr(c, kit, key, params), langOf(c));
    if (!checked.ok) return formPage(c, kit, { values, errors: checked.errors }, 422);

    const em = c.get('em');
    const { person, created } = await findOrCreatePerson(em, checked.person);
    await audit(c, {
      action: created ? 'person.create' : 'person.read',
      resourceType: 'person',
      resourceId: person.id,
      details: { via: 'screens' },
    });
    try {
      const opened = await openCaseAudited(em, { ...user, requestId: c.get('requestId') }, person.id);
      setFlash(c, 'case-opened', kit.secureCookies);
      return c.redirect(`/cases/${opened.id}`, 303);
    } catch (err) {
      if (err instanceof ConflictError) {
        return formPage(
          c,
          kit,
          { values, general: tr(c, kit, 'newCase.error.conflict'), existingCaseId: err.existingId ?? null },
          409,
        );
      }
      throw err;
    }
  });
}
