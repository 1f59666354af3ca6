/**
 * The service screen `/cases/:id/services/:sid` (issue 6): the progress line, deadlines, the needs assessment
 * rendered from the service type's form, the decision, the deadline extension, monthly deliveries, reviews,
 * termination, settlements and the letters; with a rejected command's messages at the fields (422) or as a general
 * message (409).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { can } from '../../domain/access/roles.js';
import { isoMonthOf } from '../../domain/calendar.js';
import { renderTextRef, type TextRef } from '../../domain/text-ref.js';
import { rigaToday } from '../../infra/clock.js';
import { listServiceTypes } from '../../services/social-services/catalogue.js';
import type { ICase, ISocialService } from '../../services/social-services/detail.js';
import { deliveriesOf, settlementsOf, settlementView } from '../../services/social-services/queries.js';
import { providersForGrant } from '../../services/providers/grant.js';
import {
  SERVICE_STEPS,
  serviceView,
  type SocialServiceView,
} from '../../services/social-services/updates.js';
import { audit } from '../audit.js';
import type { AppEnv } from '../context.js';
import { langOf, page, tr, type ScreenKit } from './kit.js';
import { answersModel, assessmentFieldsModel, localized } from './service-form.js';
import { currentCsrf, currentUser, ScreenError } from './session.js';

export type FormName = 'assessment' | 'decision' | 'extension' | 'delivery' | 'review' | 'termination';
const NOTICES = [
  'requested',
  ...(['assessment', 'decision', 'extension', 'delivery', 'review', 'termination'] as const),
];

function documentHref(caseId: string, documentId: string | null | undefined): string | null {
  return documentId ? `/api/v1/cases/${caseId}/documents/${documentId}/content` : null;
}

export interface FormState {
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

export async function renderService(
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
  const view: SocialServiceView | null = await serviceView(c.get('deps').temporal.client, row);
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
