/**
 * Social-service screens (issue 6): the case screen's "Sociālie pakalpojumi" section (the services of the case and
 * the request form) and the service screen `/cases/:id/services/:sid` — the progress line, deadlines, the needs
 * assessment rendered from the service type's form, the decision, the deadline extension, monthly deliveries,
 * reviews, termination, settlements and the letters. Every action goes through the workflow's updates like the API;
 * a rejected update re-renders the screen with the messages at the fields (422) or as a general message (409).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { can } from '../../domain/access/roles.js';
import { isValidIsoDate, isValidIsoMonth, isoMonthOf } from '../../domain/calendar.js';
import {
  coerceAssessmentAnswers,
  type AssessmentAnswers,
} from '../../domain/social-services/assessment-form.js';
import type { AssessmentForm, FormField } from '../../domain/social-services/catalogue.js';
import { rigaToday } from '../../infra/clock.js';
import type { ICase, ISocialService } from '../../infra/db/entities/index.js';
import { listServiceTypes, UnknownServiceTypeError } from '../../services/social-services/catalogue.js';
import { startSocialService } from '../../services/social-services/commands.js';
import { providerForGrant, providersForGrant } from '../../services/providers/grant.js';
import type { Em } from '../../infra/db/orm.js';
import {
  deliveriesOf,
  findVisibleService,
  servicesOfCase,
  settlementsOf,
  settlementView,
} from '../../services/social-services/queries.js';
import {
  decideService,
  extendServiceDeadline,
  recordServiceDelivery,
  recordServiceReview,
  SERVICE_STEPS,
  serviceUpdateRejectionOf,
  submitServiceAssessment,
  terminateService,
  type SocialServiceView,
} from '../../workflows/social-services/contract.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { queryService } from '../routes/social-services.js';
import type { Lang } from './i18n.js';
import { langOf, page, tr, type ScreenKit } from './kit.js';
import { renderTextRef, type TextRef } from '../../domain/text-ref.js';
import { isUuid, visibleCaseOrNotFound } from './case-screen.js';
import {
  currentCsrf,
  currentUser,
  loadSession,
  requireCsrf,
  requireScreenPermission,
  requireSignIn,
  ScreenError,
} from './session.js';

type FormName = 'assessment' | 'decision' | 'extension' | 'delivery' | 'review' | 'termination';
const NOTICES = [
  'requested',
  ...(['assessment', 'decision', 'extension', 'delivery', 'review', 'termination'] as const),
];
const START_ERRORS = ['unknown-type', 'invalid-date'] as const;

function documentHref(caseId: string, documentId: string | null | undefined): string | null {
  return documentId ? `/api/v1/cases/${caseId}/documents/${documentId}/content` : null;
}

// ---------------------------------------------------------------------------------------------------------------
// The assessment form as a view model (shared with the admin preview)

export interface FieldModel {
  key: string;
  id: string;
  name: string;
  label: string;
  help: string | null;
  required: boolean;
  kind: 'text' | 'textarea' | 'number' | 'integer' | 'boolean' | 'date' | 'select';
  isTextarea: boolean;
  isSelect: boolean;
  isCheckbox: boolean;
  inputType: string;
  step: string | null;
  min: number | null;
  max: number | null;
  maxLength: number | null;
  value: string;
  checked: boolean;
  options: { value: string; label: string; selected: boolean }[];
  error: string | null;
  describedBy: string;
}

function localized(text: unknown, lang: Lang): string {
  if (typeof text === 'string') return text;
  if (text && typeof text === 'object') {
    const t = text as Record<string, unknown>;
    const v = t[lang] ?? t.lv ?? t.en;
    return typeof v === 'string' ? v : '';
  }
  return '';
}

const INPUT_TYPES: Record<string, string> = {
  text: 'text',
  number: 'number',
  integer: 'number',
  date: 'date',
};

/**
 * Fields of an assessment form ready for `partials/assessment-fields.hbs`. Lenient (the admin preview passes
 * whatever the JSON holds): unknown field types render as text inputs, odd entries are skipped.
 */
export function assessmentFieldsModel(
  form: unknown,
  lang: Lang,
  options: {
    idPrefix: string;
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
  },
): FieldModel[] {
  const fields: unknown =
    form && typeof form === 'object' && 'fields' in form ? (form as { fields: unknown }).fields : null;
  if (!Array.isArray(fields)) return [];
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  return fields.flatMap((raw: unknown, index): FieldModel[] => {
    if (!raw || typeof raw !== 'object') return [];
    const f = raw as Partial<FormField> & Record<string, unknown>;
    const key = typeof f.key === 'string' && f.key ? f.key : `field${index}`;
    const kind = (
      ['text', 'textarea', 'number', 'integer', 'boolean', 'date', 'select'].includes(String(f.type))
        ? f.type
        : 'text'
    ) as FieldModel['kind'];
    const id = `${options.idPrefix}${key.replace(/[^A-Za-z0-9_-]/g, '')}-${index}`;
    const raw_value = values[key];
    const value =
      raw_value === undefined || raw_value === null || typeof raw_value === 'boolean'
        ? ''
        : String(raw_value);
    const checked = raw_value === true || raw_value === 'true' || raw_value === 'on';
    const error = errors[key] ?? null;
    const help = f.help ? localized(f.help, lang) : null;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return [
      {
        key,
        id,
        name: key,
        label: localized(f.label, lang) || key,
        help: help || null,
        required: f.required === true,
        kind,
        isTextarea: kind === 'textarea',
        isSelect: kind === 'select',
        isCheckbox: kind === 'boolean',
        inputType: INPUT_TYPES[kind] ?? 'text',
        step: kind === 'integer' ? '1' : kind === 'number' ? 'any' : null,
        min: kind === 'number' || kind === 'integer' ? num(f.min) : null,
        max: kind === 'number' || kind === 'integer' ? num(f.max) : null,
        maxLength: kind === 'text' || kind === 'textarea' ? num(f.maxLength) : null,
        value,
        checked,
        options: Array.isArray(f.options)
          ? f.options.flatMap((o: unknown) =>
              o && typeof o === 'object' && 'value' in o
                ? [
                    {
                      value: String((o as { value: unknown }).value),
                      label:
                        localized((o as { label?: unknown }).label, lang) ||
                        String((o as { value: unknown }).value),
                      selected: String((o as { value: unknown }).value) === value,
                    },
                  ]
                : [],
            )
          : [],
        error,
        describedBy: [help ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '),
      },
    ];
  });
}

/** Answers as they were submitted, for display (select values as their labels, booleans as yes/no). */
function answersModel(c: Context<AppEnv>, kit: ScreenKit, form: AssessmentForm, answers: AssessmentAnswers) {
  const lang = langOf(c);
  return form.fields.map((f) => {
    const v = answers[f.key];
    let shown = v === null || v === undefined ? '—' : String(v);
    if (typeof v === 'boolean') shown = tr(c, kit, v ? 'service.yes' : 'service.no');
    if (f.type === 'select') {
      const o = (f.options ?? []).find((x) => x.value === v);
      if (o) shown = localized(o.label, lang);
    }
    return { label: localized(f.label, lang), value: shown };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The case screen's section

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

// ---------------------------------------------------------------------------------------------------------------
// The service screen

interface FormState {
  form: FormName;
  values: Record<string, unknown>;
  errors: Record<string, string>;
  general: string | null;
  status: ContentfulStatusCode;
}

const FIELD_IDS: Record<Exclude<FormName, 'assessment'>, Record<string, string>> = {
  decision: {
    decision: 'dec-decision',
    volume: 'dec-volume',
    providerId: 'dec-provider',
    startDate: 'dec-start',
    endDate: 'dec-end',
    reviewDate: 'dec-review',
    reason: 'dec-reason',
  },
  extension: { newDeadline: 'ext-deadline', reason: 'ext-reason' },
  delivery: { month: 'del-month', units: 'del-units', note: 'del-note' },
  review: {
    outcome: 'rev-outcome',
    notes: 'rev-notes',
    volume: 'rev-volume',
    endDate: 'rev-end',
    nextReviewDate: 'rev-next',
  },
  termination: { endDate: 'term-end', reason: 'term-reason' },
};

async function renderService(
  c: Context<AppEnv>,
  kit: ScreenKit,
  found: ICase,
  row: ISocialService,
  state: FormState | null = null,
): Promise<Response> {
  const em = c.get('em');
  const user = currentUser(c);
  if (!user) throw new ScreenError(403, 'forbidden');
  const lang = langOf(c);
  /** A text of the workflow (by key, nested texts first) in the reader's language. */
  const textOf = (ref: TextRef) => renderTextRef(ref, (key, params) => tr(c, kit, key, params));
  const provider = user.role === 'service_provider';
  const canWrite = can(user.role, 'service:write');
  const canDeliver = can(user.role, 'service:deliver');
  const view: SocialServiceView | null = await queryService(c.get('deps').temporal.client, row);
  const [deliveries, settlements, types] = await Promise.all([
    deliveriesOf(em, row.id),
    provider ? Promise.resolve([]) : settlementsOf(em, row.id),
    listServiceTypes(em, { includeInactive: true }),
  ]);
  await audit(c, {
    action: 'social-service.read',
    resourceType: 'social-service',
    resourceId: row.id,
    caseId: found.id,
    details: { via: 'screens' },
  });
  const typeName = view
    ? localized(view.serviceType.names, lang)
    : localized(types.find((t) => t.code === row.serviceTypeCode)?.definition.names, lang) ||
      row.serviceTypeCode;
  const unit = view?.serviceType.unit ?? types.find((t) => t.code === row.serviceTypeCode)?.definition.unit;
  const r = view?.record ?? null;
  const svcState = view?.state ?? row.state;
  const ended = svcState === 'refused' || svcState === 'closed';
  const currentIndex = view ? SERVICE_STEPS.indexOf(view.step) : -1;
  const steps = SERVICE_STEPS.map((key, i) => ({
    key,
    current: i === currentIndex,
    done: i < currentIndex || (svcState === 'closed' && i <= currentIndex),
  }));
  const formErrors = (form: FormName) => (state?.form === form ? state.errors : {});
  const formValues = (form: FormName) => (state?.form === form ? state.values : {});
  const summary = state
    ? [
        ...(state.general ? [{ field: null, message: state.general }] : []),
        ...Object.entries(state.errors).map(([path, message]) => ({
          field:
            state.form === 'assessment'
              ? (assessmentFieldsModel(view?.assessmentForm, lang, { idPrefix: 'sa-' }).find(
                  (f) => f.key === path,
                )?.id ?? null)
              : (FIELD_IDS[state.form][path] ?? null),
          message,
        })),
      ]
    : [];
  const decisionOpen = !provider && canWrite && r !== null && r.decision === null && !ended;
  const granted = r?.decision?.decision === 'grant';
  const letters = r
    ? [
        r.documentsRequest && { key: 'missing-documents', href: r.documentsRequest.letterDocumentId },
        r.assessment && { key: 'assessment', href: r.assessment.documentId },
        r.extension && { key: 'extension', href: r.extension.documentId },
        r.decision?.documentId && { key: `decision-${r.decision.decision}`, href: r.decision.documentId },
        r.termination?.documentId && { key: 'closing', href: r.termination.documentId },
      ]
        .filter((x): x is { key: string; href: string } => Boolean(x))
        .map((x) => ({ key: x.key, href: documentHref(found.id, x.href) }))
    : row.decisionDocumentId
      ? [{ key: `decision-${row.decision ?? 'grant'}`, href: documentHref(found.id, row.decisionDocumentId) }]
      : [];
  const notice = c.req.query('done');
  const today = rigaToday();
  const actionBase = `/cases/${found.id}/services/${row.id}`;
  const errorOf = (form: FormName, key: string) => formErrors(form)[key] ?? null;
  const valueOf = (form: FormName, key: string, fallback = '') => {
    const v = formValues(form)[key];
    return typeof v === 'string' ? v : fallback;
  };
  const field = (form: Exclude<FormName, 'assessment'>, key: string, fallback = '') => ({
    id: FIELD_IDS[form][key],
    value: valueOf(form, key, fallback),
    error: errorOf(form, key),
  });
  return page(
    c,
    kit,
    'social-service',
    {
      title: tr(c, kit, 'service.title', { name: typeName }),
      path: `/cases/${found.id}/services/${row.id}`,
      status: state?.status,
    },
    {
      csrfToken: currentCsrf(c) ?? '',
      caseHref: `/cases/${found.id}#services`,
      caseNumber: found.number,
      name: typeName,
      unit: unit ?? '',
      state: svcState,
      provider,
      notice: NOTICES.includes(notice as FormName) ? `service.notice.${notice}` : null,
      summary,
      generalError: state?.general ?? null,
      queryFailed: view === null,
      steps,
      requestedAt: view?.requestedAt ?? row.requestedAt,
      deadlines:
        view?.deadlines ?? (row.nextDeadline ? [{ kind: row.nextDeadlineKind, date: row.nextDeadline }] : []),
      missingDocuments: r?.missingDocuments ?? [],
      missingDeliveryMonths: view?.missingDeliveryMonths ?? [],
      extension: r?.extension ?? null,
      decision: r?.decision ?? null,
      granted,
      volume: r?.volume ?? (row.volume === null || row.volume === undefined ? null : Number(row.volume)),
      endDate: r?.endDate ?? row.endDate ?? null,
      nextReviewDate: r?.nextReviewDate ?? row.nextReviewDate ?? null,
      // A reason the service gave itself is a text by key, in the reader's language.
      termination: r?.termination
        ? {
            ...r.termination,
            reason: r.termination.reasonText ? textOf(r.termination.reasonText) : r.termination.reason,
          }
        : null,
      letters: provider ? [] : letters,
      assessment: {
        show: !provider && canWrite && (svcState === 'assessment' || svcState === 'awaiting-decision'),
        action: `${actionBase}/assessment`,
        fields: view
          ? assessmentFieldsModel(view.assessmentForm, lang, {
              idPrefix: 'sa-',
              values:
                state?.form === 'assessment'
                  ? state.values
                  : ((r?.assessment?.answers as Record<string, unknown> | undefined) ?? {}),
              errors: formErrors('assessment'),
            })
          : [],
        answers:
          !provider && view && r?.assessment
            ? answersModel(c, kit, view.assessmentForm, r.assessment.answers)
            : [],
        by: r?.assessment?.by ?? null,
        at: r?.assessment?.at ?? null,
      },
      decisionForm: decisionOpen
        ? {
            action: `${actionBase}/decision`,
            canGrant: svcState === 'awaiting-decision',
            volume: field('decision', 'volume'),
            providerId: field('decision', 'providerId'),
            providers: await providersForGrant(em, row, today),
            startDate: field('decision', 'startDate', today),
            endDate: field('decision', 'endDate'),
            reviewDate: field('decision', 'reviewDate'),
            reason: field('decision', 'reason'),
          }
        : null,
      extensionForm:
        decisionOpen && r?.extension === null
          ? {
              action: `${actionBase}/extension`,
              newDeadline: field('extension', 'newDeadline'),
              reason: field('extension', 'reason'),
            }
          : null,
      deliveries: deliveries.map((d) => ({
        month: d.month,
        units: Number(d.units),
        note: d.note ?? '',
        revision: d.revision,
        recordedBy: d.recordedBy,
      })),
      deliveryForm:
        canDeliver && granted && svcState !== 'closed'
          ? {
              action: `${actionBase}/deliveries`,
              month: field('delivery', 'month', isoMonthOf(today)),
              units: field('delivery', 'units'),
              note: field('delivery', 'note'),
            }
          : null,
      reviews: provider ? [] : (r?.reviews ?? []),
      reviewForm:
        !provider && canWrite && (svcState === 'active' || svcState === 'review-due') && !r?.termination
          ? {
              action: `${actionBase}/review`,
              outcome: field('review', 'outcome', 'continue'),
              notes: field('review', 'notes'),
              volume: field('review', 'volume'),
              endDate: field('review', 'endDate'),
              nextReviewDate: field('review', 'nextReviewDate'),
            }
          : null,
      terminationForm:
        !provider && canWrite && granted && !r?.termination && !ended
          ? {
              action: `${actionBase}/termination`,
              endDate: field('termination', 'endDate', today),
              reason: field('termination', 'reason'),
            }
          : null,
      settlements: settlements.map(settlementView),
      // In the reader's language; events recorded before issue 15 carry their Latvian summary.
      events: provider
        ? []
        : [...(r?.events ?? [])].reverse().map((e) => ({
            ...e,
            summary: e.text ? textOf(e.text) : (e.summary ?? e.type),
          })),
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Routes

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const optionalText = (v: unknown) => text(v) || null;
/** A number from a form (decimal comma accepted); NaN when it is not one, null when empty. */
function formNumber(v: unknown): number | null {
  const s = text(v).replace(',', '.');
  if (s === '') return null;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

export function registerSocialServiceScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const signedIn = (c: Context<AppEnv>) => {
    const user = currentUser(c);
    if (!user) throw new ScreenError(403, 'forbidden');
    return user;
  };

  app.post(
    '/cases/:id/services',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('service:write'),
    requireCsrf(),
    async (c) => {
      const found = await visibleCaseOrNotFound(c, c.req.param('id'), 'social-service.start');
      const body = (await c.req.parseBody()) as Record<string, unknown>;
      const back = (error: string) => c.redirect(`/cases/${found.id}?servicesError=${error}#services`, 303);
      const requestedAt = text(body.requestedAt) || rigaToday();
      if (!isValidIsoDate(requestedAt)) return back('invalid-date');
      const { config, temporal } = c.get('deps');
      try {
        const row = await startSocialService(
          { em: c.get('em'), client: temporal.client, config },
          { ...signedIn(c), requestId: c.get('requestId') },
          found,
          { serviceType: text(body.serviceType), requestedAt, notes: optionalText(body.notes) },
        );
        return c.redirect(`/cases/${found.id}/services/${row.id}?done=requested`, 303);
      } catch (err) {
        if (err instanceof UnknownServiceTypeError) return back('unknown-type');
        throw err;
      }
    },
  );

  async function serviceOr404(c: Context<AppEnv>, action: string) {
    const found = await visibleCaseOrNotFound(c, c.req.param('id'), action);
    const sid = c.req.param('sid');
    const row = isUuid(sid) ? await findVisibleService(c.get('em'), signedIn(c), sid, found.id) : null;
    if (!row) {
      await audit(c, {
        action,
        resourceType: 'social-service',
        resourceId: (sid ?? '').slice(0, 100),
        caseId: found.id,
        outcome: 'not-found',
      });
      throw new ScreenError(404, 'not-found');
    }
    return { found, row };
  }

  app.get(
    '/cases/:id/services/:sid',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('service:deliver'),
    async (c) => {
      const { found, row } = await serviceOr404(c, 'social-service.read');
      return renderService(c, kit, found, row);
    },
  );

  type Run = (
    handle: ReturnType<AppEnv['Variables']['deps']['temporal']['client']['workflow']['getHandle']>,
    body: Record<string, unknown>,
    by: string,
    view: SocialServiceView | null,
    service: { row: ISocialService; em: Em },
  ) => Promise<unknown> | { errors: Record<string, 'number' | 'date' | 'month'> };

  function action(
    path: string,
    form: FormName,
    name: string,
    permission: 'service:write' | 'service:deliver',
    run: Run,
  ) {
    app.post(
      `/cases/:id/services/:sid/${path}`,
      lang,
      loadSession(),
      requireSignIn(),
      requireScreenPermission(permission),
      requireCsrf(),
      async (c) => {
        const { found, row } = await serviceOr404(c, name);
        const body = (await c.req.parseBody()) as Record<string, unknown>;
        const values = Object.fromEntries(
          Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string'),
        );
        const user = signedIn(c);
        const client = c.get('deps').temporal.client;
        const base = {
          action: name,
          resourceType: 'social-service',
          resourceId: row.id,
          caseId: row.caseId,
        };
        const view = form === 'assessment' ? await queryService(client, row) : null;
        try {
          const pending = run(client.workflow.getHandle(row.workflowId), body, user.username, view, {
            row,
            em: c.get('em'),
          });
          if (!(pending instanceof Promise)) {
            return await renderService(c, kit, found, row, {
              form,
              values,
              errors: Object.fromEntries(
                Object.entries(pending.errors).map(([k, code]) => [k, tr(c, kit, `service.error.${code}`)]),
              ),
              general: null,
              status: 422,
            });
          }
          await pending;
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
            await audit(c, { ...base, outcome: 'denied' });
            const cause = err instanceof WorkflowUpdateFailedError ? err.cause : err;
            const message = cause instanceof Error ? cause.message : tr(c, kit, 'service.error.rejected');
            // The workflow's typed rejection: 'invalid' names the fields; anything else is the state.
            const rejection = serviceUpdateRejectionOf(cause);
            const state = rejection?.code !== 'invalid';
            const errors = Object.fromEntries(
              (rejection?.issues ?? []).map((e) => [
                e.path.replace(/^answers\./, '').replace(/^providerName$/, 'providerId'),
                e.message,
              ]),
            );
            return renderService(c, kit, found, row, {
              form,
              values,
              errors: state ? {} : errors,
              general: state
                ? tr(c, kit, 'service.error.state', {
                    message: rejection?.issues.find((e) => e.path === 'state')?.message ?? message,
                  })
                : null,
              status: state ? 409 : 422,
            });
          }
          throw err;
        }
        await audit(c, { ...base, details: { via: 'screens' } });
        return c.redirect(`/cases/${found.id}/services/${row.id}?done=${form}#service-${form}`, 303);
      },
    );
  }

  action('assessment', 'assessment', 'social-service.assess', 'service:write', (h, body, by, view) => {
    if (!view) throw new WorkflowNotFoundError('the service does not answer', '', undefined);
    const raw = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf'));
    const answers = coerceAssessmentAnswers(view.assessmentForm, raw);
    return h.executeUpdate(submitServiceAssessment, { args: [{ answers, by }] });
  });

  action('decision', 'decision', 'social-service.decide', 'service:write', (h, body, by, _view, service) => {
    const decision = body.decision === 'refuse' ? 'refuse' : 'grant';
    if (decision === 'refuse') {
      return h.executeUpdate(decideService, {
        args: [{ decision, reason: optionalText(body.reason), by }],
      });
    }
    const volume = formNumber(body.volume);
    if (volume !== null && Number.isNaN(volume)) return { errors: { volume: 'number' } };
    // The provider from the register; one that may not be chosen is left out and the workflow names the field.
    return providerForGrant(service.em, optionalText(body.providerId), service.row, rigaToday()).then((p) =>
      grantUpdate(h, p, body, decision, volume, by),
    );
  });

  function grantUpdate(
    h: Parameters<Run>[0],
    p: { providerCode: string; providerName: string } | null,
    body: Record<string, unknown>,
    decision: 'grant',
    volume: number | null,
    by: string,
  ) {
    return h.executeUpdate(decideService, {
      args: [
        {
          decision,
          reason: optionalText(body.reason),
          volume,
          providerName: p?.providerName ?? null,
          providerCode: p?.providerCode ?? null,
          startDate: optionalText(body.startDate),
          endDate: optionalText(body.endDate),
          reviewDate: optionalText(body.reviewDate),
          by,
        },
      ],
    });
  }

  action('extension', 'extension', 'social-service.extend', 'service:write', (h, body, by) => {
    const newDeadline = text(body.newDeadline);
    if (!isValidIsoDate(newDeadline)) return { errors: { newDeadline: 'date' } };
    return h.executeUpdate(extendServiceDeadline, { args: [{ newDeadline, reason: text(body.reason), by }] });
  });

  action('deliveries', 'delivery', 'social-service.delivery', 'service:deliver', (h, body, by) => {
    const month = text(body.month);
    const units = formNumber(body.units);
    const errors: Record<string, 'number' | 'date' | 'month'> = {};
    if (!isValidIsoMonth(month)) errors.month = 'month';
    if (units === null || Number.isNaN(units)) errors.units = 'number';
    if (Object.keys(errors).length > 0 || units === null) return { errors };
    return h.executeUpdate(recordServiceDelivery, {
      args: [{ month, units, note: optionalText(body.note), by }],
    });
  });

  action('review', 'review', 'social-service.review', 'service:write', (h, body, by) => {
    const outcome = body.outcome === 'change' ? 'change' : body.outcome === 'end' ? 'end' : 'continue';
    const volume = formNumber(body.volume);
    if (volume !== null && Number.isNaN(volume)) return { errors: { volume: 'number' } };
    return h.executeUpdate(recordServiceReview, {
      args: [
        {
          outcome,
          notes: text(body.notes),
          volume,
          endDate: optionalText(body.endDate),
          nextReviewDate: optionalText(body.nextReviewDate),
          by,
        },
      ],
    });
  });

  action('termination', 'termination', 'social-service.terminate', 'service:write', (h, body, by) => {
    const endDate = text(body.endDate);
    if (!isValidIsoDate(endDate)) return { errors: { endDate: 'date' } };
    return h.executeUpdate(terminateService, { args: [{ endDate, reason: text(body.reason), by }] });
  });
}
