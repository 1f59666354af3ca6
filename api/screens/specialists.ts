/**
 * Screens of the specialists register (issue 19). BAC: the register with filters, compliance per organisation and
 * municipality (SVG chart with its data table), the demand forecast, any card. HR: its organisation's specialists
 * (overdue and due first), add a specialist, record a training. Forms use the API's zod schemas; every read and
 * change goes through the specialists service (scoped, audited, personal codes masked).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { can } from '../../domain/access/roles.js';
import { POSITION_KINDS, SPECIALIST_STATUSES, TRAINING_KINDS } from '../../domain/specialists/index.js';
import type { ValidationIssue } from '../../domain/validation.js';
import { DomainError } from '../../services/errors.js';
import { recordTraining, registerSpecialist } from '../../services/specialists/commands.js';
import { specialistDepsWithTemporal } from '../../services/specialists/deps.js';
import { getSpecialist, listOrganisations, listSpecialists } from '../../services/specialists/queries.js';
import { complianceReport, demandForecast } from '../../services/specialists/reports.js';
import type { SpecialistActor } from '../../services/specialists/scope.js';
import type { AppEnv } from '../context.js';
import { CreateSpecialistBody, CreateTrainingBody, SpecialistListQuery } from '../schemas/specialists.js';
import { page, tr, type ScreenKit } from './kit.js';
import { barChart, demandChart } from './specialists-charts.js';
import { specialistsCsv } from './specialists-export.js';
import {
  currentCsrf,
  currentUser,
  loadSession,
  requireCsrf,
  requireScreenPermission,
  requireSignIn,
  ScreenError,
} from './session.js';

function actor(c: Context<AppEnv>): SpecialistActor {
  const user = currentUser(c);
  if (!user) throw new ScreenError(403, 'forbidden');
  return {
    username: user.username,
    role: user.role,
    municipalityCode: user.municipalityCode,
    organisationId: user.organisationId,
    requestId: c.get('requestId'),
  };
}

function depsOf(c: Context<AppEnv>) {
  const deps = c.get('deps');
  return specialistDepsWithTemporal(c.get('em'), deps.temporal.client, deps.config);
}

/** Field errors of a form, by field name, from zod or the service. */
function fieldErrors(issues: readonly ValidationIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.split('.')[0] ?? '(body)'] ??= i.message;
  return out;
}

function summary(errors: Record<string, string>) {
  return Object.entries(errors).map(([field, message]) => ({ field, message }));
}

async function formBody(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

const zodIssues = (e: z.ZodError): ValidationIssue[] =>
  e.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));

async function registerList(c: Context<AppEnv>, kit: ScreenKit): Promise<Response> {
  const a = actor(c);
  const parsed = SpecialistListQuery.safeParse(c.req.query());
  const query = parsed.success ? parsed.data : { page: 1, pageSize: 50 };
  const deps = depsOf(c);
  const result = await listSpecialists(deps.em, a, query, deps.today);
  const oversee = can(a.role, 'specialist:oversee');
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const params = new URLSearchParams(
    Object.entries(c.req.query()).filter(([k, v]) => k !== 'page' && v !== ''),
  ).toString();
  return page(
    c,
    kit,
    'specialists',
    { title: tr(c, kit, 'specialists.title'), path: '/specialists' },
    {
      oversee,
      canWrite: can(a.role, 'specialist:write'),
      organisations: oversee ? await listOrganisations(deps.em) : [],
      statuses: SPECIALIST_STATUSES,
      filter: query,
      items: result.items.map((s) => ({ ...s, nextDue: s.initialDueBy ?? s.refresherDueBy })),
      total: result.total,
      page: result.page,
      pages,
      prevHref: result.page > 1 ? `/specialists?${params}&page=${result.page - 1}` : null,
      nextHref: result.page < pages ? `/specialists?${params}&page=${result.page + 1}` : null,
      exportHref: params ? `/specialists/export.csv?${params}` : '/specialists/export.csv',
    },
  );
}

async function newForm(
  c: Context<AppEnv>,
  kit: ScreenKit,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
  status: 200 | 422 = 200,
): Promise<Response> {
  const a = actor(c);
  const all = await listOrganisations(c.get('em'));
  const organisations = can(a.role, 'specialist:oversee')
    ? all
    : all.filter((o) => o.id === a.organisationId);
  return page(
    c,
    kit,
    'specialist-new',
    { title: tr(c, kit, 'specialists.new.title'), path: '/specialists/new', status },
    {
      values,
      errors,
      summary: summary(errors),
      organisations,
      positionKinds: POSITION_KINDS,
      csrfToken: currentCsrf(c),
    },
  );
}

async function card(
  c: Context<AppEnv>,
  kit: ScreenKit,
  id: string,
  form: { values?: Record<string, string>; errors?: Record<string, string> } = {},
  status: 200 | 409 | 422 = 200,
): Promise<Response> {
  const a = actor(c);
  const deps = depsOf(c);
  const view = await getSpecialist(deps.em, a, id, deps.today);
  const errors = form.errors ?? {};
  return page(
    c,
    kit,
    'specialist',
    { title: `${view.firstName} ${view.lastName}`, path: `/specialists/${id}`, status },
    {
      s: view,
      canWrite: can(a.role, 'specialist:write'),
      trainingKinds: TRAINING_KINDS,
      values: form.values ?? { kind: 'initial', completedOn: deps.today },
      errors,
      summary: summary(errors),
      csrfToken: currentCsrf(c),
    },
  );
}

export function registerSpecialistScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const read = [lang, loadSession(), requireSignIn(), requireScreenPermission('specialist:read')] as const;
  const write = [
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('specialist:write'),
    requireCsrf(),
  ] as const;
  const writeForm = [
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('specialist:write'),
  ] as const;
  const oversee = [
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('specialist:oversee'),
  ] as const;

  app.get('/specialists', ...read, (c) => registerList(c, kit));
  app.get('/specialists/new', ...writeForm, (c) => newForm(c, kit));
  app.post('/specialists/new', ...write, async (c) => {
    const values = await formBody(c);
    const parsed = CreateSpecialistBody.safeParse(values);
    if (!parsed.success) return newForm(c, kit, values, fieldErrors(zodIssues(parsed.error)), 422);
    try {
      const { view } = await registerSpecialist(depsOf(c), actor(c), parsed.data);
      return c.redirect(`/specialists/${view.id}`, 303);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'validation') {
        return newForm(c, kit, values, fieldErrors(err.issues), 422);
      }
      throw err;
    }
  });

  app.get('/specialists/compliance', ...oversee, async (c) => {
    const deps = depsOf(c);
    const report = await complianceReport(deps.em, actor(c), deps.today);
    const label = (k: string) => tr(c, kit, `specialists.compliance.${k}`);
    return page(
      c,
      kit,
      'specialists-compliance',
      { title: tr(c, kit, 'specialists.compliance.title'), path: '/specialists/compliance' },
      {
        report,
        chart: barChart(
          report.organisations.map((o) => ({
            label: o.name,
            compliant: o.compliant,
            due: o.due,
            overdue: o.overdue,
          })),
          {
            compliant: label('compliant'),
            due: label('due'),
            overdue: label('overdue'),
            title: label('chartTitle'),
          },
        ),
      },
    );
  });

  app.get('/specialists/demand', ...oversee, async (c) => {
    const deps = depsOf(c);
    const from = /^\d{4}-\d{2}$/.test(c.req.query('from') ?? '')
      ? (c.req.query('from') as string)
      : deps.today.slice(0, 7);
    const defaultTo = `${Number(from.slice(0, 4)) + 1}${from.slice(4)}`;
    const toQ = c.req.query('to') ?? '';
    const to = /^\d{4}-\d{2}$/.test(toQ) && toQ >= from ? toQ : defaultTo;
    const forecast = await demandForecast(deps.em, actor(c), { from, to }, deps.today);
    const months = new Map<string, { month: string; initial: number; refresher: number }>();
    for (const r of forecast.rows) {
      const m = months.get(r.month) ?? { month: r.month, initial: 0, refresher: 0 };
      m.initial += r.initial;
      m.refresher += r.refresher;
      months.set(r.month, m);
    }
    const totals = [...months.values()];
    return page(
      c,
      kit,
      'specialists-demand',
      { title: tr(c, kit, 'specialists.demand.title'), path: '/specialists/demand' },
      {
        forecast,
        totals,
        chart: demandChart(totals, {
          initial: tr(c, kit, 'specialists.training.initial'),
          refresher: tr(c, kit, 'specialists.training.refresher'),
          title: tr(c, kit, 'specialists.demand.chartTitle'),
        }),
      },
    );
  });

  app.get('/specialists/export.csv', ...read, (c) => specialistsCsv(c, kit, actor(c)));
  app.get('/specialists/:id', ...read, async (c) => {
    const id = c.req.param('id');
    if (!z.uuid().safeParse(id).success) throw new ScreenError(404, 'not-found');
    try {
      return await card(c, kit, id);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'not-found') throw new ScreenError(404, 'not-found');
      throw err;
    }
  });

  app.post('/specialists/:id/trainings', ...write, async (c) => {
    const id = c.req.param('id');
    if (!z.uuid().safeParse(id).success) throw new ScreenError(404, 'not-found');
    const values = await formBody(c);
    const parsed = CreateTrainingBody.safeParse({
      ...values,
      hours: values.hours ? Number(values.hours) : undefined,
    });
    try {
      if (!parsed.success)
        return await card(c, kit, id, { values, errors: fieldErrors(zodIssues(parsed.error)) }, 422);
      await recordTraining(depsOf(c), actor(c), id, parsed.data, 'screen');
      return c.redirect(`/specialists/${id}`, 303);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'not-found') throw new ScreenError(404, 'not-found');
      if (err instanceof DomainError && (err.kind === 'validation' || err.kind === 'conflict')) {
        return card(
          c,
          kit,
          id,
          { values, errors: fieldErrors(err.issues) },
          err.kind === 'conflict' ? 409 : 422,
        );
      }
      throw err;
    }
  });
}
