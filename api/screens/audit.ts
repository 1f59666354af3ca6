/**
 * The auditor's home screen (`/audit`): the audit log searched by person, case, user, Riga date range and action,
 * newest first and paginated; the hash-chain verification with its result (`/audit/verify`); the filtered extract
 * as CSV (`/audit/export.csv`). Reading, verifying and exporting are each audited. Auditor only: a supervisor reads
 * their municipality's history through the case screens and the API.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { verifyAuditChain, type ChainVerification } from '../../services/audit-log.js';
import { auditExtractCsv, searchAudit, type AuditSearch } from '../../services/audit-search.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { page, tr, type ScreenKit } from './kit.js';
import { currentUser, loadSession, requireSignIn, ScreenError } from './session.js';

export const AUDIT_PAGE_SIZE = 50;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)))
  .optional()
  .catch(undefined);
const text = (max: number) =>
  z
    .string()
    .transform((s) => s.trim().slice(0, max))
    .optional()
    .catch(undefined);

const Query = z.object({
  person: text(200),
  caseRef: text(100),
  actor: text(100),
  action: text(80),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

function parseQuery(c: Context<AppEnv>) {
  const q = Query.parse({
    person: c.req.query('person'),
    caseRef: c.req.query('case'),
    actor: c.req.query('actor'),
    action: c.req.query('action'),
    from: c.req.query('from'),
    to: c.req.query('to'),
    page: c.req.query('page') ?? 1,
  });
  const search: AuditSearch = {
    ...(q.person ? { person: q.person } : {}),
    ...(q.caseRef ? { caseRef: q.caseRef } : {}),
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  };
  return { search, page: q.page };
}

/** The search as query-string parameters (the screen's own names), for pagination and export links. */
function searchParams(s: AuditSearch, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (s.person) p.set('person', s.person);
  if (s.caseRef) p.set('case', s.caseRef);
  if (s.actor) p.set('actor', s.actor);
  if (s.action) p.set('action', s.action);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

function requireAuditor(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (currentUser(c)?.role !== 'auditor') throw new ScreenError(403, 'forbidden');
    await next();
  };
}

export function registerAuditScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const guard = [lang, loadSession(), requireSignIn(), requireAuditor()] as const;

  const home = async (c: Context<AppEnv>, verification: ChainVerification | null) => {
    const { search, page: wanted } = parseQuery(c);
    const result = await searchAudit(c.get('em'), search, wanted, AUDIT_PAGE_SIZE);
    await audit(c, {
      action: 'audit.search',
      resourceType: 'audit-log',
      details: { filters: { ...search }, page: result.page, total: result.total, via: 'screens' },
    });
    const link = (n: number) => `/audit?${searchParams(search, { page: String(n) })}`;
    return page(
      c,
      kit,
      'audit',
      { title: tr(c, kit, 'audit.title'), path: '/audit' },
      {
        filters: {
          person: search.person ?? '',
          caseRef: search.caseRef ?? '',
          actor: search.actor ?? '',
          action: search.action ?? '',
          from: search.from ?? '',
          to: search.to ?? '',
        },
        rows: result.rows.map((r) => ({
          ...r,
          at: r.at.replace('T', ' ').slice(0, 19),
        })),
        total: result.total,
        page: result.page,
        pages: result.pages,
        previous: result.page > 1 ? link(result.page - 1) : null,
        next: result.page < result.pages ? link(result.page + 1) : null,
        exportHref: `/audit/export.csv${searchParams(search) ? `?${searchParams(search)}` : ''}`,
        verification,
      },
    );
  };

  app.get('/audit', ...guard, (c) => home(c, null));

  app.get('/audit/verify', ...guard, async (c) => {
    const result = await verifyAuditChain(c.get('em').fork());
    await audit(c, {
      action: 'audit.verify',
      resourceType: 'audit-log',
      details: { ...result, via: 'screens' },
    });
    return home(c, result);
  });

  app.get('/audit/export.csv', ...guard, async (c) => {
    const { search } = parseQuery(c);
    const { csv, rows } = await auditExtractCsv(c.get('em'), search);
    await audit(c, {
      action: 'audit.export',
      resourceType: 'audit-log',
      details: { filters: { ...search }, rows, via: 'screens' },
    });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="audita-izraksts.csv"');
    c.header('Cache-Control', 'no-store');
    return c.body(`\uFEFF${csv}`);
  });
}
