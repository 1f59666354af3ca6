/**
 * `/e-pakalpojumi/piekluves-vesture` — "Kas skatījās manus datus": the signed-in person's access history, filterable
 * by period (GET form, works without JavaScript), and the same rows as CSV (`/piekluves-vesture.csv`).
 */
import type { Context, Hono } from 'hono';
import { stringify } from 'csv-stringify/sync';
import {
  accessHistory,
  auditAccessHistoryRead,
  type AccessRow,
} from '../../services/citizen/access-history.js';
import type { AppDeps, AppEnv } from '../context.js';
import { formatDateTime } from './format.js';
import { langOf, tr, type ScreenKit } from './kit.js';
import type { Lang } from './i18n.js';
import { citizenOf, PORTAL, portalPage, requireCitizen } from './portal-kit.js';

const PATH = `${PORTAL}/piekluves-vesture`;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Period {
  from?: string;
  to?: string;
}

function validDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The period from the query; wrong values become field errors (and no filter). */
function periodOf(
  c: Context<AppEnv>,
  kit: ScreenKit,
): { period: Period; errors: { field: string; message: string }[] } {
  const period: Period = {};
  const errors: { field: string; message: string }[] = [];
  for (const field of ['from', 'to'] as const) {
    const value = (c.req.query(field) ?? '').trim();
    if (value === '') continue;
    if (validDate(value)) period[field] = value;
    else errors.push({ field, message: tr(c, kit, `portal.access.error.${field}`) });
  }
  if (period.from && period.to && period.from > period.to) {
    errors.push({ field: 'to', message: tr(c, kit, 'portal.access.error.order') });
    delete period.to;
  }
  return { period, errors };
}

function describe(kit: ScreenKit, lang: Lang, row: AccessRow) {
  const t = (key: string, params?: Record<string, string>) => kit.translator.t(lang, key, params);
  const roleKey = `role.${row.role}`;
  return {
    at: formatDateTime(row.at, lang),
    atIso: row.at.toISOString(),
    institution: t(`portal.access.institution.${row.institution}`, { municipality: row.municipality ?? '' }),
    role: kit.translator.has(lang, roleKey) ? t(roleKey) : row.role,
    purpose: row.purpose ?? t(`portal.access.purpose.${row.category}`),
  };
}

export function registerAccessHistory(app: Hono<AppEnv>, kit: ScreenKit, _deps: AppDeps): void {
  app.get('/piekluves-vesture', requireCitizen(), async (c) => {
    const citizen = citizenOf(c);
    const lang = langOf(c);
    const { period, errors } = periodOf(c, kit);
    const rows = await accessHistory(c.get('em'), citizen, period);
    await auditAccessHistoryRead(c.get('em'), citizen, {
      format: 'page',
      rows: rows.length,
      requestId: c.get('requestId'),
    });
    const query = new URLSearchParams();
    if (period.from) query.set('from', period.from);
    if (period.to) query.set('to', period.to);
    return portalPage(
      c,
      kit,
      'portal-access-history',
      { title: tr(c, kit, 'portal.access.title'), path: PATH, status: errors.length ? 422 : 200 },
      {
        rows: rows.map((r) => describe(kit, lang, r)),
        from: c.req.query('from') ?? '',
        to: c.req.query('to') ?? '',
        errors,
        fromError: errors.find((e) => e.field === 'from')?.message ?? null,
        toError: errors.find((e) => e.field === 'to')?.message ?? null,
        csvHref: `${PATH}.csv${query.size ? `?${query}` : ''}`,
        filtered: Boolean(period.from ?? period.to),
      },
    );
  });

  app.get('/piekluves-vesture.csv', requireCitizen(), async (c) => {
    const citizen = citizenOf(c);
    const lang = langOf(c);
    const { period } = periodOf(c, kit);
    const rows = await accessHistory(c.get('em'), citizen, period);
    await auditAccessHistoryRead(c.get('em'), citizen, {
      format: 'csv',
      rows: rows.length,
      requestId: c.get('requestId'),
    });
    const t = (key: string) => kit.translator.t(lang, key);
    const csv = stringify(
      rows.map((r) => {
        const d = describe(kit, lang, r);
        return [d.atIso, d.institution, d.role, d.purpose];
      }),
      {
        header: true,
        columns: [
          t('portal.access.column.time'),
          t('portal.access.column.institution'),
          t('portal.access.column.role'),
          t('portal.access.column.purpose'),
        ],
      },
    );
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="piekluves-vesture.csv"');
    c.header('Cache-Control', 'no-store');
    return c.body(`\uFEFF${csv}`);
  });
}
