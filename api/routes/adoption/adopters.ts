/** Adopters in the adoption register: registration with their wishes, list in queue order, record, status. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { changeAdopterStatus, createAdopter } from '../../../services/adoption/commands.js';
import { adopterRecord, adoptersInRegister } from '../../../services/adoption/queries.js';
import { requestActor } from '../../audit.js';
import type { AppEnv } from '../../context.js';
import {
  AdopterBody,
  AdopterListQuery,
  AdopterRecordSchema,
  AdopterSchema,
  AdopterStatusBody,
} from '../../schemas/adoption.js';
import { IdParam, problemResponses } from '../../schemas.js';
import { body, depsOf, json, READ, SEC, TAGS, WRITE } from './context.js';

const routes = {
  createAdopter: createRoute({
    method: 'post',
    path: '/adopters',
    tags: TAGS,
    summary: 'Register approved adopters with their wishes',
    security: SEC,
    middleware: WRITE(),
    request: body(AdopterBody),
    responses: { 201: json(AdopterSchema, 'Registered'), ...problemResponses },
  }),
  listAdopters: createRoute({
    method: 'get',
    path: '/adopters',
    tags: TAGS,
    summary: 'Adopters in the register, queue order (filters: state, residence, region)',
    security: SEC,
    middleware: READ(),
    request: { query: AdopterListQuery },
    responses: { 200: json(z.object({ items: z.array(AdopterSchema) })), ...problemResponses },
  }),
  getAdopter: createRoute({
    method: 'get',
    path: '/adopters/{id}',
    tags: TAGS,
    summary: "An adopter's register record with the restricted documents",
    security: SEC,
    middleware: READ(),
    request: { params: IdParam },
    responses: { 200: json(AdopterRecordSchema), ...problemResponses },
  }),
  adopterStatus: createRoute({
    method: 'post',
    path: '/adopters/{id}/status',
    tags: TAGS,
    summary: "Change an adopter's status (suspend / reactivate); running matches re-match",
    security: SEC,
    middleware: WRITE(),
    request: { params: IdParam, ...body(AdopterStatusBody) },
    responses: { 200: json(AdopterSchema), 409: problemResponses[422], ...problemResponses },
  }),
};

export function adoptersRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.createAdopter, async (c) =>
    c.json(await createAdopter(depsOf(c), requestActor(c), c.req.valid('json')), 201),
  );
  app.openapi(routes.listAdopters, async (c) =>
    c.json({ items: await adoptersInRegister(c.get('em'), requestActor(c), c.req.valid('query')) }, 200),
  );
  app.openapi(routes.getAdopter, async (c) =>
    c.json(await adopterRecord(c.get('em'), requestActor(c), c.req.valid('param').id), 200),
  );
  app.openapi(routes.adopterStatus, async (c) =>
    c.json(
      await changeAdopterStatus(depsOf(c), requestActor(c), c.req.valid('param').id, c.req.valid('json')),
      200,
    ),
  );
}
