/**
 * Audit log reading — about a case, or about a person (their access history: every entry whose subject they are,
 * whichever case it came from) — for the auditor and the supervisor of the case's (person's) municipality, and chain
 * verification.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { auditHistory } from '../../services/audit-history.js';
import { verifyAuditChain } from '../../services/audit-log.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { problemResponses } from '../schemas.js';
import { audit } from '../audit.js';

const EntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    role: z.string(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    caseId: z.string().nullable(),
    subjectPersonId: z.string().nullable(),
    outcome: z.string(),
    purpose: z.string().nullable(),
    requestId: z.string().nullable(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['Audit'],
  summary:
    'Audit entries about a case, or about a person (exactly one of caseId, personId; auditor; supervisor of that municipality)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('audit:read')] as const,
  request: {
    query: z.object({
      caseId: z.uuid().optional(),
      personId: z.uuid().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      afterSeq: z.coerce.number().int().min(0).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Entries, oldest first',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(EntrySchema), nextAfterSeq: z.number().nullable() }),
        },
      },
    },
    ...problemResponses,
  },
});

const verifyRoute = createRoute({
  method: 'get',
  path: '/verify',
  tags: ['Audit'],
  summary: 'Recompute the hash chain of the whole audit log',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('audit:verify')] as const,
  responses: {
    200: {
      description: 'Verification result',
      content: {
        'application/json': {
          schema: z.object({
            valid: z.boolean(),
            entries: z.number().int(),
            firstBrokenSeq: z.number().int().optional(),
            reason: z.string().optional(),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

export function auditRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(listRoute, async (c) => {
    const { caseId, personId, limit, afterSeq } = c.req.valid('query');
    if ((caseId === undefined) === (personId === undefined)) {
      throw new HttpProblem(422, 'give exactly one of caseId and personId', {
        errors: [
          { path: caseId === undefined ? 'caseId' : 'personId', message: 'exactly one of caseId, personId' },
        ],
      });
    }
    const history = await auditHistory(c.get('em'), c.get('user'), { caseId, personId, limit, afterSeq });
    await audit(
      c,
      caseId !== undefined
        ? { action: 'audit.read', resourceType: 'case', resourceId: caseId, caseId }
        : { action: 'audit.read', resourceType: 'person', resourceId: personId, subjectPersonId: personId },
    );
    return c.json(history, 200);
  });
  app.openapi(verifyRoute, async (c) => {
    const result = await verifyAuditChain(c.get('em').fork());
    await audit(c, { action: 'audit.verify', resourceType: 'audit-log', details: { ...result } });
    return c.json(result, 200);
  });
  return app;
}
