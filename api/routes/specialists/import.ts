/** Spreadsheet import of specialists and trainings (XLSX or CSV; all or nothing per file) and its template. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { importSpreadsheet, templateWorkbook } from '../../../services/specialists/import.js';
import type { AppEnv } from '../../context.js';
import { authenticate, requirePermission } from '../../middleware/auth.js';
import { HttpProblem } from '../../problem.js';
import { problemResponses } from '../../schemas.js';
import { actorOf, depsOf } from './context.js';

const tags = ['Specialists register'];
const MAX_BYTES = 20 * 1024 * 1024;

const ImportResultSchema = z
  .object({
    rows: z.number(),
    specialistsCreated: z.number(),
    employmentsAdded: z.number(),
    trainingsAdded: z.number(),
    unchanged: z.number(),
  })
  .openapi('SpecialistImportResult');

const importRoute = createRoute({
  method: 'post',
  path: '/import',
  tags,
  summary:
    'Import a spreadsheet of specialists and/or trainings; a 422 lists every row error (row, column, message)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('specialist:write')] as const,
  request: {
    body: {
      content: {
        'multipart/form-data': {
          schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: 'Imported', content: { 'application/json': { schema: ImportResultSchema } } },
    ...problemResponses,
  },
});

const templateRoute = createRoute({
  method: 'get',
  path: '/import/template',
  tags,
  summary: 'The XLSX import template with the Latvian headers',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('specialist:write')] as const,
  responses: { 200: { description: 'XLSX workbook' }, ...problemResponses },
});

export function importRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(importRoute, async (c) => {
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_BYTES) throw new HttpProblem(413, `the file may be at most ${MAX_BYTES} bytes`);
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File)) {
      throw new HttpProblem(422, 'send the spreadsheet as the multipart field "file"', {
        errors: [{ path: 'file', message: 'required' }],
      });
    }
    const result = await importSpreadsheet(depsOf(c), actorOf(c), {
      bytes: new Uint8Array(await file.arrayBuffer()),
      name: file.name,
    });
    return c.json(result, 200);
  });
  app.openapi(templateRoute, async (c) => {
    const bytes = await templateWorkbook();
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': 'attachment; filename="specialisti-veidne.xlsx"',
    });
  });
}
