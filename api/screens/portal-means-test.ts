/**
 * `/e-pakalpojumi/materiala-situacija` — the means-test application (MK 809 annex 2): the household from PMLP to
 * confirm or correct, the amounts the registries cannot know, attached documents (a separate multipart form with the
 * case file's upload rules), "save draft" and "submit" with a confirmation. Works without JavaScript.
 */
import type { Context, Hono } from 'hono';
import { ObjectStoreUnavailableError } from '../../services/documents.js';
import {
  addAttachment,
  currentApplication,
  EMPTY_DATA,
  pmlpHousehold,
  saveDraft,
  submitApplication,
  type ApplicationData,
} from '../../services/citizen/means-test-application.js';
import { DomainError } from '../../services/errors.js';
import type { AppDeps, AppEnv } from '../context.js';
import { receiveUpload } from '../multipart.js';
import { HttpProblem } from '../problem.js';
import { formatDateTime, megabytes } from './format.js';
import { langOf, tr, type ScreenKit } from './kit.js';
import {
  citizenOf,
  PORTAL,
  PortalError,
  portalPage,
  requireCitizen,
  requireCitizenCsrf,
} from './portal-kit.js';

const PATH = `${PORTAL}/materiala-situacija`;
const AMOUNTS = ['cashSavingsEur', 'maintenanceEur', 'otherIncomeEur'] as const;

interface FieldError {
  field: string;
  message: string;
}

function amount(raw: string): number | null {
  const v = raw.trim().replace(/\s/g, '').replace(',', '.');
  if (v === '') return 0;
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(v)) return null;
  return Number(v);
}

function text(raw: unknown, max: number): string {
  return typeof raw === 'string' ? raw.normalize('NFC').trim().slice(0, max) : '';
}

function parseForm(
  c: Context<AppEnv>,
  kit: ScreenKit,
  body: Record<string, unknown>,
): { data: ApplicationData; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const raw = body['member[]'] ?? body.member;
  const members = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (m): m is string => typeof m === 'string' && /^\d{6}-\d{5}$/.test(m),
  );
  const data: ApplicationData = {
    ...EMPTY_DATA,
    confirmedMembers: members,
    householdNote: text(body.householdNote, 1000),
    otherIncomeNote: text(body.otherIncomeNote, 500),
    propertyAbroad: text(body.propertyAbroad, 500),
  };
  for (const field of AMOUNTS) {
    const value = amount(typeof body[field] === 'string' ? body[field] : '');
    if (value === null) errors.push({ field, message: tr(c, kit, 'portal.mt.error.amount') });
    else data[field] = value;
  }
  return { data, errors };
}

export function registerMeansTestApplication(app: Hono<AppEnv>, kit: ScreenKit, deps: AppDeps): void {
  async function render(
    c: Context<AppEnv>,
    state: {
      data?: ApplicationData;
      errors?: FieldError[];
      notice?: string | null;
      status?: 200 | 409 | 413 | 415 | 422 | 429 | 503;
    } = {},
  ) {
    const citizen = citizenOf(c);
    const em = c.get('em');
    const application = await currentApplication(em, citizen);
    const lang = langOf(c);
    if (application && application.state !== 'draft' && !state.errors?.length) {
      return portalPage(
        c,
        kit,
        'portal-means-test',
        { title: tr(c, kit, 'portal.mt.title'), path: PATH, status: state.status ?? 200 },
        {
          submitted: {
            at: application.submittedAt ? formatDateTime(application.submittedAt, lang) : '',
            pending: application.state === 'submitting',
          },
          notice: state.notice ?? null,
        },
      );
    }
    const household = await pmlpHousehold(em, deps.config, citizen, c.get('requestId'));
    const data = state.data ?? (application?.data as ApplicationData | undefined) ?? null;
    const confirmed = new Set(
      data ? data.confirmedMembers : (household?.members.map((m) => m.personalCode) ?? []),
    );
    const errors = state.errors ?? [];
    return portalPage(
      c,
      kit,
      'portal-means-test',
      {
        title: tr(c, kit, 'portal.mt.title'),
        path: PATH,
        status: state.status ?? (errors.length ? 422 : 200),
      },
      {
        household,
        members: (household?.members ?? []).map((m, i) => ({
          ...m,
          i,
          checked: confirmed.has(m.personalCode),
        })),
        data: data ?? EMPTY_DATA,
        attachments: (application?.attachments ?? []).map((a) => ({ title: a.title, fileName: a.fileName })),
        errors,
        error: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        notice: state.notice ?? null,
        csrf: c.get('citizen')?.csrfToken ?? '',
        maxMb: kit.translator.number(lang, megabytes(kit.uploadMaxBytes), 1),
      },
    );
  }

  app.get('/materiala-situacija', requireCitizen(), (c) =>
    render(c, {
      notice: c.req.query('saglabats')
        ? tr(c, kit, 'portal.mt.saved')
        : c.req.query('pievienots')
          ? tr(c, kit, 'portal.mt.attached')
          : null,
    }),
  );

  app.post('/materiala-situacija', requireCitizen(), requireCitizenCsrf(), async (c) => {
    const citizen = citizenOf(c);
    const body = await c.req.parseBody({ all: true });
    const { data, errors } = parseForm(c, kit, body);
    if (errors.length) return render(c, { data, errors });
    const em = c.get('em');
    if (body.action !== 'submit') {
      await saveDraft(em, citizen, data, c.get('requestId'));
      return c.redirect(`${PATH}?saglabats=1`, 303);
    }
    if (body.confirm !== 'yes')
      return render(c, {
        data,
        errors: [{ field: 'confirm', message: tr(c, kit, 'portal.mt.error.confirm') }],
      });
    await saveDraft(em, citizen, data, c.get('requestId'));
    const household = await pmlpHousehold(em, deps.config, citizen, c.get('requestId'));
    const result = await submitApplication(
      { em, store: deps.store, client: deps.temporal.client, config: deps.config },
      citizen,
      household,
      { data, requestId: c.get('requestId'), now: deps.clock.now() },
    );
    if (!result.ok && result.reason === 'throttled') throw new PortalError(429, 'throttled');
    if (!result.ok && result.reason === 'no-address')
      return render(c, {
        data,
        errors: [{ field: 'household', message: tr(c, kit, 'portal.mt.error.noAddress') }],
      });
    return c.redirect(PATH, 303);
  });

  app.post('/materiala-situacija/pielikumi', requireCitizen(), requireCitizenCsrf(), async (c) => {
    const citizen = citizenOf(c);
    const max = kit.translator.number(langOf(c), megabytes(kit.uploadMaxBytes), 1);
    let upload;
    try {
      upload = await receiveUpload(c, { store: deps.store, maxBytes: kit.uploadMaxBytes });
    } catch (err) {
      if (err instanceof ObjectStoreUnavailableError)
        return render(c, {
          errors: [{ field: 'file', message: tr(c, kit, 'upload.error.storage') }],
          status: 503,
        });
      if (!(err instanceof HttpProblem)) throw err;
      const key =
        err.status === 413
          ? 'upload.error.tooLarge'
          : err.status === 415
            ? 'upload.error.type'
            : 'upload.error.fileRequired';
      const status = err.status === 413 || err.status === 415 ? err.status : 422;
      return render(c, { errors: [{ field: 'file', message: tr(c, kit, key, { max }) }], status });
    }
    const title = text(upload.fields.title, 300) || upload.fileName;
    try {
      await addAttachment(
        c.get('em'),
        citizen,
        { stored: upload.stored, contentType: upload.contentType, fileName: upload.fileName, title },
        c.get('requestId'),
      );
    } catch (err) {
      await deps.store.removeAllVersions(upload.stored.key).catch(() => undefined);
      if (err instanceof DomainError)
        return render(c, { errors: [{ field: 'file', message: tr(c, kit, 'portal.mt.error.tooMany') }] });
      throw err;
    }
    return c.redirect(`${PATH}?pievienots=1`, 303);
  });
}
