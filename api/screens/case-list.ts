/**
 * `GET /cases`: the case list of the user's scope — search by name or case number, status filter, cursor paging.
 * The search form is a POST: a name or case number is redirected to `GET /cases?q=…` (shareable, pageable), while a
 * personal code (typed with a hyphen, an en dash, a space or nothing between its parts) is normalised, kept in the
 * server-side session and redirected to `GET /cases?by=code` (POST-redirect-GET), so a personal code never lands in
 * a URL, the history or a log line.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { canAccessMunicipality } from '../../domain/access/roles.js';
import { personalCodeShapeOf, validatePersonalCode } from '../../domain/personal-code.js';
import { rigaToday } from '../../infra/clock.js';
import {
  casesOfPerson,
  caseView,
  findPersonByCode,
  listCases,
  type CaseView,
} from '../../services/case-file.js';
import { caseSearchCodeOf, setCaseSearchCode } from '../../services/identity.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { page, tr, type ScreenKit } from './kit.js';
import { currentUser, loadSession, requireCsrf, requireScreenPermission, requireSignIn } from './session.js';

export const PAGE_SIZE = 20;

const ListQuery = z.object({
  q: z
    .string()
    .transform((s) => s.trim().slice(0, 100))
    .optional()
    .catch(undefined),
  status: z.enum(['open', 'closed']).optional().catch(undefined),
  by: z.literal('code').optional().catch(undefined),
  cursor: z.uuid().optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(100).optional().catch(undefined),
});
type ListQuery = z.infer<typeof ListQuery>;

function href(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const qs = search.toString();
  return qs ? `/cases?${qs}` : '/cases';
}

function signedIn(c: Context<AppEnv>) {
  const user = currentUser(c);
  if (!user) throw new Error('requireSignIn lets only signed-in users through');
  return user;
}

function listPage(
  c: Context<AppEnv>,
  kit: ScreenKit,
  model: { q: string; status?: string; items: CaseView[]; firstHref: string | null; nextHref: string | null },
): Response {
  return page(
    c,
    kit,
    'cases',
    { title: tr(c, kit, 'cases.title'), path: '/cases', current: 'cases' },
    {
      q: model.q,
      status: model.status ?? '',
      filtered: Boolean(model.q || model.status),
      items: model.items,
      count: model.items.length,
      firstHref: model.firstHref,
      nextHref: model.nextHref,
    },
  );
}

async function auditList(c: Context<AppEnv>, items: CaseView[], filtered: boolean): Promise<void> {
  await audit(c, {
    action: 'case.list',
    resourceType: 'case',
    details: { count: items.length, caseIds: items.map((i) => i.id), filtered, via: 'screens' },
  });
}

/** The cases of the person with this personal code that the user may see (none when the code is unknown). */
async function casesByPersonalCode(
  c: Context<AppEnv>,
  code: string,
  status: ListQuery['status'],
): Promise<CaseView[]> {
  const parsed = validatePersonalCode(code, { asOf: rigaToday() });
  const em = c.get('em');
  const person = parsed.ok ? await findPersonByCode(em, parsed.normalized) : null;
  await audit(c, {
    action: 'person.search',
    resourceType: 'person',
    resourceId: person?.id ?? null,
    outcome: person ? 'success' : 'not-found',
    details: { via: 'screens' },
  });
  if (!person) return [];
  const user = signedIn(c);
  const cases = await casesOfPerson(em, person.id, status);
  return cases.filter((k) => canAccessMunicipality(user, k.municipalityCode)).map((k) => caseView(k, person));
}

export function registerCaseList(app: Hono<AppEnv>, kit: ScreenKit, lang: MiddlewareHandler<AppEnv>): void {
  const guards = [lang, loadSession(), requireSignIn(), requireScreenPermission('case:read')] as const;

  app.get('/cases', ...guards, async (c) => {
    const query = ListQuery.parse({
      q: c.req.query('q'),
      status: c.req.query('status') || undefined,
      by: c.req.query('by') || undefined,
      cursor: c.req.query('cursor') || undefined,
      limit: c.req.query('limit') || undefined,
    });
    if (query.by === 'code') {
      const code = await caseSearchCodeOf(c.get('em'), c.get('auth').token);
      if (!code) return c.redirect(href({ status: query.status }), 303);
      const items = await casesByPersonalCode(c, code, query.status);
      await auditList(c, items, true);
      return listPage(c, kit, { q: code, status: query.status, items, firstHref: null, nextHref: null });
    }
    // A personal code is never searched from a URL (it would already be in a log line).
    const q = query.q && !personalCodeShapeOf(query.q) ? query.q : undefined;
    const limit = query.limit ?? PAGE_SIZE;
    const result = await listCases(c.get('em'), signedIn(c), {
      q,
      status: query.status,
      cursor: query.cursor,
      limit,
    });
    await auditList(c, result.items, Boolean(q));
    const keep = { q, status: query.status, limit: query.limit ? String(query.limit) : undefined };
    return listPage(c, kit, {
      q: q ?? '',
      status: query.status,
      items: result.items,
      firstHref: query.cursor ? href(keep) : null,
      nextHref: result.nextCursor ? href({ ...keep, cursor: result.nextCursor }) : null,
    });
  });

  app.post('/cases', ...guards, requireCsrf(), async (c) => {
    const body = await c.req.parseBody();
    const query = ListQuery.parse({
      q: typeof body.q === 'string' ? body.q : undefined,
      status: typeof body.status === 'string' && body.status ? body.status : undefined,
    });
    const q = query.q ?? '';
    const code = personalCodeShapeOf(q);
    await setCaseSearchCode(c.get('em'), c.get('auth').token, code);
    if (!code) return c.redirect(href({ q: q || undefined, status: query.status }), 303);
    return c.redirect(href({ by: 'code', status: query.status }), 303);
  });
}
