/**
 * Persons. Personal codes travel only in request bodies: POST /persons registers (or returns) a person,
 * POST /persons/search finds one by code. GET /persons/{id} by opaque id.
 *
 * Scope (issue 14): search and GET find a person only within the user's municipality's cases (`isPersonInScope`).
 * POST /persons is no oracle: it answers 201 with the person's id and the submitted data whether the code was known
 * or not, never the stored names; with that id a case may be opened (a person moves) or the person added to a
 * household with a reason.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { validatePersonalCode } from '../../domain/personal-code.js';
import {
  findOrCreatePerson,
  findPerson,
  findPersonByCode,
  maskCode,
  type IPerson,
} from '../../services/case-file.js';
import { isPersonInScope } from '../../services/person-scope.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { HttpProblem } from '../problem.js';
import { humanText, IdParam, IsoDateSchema, problemResponses } from '../schemas.js';
import { audit } from '../audit.js';
import { rigaToday } from '../../infra/clock.js';

const PersonSchema = z
  .object({
    id: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    birthDate: z.string().nullable(),
    deathDate: z.string().nullable(),
    personalCodeMasked: z.string(),
  })
  .openapi('Person');

const isoDate = IsoDateSchema;

const CreatePerson = z
  .object({
    personalCode: z.string().min(1).max(20),
    firstName: humanText({ max: 100 }),
    lastName: humanText({ max: 100 }),
    birthDate: isoDate.optional(),
  })
  .openapi('CreatePerson');

export function personView(p: IPerson) {
  return {
    id: p.id,
    firstName: p.firstName,
    lastName: p.lastName,
    birthDate: p.birthDate ?? null,
    deathDate: p.deathDate ?? null,
    personalCodeMasked: maskCode(p.personalCode),
  };
}

const RegisteredPersonSchema = z
  .object({
    id: z.string(),
    firstName: z.string().openapi({ description: 'As submitted' }),
    lastName: z.string().openapi({ description: 'As submitted' }),
    birthDate: z.string().nullable().openapi({ description: 'From the personal code, else as submitted' }),
    personalCodeMasked: z.string(),
  })
  .openapi('RegisteredPerson');

const createRoute_ = createRoute({
  method: 'post',
  path: '/',
  tags: ['Persons'],
  summary:
    'Register a person, or get the id of the known one: the same answer either way (the submitted data, never the stored names)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('person:write')] as const,
  request: { body: { content: { 'application/json': { schema: CreatePerson } }, required: true } },
  responses: {
    201: {
      description: 'The person’s id with the submitted data',
      content: { 'application/json': { schema: RegisteredPersonSchema } },
    },
    ...problemResponses,
  },
});

const searchRoute = createRoute({
  method: 'post',
  path: '/search',
  tags: ['Persons'],
  summary: 'Find a person by personal code (the code goes in the body, never in the URL)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('person:read')] as const,
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ personalCode: z.string().min(1).max(20) }) } },
    },
  },
  responses: {
    200: { description: 'Found', content: { 'application/json': { schema: PersonSchema } } },
    ...problemResponses,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Persons'],
  summary: 'A person by id',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('person:read')] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The person', content: { 'application/json': { schema: PersonSchema } } },
    ...problemResponses,
  },
});

function parseCode(input: string, today: string) {
  const parsed = validatePersonalCode(input, { asOf: today });
  if (!parsed.ok) {
    throw new HttpProblem(422, 'the personal code is not valid', {
      errors: [{ path: 'personalCode', message: parsed.message }],
    });
  }
  return parsed;
}

export function personsRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(createRoute_, async (c) => {
    const body = c.req.valid('json');
    const today = rigaToday();
    const code = parseCode(body.personalCode, today);
    if (code.format === 'new' && !body.birthDate) {
      throw new HttpProblem(422, 'a new-format personal code carries no birth date', {
        errors: [{ path: 'birthDate', message: 'required for a personal code of the new format (32…)' }],
      });
    }
    if (code.birthDate && body.birthDate && code.birthDate !== body.birthDate) {
      throw new HttpProblem(422, 'the birth date does not match the personal code', {
        errors: [{ path: 'birthDate', message: `the personal code gives ${code.birthDate}` }],
      });
    }
    const em = c.get('em');
    const submitted = {
      personalCode: code.normalized,
      firstName: body.firstName,
      lastName: body.lastName,
      birthDate: code.birthDate ?? body.birthDate ?? null,
    };
    const { person, created } = await findOrCreatePerson(em, submitted);
    await audit(c, {
      action: created ? 'person.create' : 'person.register-known',
      resourceType: 'person',
      resourceId: person.id,
      subjectPersonId: person.id,
    });
    // The same status and body whether the code was known: only what the user typed, and the id.
    return c.json(
      {
        id: person.id,
        firstName: submitted.firstName,
        lastName: submitted.lastName,
        birthDate: submitted.birthDate,
        personalCodeMasked: maskCode(submitted.personalCode),
      },
      201,
    );
  });

  app.openapi(searchRoute, async (c) => {
    const { personalCode } = c.req.valid('json');
    const code = parseCode(personalCode, rigaToday());
    const em = c.get('em');
    const known = await findPersonByCode(em, code.normalized);
    const person = known && (await isPersonInScope(em, c.get('user'), known.id)) ? known : null;
    await audit(c, {
      action: 'person.search',
      resourceType: 'person',
      resourceId: known?.id ?? null,
      subjectPersonId: known?.id ?? null,
      outcome: person ? 'success' : 'not-found',
    });
    if (!person) throw new HttpProblem(404, 'no person with that personal code');
    return c.json(personView(person), 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const em = c.get('em');
    const user = c.get('user');
    const person = await findPerson(em, id);
    const visible = person && (await isPersonInScope(em, user, id));
    await audit(c, {
      action: 'person.read',
      resourceType: 'person',
      resourceId: id,
      subjectPersonId: person ? id : null,
      outcome: visible ? 'success' : 'not-found',
    });
    if (!person || !visible) throw new HttpProblem(404, 'no such person');
    return c.json(personView(person), 200);
  });
  return app;
}
