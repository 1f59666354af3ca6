/**
 * `GET /reports/{form}`: the statistical report screen (issue 20) — municipality, period and "as known on" choice, the
 * tables, the consistency checks, CSV/XLSX download links (the API, authenticated by the session cookie) and, for the
 * municipality's supervisor, the submission form (`POST /reports/{form}/submit`). Works without JavaScript.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { can } from '../../domain/access/roles.js';
import { addIsoMonths, isoMonthOf } from '../../domain/calendar.js';
import {
  isReportForm,
  REPORT_FORM_CODES,
  REPORT_FORMS,
  wideTable,
  type ReportForm,
} from '../../domain/reports/index.js';
import { rigaToday } from '../../infra/clock.js';
import { DomainError } from '../../services/errors.js';
import { submitReport } from '../../services/reports/commands.js';
import { reportView, type ReportView } from '../../services/reports/queries.js';
import { reportMunicipalities } from '../../services/reports/scope.js';
import type { AppEnv } from '../context.js';
import { reportActorOf, reportDepsOf } from '../routes/reports.js';
import { errorPage, langOf, page, tr, type ScreenKit } from './kit.js';
import { currentCsrf, loadSession, requireCsrf, requireScreenPermission, requireSignIn } from './session.js';

interface Choice {
  municipality: string;
  period: string;
  asOf: string;
}

function defaultPeriod(form: ReportForm): string {
  const today = rigaToday();
  return REPORT_FORMS[form].period === 'month'
    ? addIsoMonths(isoMonthOf(today), -1)
    : String(Number(today.slice(0, 4)) - 1);
}

function tablesModel(c: Context<AppEnv>, kit: ScreenKit, view: ReportView) {
  const lang = langOf(c);
  return view.tables.map((t) => {
    const wide = wideTable(t);
    return {
      key: t.key,
      caption: tr(c, kit, `reports.table.${t.key}`),
      header: wide.header.slice(1).map((m) => tr(c, kit, `reports.measure.${m}`)),
      rows: wide.rows.map(([key, ...cells]) => ({
        label: view.labels[String(key)]?.[lang] ?? tr(c, kit, `reports.row.${String(key)}`),
        total: key === 'total',
        cells,
      })),
    };
  });
}

async function reportPage(
  c: Context<AppEnv>,
  kit: ScreenKit,
  form: ReportForm,
  choice: Choice,
  extra: {
    errors?: { field: string | null; message: string }[];
    status?: 200 | 409 | 422;
    submitted?: string;
  } = {},
): Promise<Response> {
  const actor = reportActorOf(c);
  const municipalities = await reportMunicipalities(c.get('em'), actor);
  let view: ReportView | null = null;
  const errors = [...(extra.errors ?? [])];
  let status = extra.status ?? 200;
  try {
    view = await reportView(reportDepsOf(c), actor, {
      form,
      municipality: choice.municipality,
      period: choice.period,
      asOf: choice.asOf || null,
    });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.kind === 'not-found') return errorPage(c, kit, 'not-found');
    if (err.kind !== 'validation') throw err;
    status = 422;
    for (const i of err.issues) {
      const field = i.path.replace(/^query\./, '');
      errors.push({ field, message: tr(c, kit, `reports.error.${field}`) });
    }
  }
  const query = new URLSearchParams({ municipality: choice.municipality, period: choice.period });
  if (choice.asOf) query.set('asOf', choice.asOf);
  return page(
    c,
    kit,
    'reports',
    { title: tr(c, kit, `reports.form.${form}`), path: `/reports/${form}`, status },
    {
      form,
      forms: REPORT_FORM_CODES.map((f) => ({ code: f, current: f === form })),
      periodKind: REPORT_FORMS[form].period,
      choice,
      municipalities: municipalities.map((m) => ({ ...m, selected: m.atvk === choice.municipality })),
      errors,
      periodError: errors.find((e) => e.field === 'period')?.message ?? null,
      asOfError: errors.find((e) => e.field === 'asOf')?.message ?? null,
      view,
      tables: view ? tablesModel(c, kit, view) : [],
      failures: (view?.checks.failures ?? []).map((f) => ({
        ...f,
        checkText: tr(c, kit, `reports.check.${f.check}`),
        tableText: tr(c, kit, `reports.table.${f.table}`),
      })),
      downloads: view
        ? {
            csv: `/api/v1/reports/${form}?${query.toString()}&format=csv`,
            xlsx: `/api/v1/reports/${form}?${query.toString()}&format=xlsx`,
          }
        : null,
      canSubmit:
        view !== null &&
        can(actor.role, 'report:submit') &&
        view.meta.periodState === 'past' &&
        view.checks.passed &&
        !choice.asOf,
      submitted: extra.submitted ?? null,
      csrfToken: currentCsrf(c),
    },
  );
}

export function registerReportScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const guards = [lang, loadSession(), requireSignIn(), requireScreenPermission('report:read')] as const;
  const formOf = (c: Context<AppEnv>): ReportForm | null => {
    const form = c.req.param('form') ?? '';
    return isReportForm(form) ? form : null;
  };
  app.get('/reports', ...guards, (c) => c.redirect(`/reports/${REPORT_FORM_CODES[0]}`, 302));
  app.get('/reports/:form', ...guards, async (c) => {
    const form = formOf(c);
    if (!form) return errorPage(c, kit, 'not-found');
    const user = reportActorOf(c);
    const q = c.req.query();
    const municipalities = await reportMunicipalities(c.get('em'), user);
    return reportPage(
      c,
      kit,
      form,
      {
        municipality: q.municipality ?? user.municipalityCode ?? municipalities[0]?.atvk ?? '',
        period: q.period ?? defaultPeriod(form),
        asOf: q.asOf ?? '',
      },
      { ...(q.submitted ? { submitted: q.submitted } : {}) },
    );
  });
  app.post(
    '/reports/:form/submit',
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('report:submit'),
    requireCsrf(),
    async (c) => {
      const form = formOf(c);
      if (!form) return errorPage(c, kit, 'not-found');
      const body = await c.req.parseBody();
      const choice = {
        municipality: String(body.municipality ?? ''),
        period: String(body.period ?? ''),
        asOf: '',
      };
      try {
        const row = await submitReport(reportDepsOf(c), reportActorOf(c), {
          form,
          municipality: choice.municipality,
          period: choice.period,
        });
        const q = new URLSearchParams({ municipality: choice.municipality, period: choice.period });
        return c.redirect(`/reports/${form}?${q.toString()}&submitted=${row.version}`, 303);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.kind === 'not-found') return errorPage(c, kit, 'not-found');
        if (err.kind === 'forbidden') return errorPage(c, kit, 'forbidden');
        const message = tr(
          c,
          kit,
          err.kind === 'conflict' ? 'reports.error.checks' : 'reports.error.notEnded',
        );
        return reportPage(c, kit, form, choice, {
          errors: [{ field: null, message }],
          status: err.kind === 'conflict' ? 409 : 422,
        });
      }
    },
  );
}
