/**
 * Social-service screens (issue 6): the request form of the case screen (`POST /cases/:id/services`), the service
 * screen `/cases/:id/services/:sid` (rendered by `social-services-view.ts`) and its forms. A form becomes the body
 * the API takes, is validated with the API's zod schema, and runs the same command as the API (`updateService`);
 * a rejection re-renders the screen with the messages at the fields (422) or as a general message (409).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { isValidIsoDate } from '../../domain/calendar.js';
import { rigaToday } from '../../infra/clock.js';
import { UnknownServiceTypeError } from '../../services/social-services/catalogue.js';
import { startSocialService } from '../../services/social-services/commands.js';
import { visibleServiceOr404 } from '../../services/social-services/detail.js';
import {
  SERVICE_UPDATE_ACTIONS,
  ServiceUpdateRejected,
  updateService,
  type ServiceUpdate,
} from '../../services/social-services/updates.js';
import { DomainError } from '../../services/errors.js';
import type { AppEnv } from '../context.js';
import {
  AssessmentBody,
  DecisionBody,
  DeliveryBody,
  ExtensionBody,
  ReviewBody,
  TerminationBody,
} from '../schemas/social-services.js';
import { visibleCaseOrNotFound } from './case-access.js';
import { tr, type ScreenKit } from './kit.js';
import { renderService, type FormName } from './social-services-view.js';
import {
  currentUser,
  loadSession,
  requireCsrf,
  requireScreenPermission,
  requireSignIn,
  ScreenError,
} from './session.js';

type Form = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
/** An optional text field: absent when empty. */
const optionalText = (v: unknown) => text(v) || undefined;
/** A number from a form (decimal comma accepted); the text itself when it is not one, absent when empty. */
function formNumber(v: unknown): number | string | undefined {
  const s = text(v).replace(',', '.');
  if (s === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

/** The message key of a field the schema refused, by the kind of value it takes; other fields keep zod's text. */
const FIELD_KINDS: Record<string, 'number' | 'date' | 'month'> = {
  volume: 'number',
  units: 'number',
  month: 'month',
  startDate: 'date',
  endDate: 'date',
  reviewDate: 'date',
  newDeadline: 'date',
  nextReviewDate: 'date',
};

function signedIn(c: Context<AppEnv>) {
  const user = currentUser(c);
  if (!user) throw new ScreenError(403, 'forbidden');
  return { ...user, requestId: c.get('requestId') };
}

interface ScreenAction<S extends z.ZodType> {
  path: string;
  form: FormName;
  permission: 'service:write' | 'service:deliver';
  /** The API's body schema for this command. */
  schema: S;
  /** The form's fields as the API's body. */
  body: (form: Form) => unknown;
  command: (input: z.infer<S>) => ServiceUpdate;
}

const ASSESSMENT: ScreenAction<typeof AssessmentBody> = {
  path: 'assessment',
  form: 'assessment',
  permission: 'service:write',
  schema: AssessmentBody,
  body: (form) => ({ answers: Object.fromEntries(Object.entries(form).filter(([k]) => k !== '_csrf')) }),
  // The answers are the form's strings: the command reads them with the running service's form.
  command: (input) => ({ kind: 'assessment-form', answers: input.answers }),
};

const DECISION: ScreenAction<typeof DecisionBody> = {
  path: 'decision',
  form: 'decision',
  permission: 'service:write',
  schema: DecisionBody,
  body: (form) =>
    form.decision === 'refuse'
      ? { decision: 'refuse', reason: optionalText(form.reason) }
      : {
          decision: 'grant',
          reason: optionalText(form.reason),
          volume: formNumber(form.volume),
          providerId: optionalText(form.providerId),
          startDate: optionalText(form.startDate),
          endDate: optionalText(form.endDate),
          reviewDate: optionalText(form.reviewDate),
        },
  command: (input) => ({ kind: 'decision', ...input }),
};

const EXTENSION: ScreenAction<typeof ExtensionBody> = {
  path: 'extension',
  form: 'extension',
  permission: 'service:write',
  schema: ExtensionBody,
  body: (form) => ({ newDeadline: text(form.newDeadline), reason: text(form.reason) }),
  command: (input) => ({ kind: 'extension', ...input }),
};

const DELIVERY: ScreenAction<typeof DeliveryBody> = {
  path: 'deliveries',
  form: 'delivery',
  permission: 'service:deliver',
  schema: DeliveryBody,
  body: (form) => ({ month: text(form.month), units: formNumber(form.units), note: optionalText(form.note) }),
  command: (input) => ({ kind: 'delivery', ...input }),
};

const REVIEW: ScreenAction<typeof ReviewBody> = {
  path: 'review',
  form: 'review',
  permission: 'service:write',
  schema: ReviewBody,
  body: (form) => ({
    outcome: form.outcome === 'change' ? 'change' : form.outcome === 'end' ? 'end' : 'continue',
    notes: text(form.notes),
    volume: formNumber(form.volume),
    endDate: optionalText(form.endDate),
    nextReviewDate: optionalText(form.nextReviewDate),
  }),
  command: (input) => ({ kind: 'review', ...input }),
};

const TERMINATION: ScreenAction<typeof TerminationBody> = {
  path: 'termination',
  form: 'termination',
  permission: 'service:write',
  schema: TerminationBody,
  body: (form) => ({ endDate: text(form.endDate), reason: text(form.reason) }),
  command: (input) => ({ kind: 'termination', ...input }),
};

export function registerSocialServiceScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  app.post(
    '/cases/:id/services',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('service:write'),
    requireCsrf(),
    async (c) => {
      const found = await visibleCaseOrNotFound(c, c.req.param('id'), 'social-service.start');
      const body = (await c.req.parseBody()) as Form;
      const back = (error: string) => c.redirect(`/cases/${found.id}?servicesError=${error}#services`, 303);
      const requestedAt = text(body.requestedAt) || rigaToday();
      if (!isValidIsoDate(requestedAt)) return back('invalid-date');
      const { config, temporal } = c.get('deps');
      try {
        const row = await startSocialService(
          { em: c.get('em'), client: temporal.client, config },
          signedIn(c),
          found,
          { serviceType: text(body.serviceType), requestedAt, notes: optionalText(body.notes) ?? null },
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
    try {
      const row = await visibleServiceOr404(
        c.get('em'),
        signedIn(c),
        found.id,
        c.req.param('sid') ?? '',
        action,
      );
      return { found, row };
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'not-found') throw new ScreenError(404, 'not-found');
      throw err;
    }
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

  function action<S extends z.ZodType>(a: ScreenAction<S>) {
    app.post(
      `/cases/:id/services/:sid/${a.path}`,
      lang,
      loadSession(),
      requireSignIn(),
      requireScreenPermission(a.permission),
      requireCsrf(),
      async (c) => {
        const { form } = a;
        const name = SERVICE_UPDATE_ACTIONS[form === 'assessment' ? 'assessment-form' : form];
        const { found, row } = await serviceOr404(c, name);
        const body = (await c.req.parseBody()) as Form;
        const values = Object.fromEntries(
          Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string'),
        );
        const parsed = a.schema.safeParse(a.body(body));
        if (!parsed.success) {
          const errors: Record<string, string> = {};
          for (const issue of parsed.error.issues) {
            const key = issue.path.filter((p) => p !== 'answers').join('.');
            const kind = FIELD_KINDS[key];
            errors[key] ??= kind ? tr(c, kit, `service.error.${kind}`) : issue.message;
          }
          return renderService(c, kit, found, row, { form, values, errors, general: null, status: 422 });
        }
        try {
          await updateService(
            { em: c.get('em'), client: c.get('deps').temporal.client },
            signedIn(c),
            row,
            a.command(parsed.data),
            'screens',
          );
        } catch (err) {
          if (!(err instanceof ServiceUpdateRejected)) throw err;
          const state = err.kind === 'conflict';
          const errors = Object.fromEntries(
            err.issues.map((e) => [e.path.replace(/^answers\./, ''), e.message]),
          );
          return renderService(c, kit, found, row, {
            form,
            values,
            errors: state ? {} : errors,
            general: state ? tr(c, kit, 'service.error.state', { message: err.stateMessage }) : null,
            status: state ? 409 : 422,
          });
        }
        return c.redirect(`/cases/${found.id}/services/${row.id}?done=${form}#service-${form}`, 303);
      },
    );
  }

  action(ASSESSMENT);
  action(DECISION);
  action(EXTENSION);
  action(DELIVERY);
  action(REVIEW);
  action(TERMINATION);
}
