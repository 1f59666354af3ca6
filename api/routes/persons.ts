/**
 * Persons. Personal codes travel only in request bodies: POST /persons registers (or returns) a person,
 * POST /persons/search finds one by code. GET /persons/{id} by opaque id.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { validatePersonalCode } from '../../domain/personal-code.js';
import { Case, Person, type IPerson } from '../../infra/db/entities/index.js';
import { findOrCreatePerson, maskCode } from '../../services/case-file.js';
import { isNationalRole } from '../../domain/access/roles.js';
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

const createRoute_ = createRoute({
  method: 'post',
  path: '/',
  tags: ['Persons'],
  summary: 'Register a person (returns the existing one for a known personal code)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('person:write')] as const,
  request: { body: { content: { 'application/json': { schema: CreatePerson } }, required: true } },
  responses: {
    200: { description: 'Already known', content: { 'application/json': { schema: PersonSchema } } },
    201: { description: 'Registered', content: { 'application/json': { schema: PersonSchema } } },
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
    const { person, created } = await findOrCreatePerson(em, {
      personalCode: code.normalized,
      firstName: body.firstName,
      lastName: body.lastName,
      birthDate: code.birthDate ?? body.birthDate ?? null,
    });
    await audit(c, {
      action: created ? 'person.create' : 'person.read',
      resourceType: 'person',
      resourceId: person.id,
    });
    return c.json(personView(person), created ? 201 : 200);
  });

  app.openapi(searchRoute, async (c) => {
    const { personalCode } = c.req.valid('json');
    const code = parseCode(personalCode, rigaToday());
    const person = await c.get('em').findOne(Person, { personalCode: code.normalized });
    await audit(c, {
      action: 'person.search',
      resourceType: 'person',
      resourceId: person?.id ?? null,
      outcome: person ? 'success' : 'not-found',
    });
    if (!person) throw new HttpProblem(404, 'no person with that personal code');
    return c.json(personView(person), 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const em = c.get('em');
    const user = c.get('user');
    const person = await em.findOne(Person, { id });
    const visible =
      person &&
      (isNationalRole(user.role) ||
        (await em.count(Case, { personId: id, municipalityCode: user.municipalityCode })) > 0);
    await audit(c, {
      action: 'person.read',
      resourceType: 'person',
      resourceId: id,
      outcome: visible ? 'success' : 'not-found',
    });
    if (!person || !visible) throw new HttpProblem(404, 'no such person');
    return c.json(personView(person), 200);
  });
  return app;
}
