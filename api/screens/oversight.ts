/**
 * BAC oversight screens (read-only, `oversight:read`): `/oversight` — every orphan court with open BARIS cases,
 * active placements, overdue reports and the oldest overdue age (sortable, filterable), an inline SVG bar chart of
 * overdue reports by municipality and a CSV export; drill-down to an orphan court's cases and to one case. Every view
 * is audited with purpose "oversight".
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import {
  BarisUnavailableError,
  orphanCourtCase,
  orphanCourtCases,
  orphanCourtOverview,
  overviewCsv,
  type OrphanCourtOverview,
} from '../../services/placements-oversight.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { errorPage, page, tr, type ScreenKit } from './kit.js';
import { loadSession, requireScreenPermission, requireSignIn, ScreenError } from './session.js';

const SORTS = ['name', 'openCases', 'activePlacements', 'reportsOverdue', 'oldestOverdueDays'] as const;
const Query = z.object({
  sort: z.enum(SORTS).optional().catch(undefined),
  q: z
    .string()
    .transform((s) => s.trim().slice(0, 100))
    .optional()
    .catch(undefined),
  overdue: z.enum(['1']).optional().catch(undefined),
});

const OVERSIGHT = 'oversight';

function sorted(
  rows: OrphanCourtOverview[],
  sort: (typeof SORTS)[number] | undefined,
): OrphanCourtOverview[] {
  const key = sort ?? 'reportsOverdue';
  return [...rows].sort((a, b) => {
    if (key === 'name') return a.name.localeCompare(b.name, 'lv');
    return (b[key] ?? -1) - (a[key] ?? -1) || a.name.localeCompare(b.name, 'lv');
  });
}

/** Horizontal bars of overdue reports per municipality (only those with any), as data for the SVG template. */
function chart(rows: OrphanCourtOverview[]) {
  const withOverdue = rows
    .filter((r) => r.reportsOverdue > 0)
    .sort((a, b) => b.reportsOverdue - a.reportsOverdue);
  const max = Math.max(1, ...withOverdue.map((r) => r.reportsOverdue));
  const barHeight = 22;
  return {
    height: Math.max(barHeight, withOverdue.length * barHeight),
    bars: withOverdue.map((r, i) => ({
      name: r.name,
      value: r.reportsOverdue,
      y: i * barHeight,
      textY: i * barHeight + 15,
      width: Math.round((r.reportsOverdue / max) * 300),
      valueX: 200 + Math.round((r.reportsOverdue / max) * 300) + 6,
    })),
  };
}

export function registerOversightScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const read = [lang, loadSession(), requireSignIn(), requireScreenPermission('oversight:read')] as const;

  const load = async (c: Context<AppEnv>) => {
    const rows = await orphanCourtOverview(c.get('em'), c.get('deps').config);
    await audit(c, {
      action: 'oversight.orphan-courts',
      resourceType: 'orphan-court',
      purpose: OVERSIGHT,
      details: { via: 'screens' },
    });
    return rows;
  };

  app.get('/oversight', ...read, async (c) => {
    const query = Query.parse({
      sort: c.req.query('sort'),
      q: c.req.query('q'),
      overdue: c.req.query('overdue'),
    });
    const all = await load(c);
    const needle = query.q?.toLocaleLowerCase('lv');
    const rows = sorted(
      all.filter(
        (r) =>
          (!needle || r.name.toLocaleLowerCase('lv').includes(needle) || r.atvk.includes(needle)) &&
          (!query.overdue || r.reportsOverdue > 0),
      ),
      query.sort,
    );
    return page(
      c,
      kit,
      'oversight',
      { title: tr(c, kit, 'oversight.title'), path: '/oversight' },
      {
        rows,
        q: query.q ?? '',
        overdueOnly: Boolean(query.overdue),
        sorts: SORTS.map((s) => ({
          key: s,
          label: `oversight.col.${s}`,
          href: `/oversight?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.overdue ? { overdue: '1' } : {}), sort: s }).toString()}`,
          current: (query.sort ?? 'reportsOverdue') === s,
        })),
        chart: chart(all),
      },
    );
  });

  app.get('/oversight/orphan-courts.csv', ...read, async (c) => {
    const rows = sorted(await load(c), 'name');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="barintiesas.csv"');
    c.header('Cache-Control', 'no-store');
    return c.body(`\uFEFF${overviewCsv(rows)}`);
  });

  app.get('/oversight/orphan-courts/:atvk', ...read, async (c) => {
    const atvk = c.req.param('atvk') ?? '';
    if (!/^\d{7}$/.test(atvk)) throw new ScreenError(404, 'not-found');
    try {
      const view = await orphanCourtCases(c.get('em'), c.get('deps').config, atvk);
      await audit(c, {
        action: 'oversight.orphan-court.cases',
        resourceType: 'orphan-court',
        resourceId: atvk,
        purpose: OVERSIGHT,
        details: { cases: view.cases.length, via: 'screens' },
      });
      return page(
        c,
        kit,
        'oversight-court',
        { title: view.name, path: c.req.path },
        {
          ...view,
          cases: view.cases.map((k) => ({
            ...k,
            href: `/oversight/orphan-courts/${atvk}/cases/${encodeURIComponent(k.caseNumber)}`,
          })),
        },
      );
    } catch (err) {
      if (err instanceof BarisUnavailableError) return errorPage(c, kit, 'unavailable');
      throw err;
    }
  });

  app.get('/oversight/orphan-courts/:atvk/cases/:caseId', ...read, async (c) => {
    const atvk = c.req.param('atvk') ?? '';
    const caseId = c.req.param('caseId') ?? '';
    if (!/^\d{7}$/.test(atvk) || caseId.length > 100) throw new ScreenError(404, 'not-found');
    try {
      const found = await orphanCourtCase(c.get('deps').config, atvk, caseId);
      await audit(c, {
        action: 'oversight.orphan-court.case',
        resourceType: 'baris-case',
        resourceId: caseId,
        purpose: OVERSIGHT,
        outcome: found ? 'success' : 'not-found',
        details: { orphanCourtAtvk: atvk, via: 'screens' },
      });
      if (!found) throw new ScreenError(404, 'not-found');
      return page(
        c,
        kit,
        'oversight-case',
        { title: found.caseNumber, path: c.req.path },
        {
          case: found,
          backHref: `/oversight/orphan-courts/${atvk}`,
        },
      );
    } catch (err) {
      if (err instanceof BarisUnavailableError) return errorPage(c, kit, 'unavailable');
      throw err;
    }
  });
}
