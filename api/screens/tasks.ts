/**
 * `GET /tasks`: the worker's inbox — the municipality's queue (administrators: the admin queue) with filters and
 * counts; claim and complete buttons post with the session's CSRF token. Completing a task a workflow waits on
 * signals it. Every list, claim and completion is audited.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { canClaim, canComplete, TASK_STATES } from '../../domain/tasks.js';
import { claimTask, completeTask, findVisibleTask, listTasks, TaskStateError } from '../../services/tasks.js';
import type { AppEnv } from '../context.js';
import { audit } from '../audit.js';
import { page, tr, type ScreenKit } from './kit.js';
import {
  currentCsrf,
  currentUser,
  loadSession,
  requireCsrf,
  requireScreenPermission,
  requireSignIn,
  ScreenError,
} from './session.js';

const Filter = z.object({
  state: z.enum(TASK_STATES).optional().catch(undefined),
  assignee: z.enum(['me', 'unassigned']).optional().catch(undefined),
});

const FILTERS = [
  {
    key: 'open',
    label: 'tasks.filter.unassigned',
    state: 'open',
    assignee: 'unassigned',
    count: 'unassigned',
  },
  { key: 'mine', label: 'tasks.filter.mine', state: 'claimed', assignee: 'me', count: 'mine' },
  { key: 'claimed', label: 'tasks.filter.claimed', state: 'claimed', assignee: undefined, count: 'claimed' },
  {
    key: 'completed',
    label: 'tasks.filter.completed',
    state: 'completed',
    assignee: undefined,
    count: 'completed',
  },
] as const;

function href(state?: string, assignee?: string): string {
  const p = new URLSearchParams();
  if (state) p.set('state', state);
  if (assignee) p.set('assignee', assignee);
  const qs = p.toString();
  return qs ? `/tasks?${qs}` : '/tasks';
}

function signedIn(c: Context<AppEnv>) {
  const user = currentUser(c);
  if (!user) throw new Error('requireSignIn lets only signed-in users through');
  return user;
}

async function inbox(
  c: Context<AppEnv>,
  kit: ScreenKit,
  filter: z.infer<typeof Filter>,
  conflict = false,
): Promise<Response> {
  const user = signedIn(c);
  const result = await listTasks(c.get('em'), user, { ...filter, limit: 100 });
  await audit(c, {
    action: 'task.list',
    resourceType: 'task',
    details: {
      count: result.items.length,
      state: filter.state ?? null,
      assignee: filter.assignee ?? null,
      via: 'screens',
    },
  });
  return page(
    c,
    kit,
    'tasks',
    { title: tr(c, kit, 'tasks.title'), path: '/tasks', status: conflict ? 409 : 200 },
    {
      conflict,
      csrfToken: currentCsrf(c),
      count: result.items.length,
      filters: FILTERS.map((f) => ({
        label: f.label,
        href: href(f.state, f.assignee),
        count: result.counts[f.count],
        current: filter.state === f.state && filter.assignee === f.assignee,
      })),
      items: result.items.map((t) => ({
        ...t,
        canClaim: t.state === 'open' && canClaim(t, user.username),
        canComplete: canComplete(t, user.username) && t.assignee === user.username,
      })),
    },
  );
}

export function registerTaskScreens(
  app: Hono<AppEnv>,
  kit: ScreenKit,
  lang: MiddlewareHandler<AppEnv>,
): void {
  const read = [lang, loadSession(), requireSignIn(), requireScreenPermission('task:read')] as const;
  const write = [
    lang,
    loadSession(),
    requireSignIn(),
    requireScreenPermission('task:write'),
    requireCsrf(),
  ] as const;

  app.get('/tasks', ...read, async (c) => {
    const filter = Filter.parse({
      state: c.req.query('state') || undefined,
      assignee: c.req.query('assignee') || undefined,
    });
    return inbox(
      c,
      kit,
      c.req.query('state') === undefined && !c.req.query('assignee')
        ? { state: 'open', assignee: 'unassigned' }
        : filter,
    );
  });

  async function visible(c: Context<AppEnv>, action: string) {
    const id = c.req.param('id') ?? '';
    const task = z.uuid().safeParse(id).success ? await findVisibleTask(c.get('em'), signedIn(c), id) : null;
    if (!task) {
      await audit(c, { action, resourceType: 'task', resourceId: id.slice(0, 100), outcome: 'not-found' });
      throw new ScreenError(404, 'not-found');
    }
    return task;
  }

  app.post('/tasks/:id/claim', ...write, async (c) => {
    const task = await visible(c, 'task.claim');
    try {
      await claimTask(c.get('em'), { ...signedIn(c), requestId: c.get('requestId') }, task);
    } catch (err) {
      if (err instanceof TaskStateError)
        return inbox(c, kit, { state: 'open', assignee: 'unassigned' }, true);
      throw err;
    }
    return c.redirect('/tasks?state=claimed&assignee=me', 303);
  });

  app.post('/tasks/:id/complete', ...write, async (c) => {
    const task = await visible(c, 'task.complete');
    const body = await c.req.parseBody();
    const outcome = typeof body.outcome === 'string' ? body.outcome.trim().slice(0, 2000) : '';
    if (!outcome) return inbox(c, kit, { state: 'claimed', assignee: 'me' }, true);
    try {
      await completeTask(
        { em: c.get('em'), client: c.get('deps').temporal.client },
        { ...signedIn(c), requestId: c.get('requestId') },
        task,
        outcome,
      );
    } catch (err) {
      if (err instanceof TaskStateError) return inbox(c, kit, { state: 'claimed', assignee: 'me' }, true);
      throw err;
    }
    return c.redirect('/tasks?state=completed', 303);
  });
}
