/** The shared task inbox: list (with counts) in the user's scope, claim, complete (signals a waiting workflow). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { TASK_STATES } from '../../domain/tasks.js';
import {
  claimTask,
  completeTask,
  findVisibleTask,
  listTasks,
  taskView,
  TaskStateError,
} from '../../services/tasks.js';
import type { AppEnv } from '../context.js';
import type { Context } from 'hono';
import { audit } from '../audit.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { IdParam, problemResponses, ProblemSchema } from '../schemas.js';

const TaskSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    description: z.string(),
    state: z.enum(TASK_STATES),
    assignee: z.string().nullable(),
    caseId: z.string().nullable(),
    municipalityCode: z.string().nullable(),
    dueDate: z.string().nullable(),
    source: z.string(),
    outcome: z.string().nullable(),
    waitingWorkflow: z.boolean(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    completedBy: z.string().nullable(),
  })
  .openapi('Task');

const CountsSchema = z.object({
  open: z.number().int(),
  claimed: z.number().int(),
  completed: z.number().int(),
  mine: z.number().int(),
  unassigned: z.number().int(),
});

const ListQuery = z.object({
  state: z.enum(TASK_STATES).optional(),
  assignee: z.enum(['me', 'unassigned']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const conflict = {
  409: {
    description: 'Task state conflict',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
} as const;

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Tasks'],
  summary: "The work queue of the user's municipality (administrators: the admin queue), with counts",
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('task:read')] as const,
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'Tasks',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(TaskSchema), counts: CountsSchema }).openapi('TaskList'),
        },
      },
    },
    ...problemResponses,
  },
});

const claimRoute = createRoute({
  method: 'post',
  path: '/{id}/claim',
  tags: ['Tasks'],
  summary: 'Take an open task',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('task:write')] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'Claimed', content: { 'application/json': { schema: TaskSchema } } },
    ...problemResponses,
    ...conflict,
  },
});

const completeRoute = createRoute({
  method: 'post',
  path: '/{id}/complete',
  tags: ['Tasks'],
  summary: 'Complete a task with an outcome; a workflow waiting on it is signalled',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('task:write')] as const,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: z.object({ outcome: z.string().trim().min(1).max(2000) }).openapi('CompleteTask'),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'Completed',
      content: {
        'application/json': { schema: TaskSchema.extend({ workflowSignalled: z.boolean() }) },
      },
    },
    ...problemResponses,
    ...conflict,
  },
});

async function visibleTaskOr404(c: Context<AppEnv>, id: string, action: string) {
  const task = await findVisibleTask(c.get('em'), c.get('user'), id);
  if (!task) {
    await audit(c, { action, resourceType: 'task', resourceId: id, outcome: 'not-found' });
    throw new HttpProblem(404, 'no such task');
  }
  return task;
}

export function tasksRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const result = await listTasks(c.get('em'), c.get('user'), query);
    await audit(c, {
      action: 'task.list',
      resourceType: 'task',
      details: { count: result.items.length, state: query.state ?? null, assignee: query.assignee ?? null },
    });
    return c.json(result, 200);
  });

  app.openapi(claimRoute, async (c) => {
    const { id } = c.req.valid('param');
    const task = await visibleTaskOr404(c, id, 'task.claim');
    try {
      const claimed = await claimTask(c.get('em'), { ...c.get('user'), requestId: c.get('requestId') }, task);
      return c.json(taskView(claimed), 200);
    } catch (err) {
      if (err instanceof TaskStateError) throw new HttpProblem(409, err.message);
      throw err;
    }
  });

  app.openapi(completeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { outcome } = c.req.valid('json');
    const task = await visibleTaskOr404(c, id, 'task.complete');
    try {
      const done = await completeTask(
        { em: c.get('em'), client: c.get('deps').temporal.client },
        { ...c.get('user'), requestId: c.get('requestId') },
        task,
        outcome,
      );
      return c.json({ ...taskView(done.task), workflowSignalled: done.signalled }, 200);
    } catch (err) {
      if (err instanceof TaskStateError) throw new HttpProblem(409, err.message);
      throw err;
    }
  });
  return app;
}
