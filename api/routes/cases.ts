/** Case files: open, read, list (scoped, cursor-paginated) and the timeline. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  caseTimeline,
  caseView,
  ConflictError,
  findPerson,
  findVisibleCase,
  listCases,
  openCaseAudited,
} from '../../services/case-file.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { IdParam, problemResponses } from '../schemas.js';
import { audit } from '../audit.js';
import type { Context } from 'hono';

const ClientSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  birthDate: z.string().nullable(),
  personalCodeMasked: z.string(),
});

export const CaseSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    municipalityCode: z.string(),
    status: z.string(),
    openedAt: z.string(),
    openedBy: z.string(),
    closedAt: z.string().nullable(),
    client: ClientSchema,
  })
  .openapi('Case');

const CaseEventSchema = z
  .object({
    id: z.string(),
    occurredAt: z.string(),
    type: z.string(),
    actor: z.string(),
    summary: z.string(),
    documentId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('CaseEvent');

const createCase = createRoute({
  method: 'post',
  path: '/',
  tags: ['Cases'],
  summary: "Open a case file for a client in the user's municipality",
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('case:write')] as const,
  request: {
    body: { content: { 'application/json': { schema: z.object({ personId: z.uuid() }) } }, required: true },
  },
  responses: {
    201: { description: 'Opened', content: { 'application/json': { schema: CaseSchema } } },
    409: problemResponses[422],
    ...problemResponses,
  },
});

const getCase = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Cases'],
  summary: 'A case file',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('case:read')] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The case', content: { 'application/json': { schema: CaseSchema } } },
    ...problemResponses,
  },
});

const ListQuery = z.object({
  q: z.string().max(100).optional(),
  status: z.enum(['open', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.uuid().optional(),
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Cases'],
  summary: 'Cases the user may see, newest first (search by name or case number)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('case:read')] as const,
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'A page of cases',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(CaseSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problemResponses,
  },
});

const eventsRoute = createRoute({
  method: 'get',
  path: '/{id}/events',
  tags: ['Cases'],
  summary: 'The case timeline, oldest first',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('case:read')] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'Events', content: { 'application/json': { schema: z.array(CaseEventSchema) } } },
    ...problemResponses,
  },
});

/** The case if the user may see it, else 404 (and the denied read is audited). */
export async function visibleCaseOr404(c: Context<AppEnv>, caseId: string, action: string) {
  const found = await findVisibleCase(c.get('em'), c.get('user'), caseId);
  if (!found) {
    await audit(c, { action, resourceType: 'case', resourceId: caseId, caseId, outcome: 'not-found' });
    throw new HttpProblem(404, 'no such case');
  }
  return found;
}

export function casesRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(createCase, async (c) => {
    const { personId } = c.req.valid('json');
    const em = c.get('em');
    const person = await findPerson(em, personId);
    if (!person) {
      throw new HttpProblem(422, 'unknown person', {
        errors: [{ path: 'personId', message: 'no such person' }],
      });
    }
    try {
      const created = await openCaseAudited(
        em,
        { ...c.get('user'), requestId: c.get('requestId') },
        personId,
      );
      return c.json(caseView(created, person), 201);
    } catch (err) {
      if (err instanceof ConflictError) {
        throw new HttpProblem(409, err.message, err.existingId ? { existingCaseId: err.existingId } : {});
      }
      throw err;
    }
  });

  app.openapi(getCase, async (c) => {
    const { id } = c.req.valid('param');
    const found = await visibleCaseOr404(c, id, 'case.read');
    const person = await findPerson(c.get('em'), found.personId);
    if (!person) throw new Error(`case ${found.id} names a person that does not exist`);
    await audit(c, { action: 'case.read', resourceType: 'case', resourceId: id, caseId: id });
    return c.json(caseView(found, person), 200);
  });

  app.openapi(listRoute, async (c) => {
    const query = c.req.valid('query');
    const page = await listCases(c.get('em'), c.get('user'), query);
    await audit(c, {
      action: 'case.list',
      resourceType: 'case',
      details: { count: page.items.length, caseIds: page.items.map((i) => i.id), filtered: Boolean(query.q) },
    });
    return c.json(page, 200);
  });

  app.openapi(eventsRoute, async (c) => {
    const { id } = c.req.valid('param');
    await visibleCaseOr404(c, id, 'case.events.read');
    const events = await caseTimeline(c.get('em'), id);
    await audit(c, { action: 'case.events.read', resourceType: 'case', resourceId: id, caseId: id });
    return c.json(
      events.map((e) => ({
        id: e.id,
        occurredAt: e.occurredAt.toISOString(),
        type: e.type,
        actor: e.actor,
        summary: e.summary,
        documentId: e.documentId ?? null,
        data: (e.data as Record<string, unknown> | null) ?? null,
      })),
      200,
    );
  });
  return app;
}
