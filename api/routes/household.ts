/**
 * A case's household (issue 14): the persons the case's registry checks may ask about besides the client — those
 * the population register (PMLP) declares with the client, and those a worker added with a reason.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ConflictError } from '../../services/case-file.js';
import {
  addHouseholdMember,
  HOUSEHOLD_ADD_ACTION,
  HouseholdValidationError,
  listHousehold,
  normaliseReason,
  REASON_MAX,
} from '../../services/household.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { IdParam, problemResponses } from '../schemas.js';
import { audit } from '../audit.js';
import { visibleCaseOr404 } from './cases.js';

const AddBody = z
  .object({
    personId: z.uuid(),
    reason: z
      .string()
      .max(REASON_MAX * 4)
      .refine((v) => normaliseReason(v) !== null, `required, 1–${REASON_MAX} characters`)
      .openapi({ description: `Why the person belongs to the household (1–${REASON_MAX} characters, NFC)` }),
  })
  .openapi('NewHouseholdMember');

const MemberSchema = z
  .object({
    personId: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    birthDate: z.string().nullable(),
    personalCodeMasked: z.string(),
    registered: z.boolean().openapi({ description: 'Declared with the client in the latest PMLP answer' }),
    added: z.object({ reason: z.string(), addedBy: z.string(), addedAt: z.string() }).nullable(),
  })
  .openapi('HouseholdMember');

const addRoute = createRoute({
  method: 'post',
  path: '/{id}/household-members',
  tags: ['Cases'],
  summary: "Add a person to the case's household, with a reason (registry checks may then ask about them)",
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('case:write')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: AddBody } }, required: true },
  },
  responses: {
    201: { description: 'Added', content: { 'application/json': { schema: MemberSchema } } },
    409: problemResponses[422],
    ...problemResponses,
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/{id}/household-members',
  tags: ['Cases'],
  summary: "The case's household: members declared with the client (PMLP) and members added with a reason",
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('case:read')] as const,
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Members',
      content: { 'application/json': { schema: z.object({ items: z.array(MemberSchema) }) } },
    },
    ...problemResponses,
  },
});

export function householdRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(addRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const found = await visibleCaseOr404(c, id, HOUSEHOLD_ADD_ACTION);
    const em = c.get('em');
    try {
      const row = await addHouseholdMember(
        em,
        { ...c.get('user'), requestId: c.get('requestId') },
        found,
        body,
      );
      const view = (await listHousehold(em, found.id)).find((m) => m.personId === row.personId);
      if (!view) throw new Error('the added member is missing from the household');
      return c.json(view, 201);
    } catch (err) {
      if (err instanceof HouseholdValidationError)
        throw new HttpProblem(422, 'the request is not valid', { errors: err.issues });
      if (err instanceof ConflictError) throw new HttpProblem(409, err.message);
      throw err;
    }
  });

  app.openapi(listRoute, async (c) => {
    const { id } = c.req.valid('param');
    const found = await visibleCaseOr404(c, id, 'household.read');
    const items = await listHousehold(c.get('em'), found.id);
    await audit(c, {
      action: 'household.read',
      resourceType: 'case',
      resourceId: id,
      caseId: id,
      details: { personIds: items.map((m) => m.personId) },
    });
    return c.json({ items }, 200);
  });
  return app;
}
