/**
 * State statistical reports (MK 324, issue 20), mounted at `/api/v1/reports`: a form's figures for a municipality and
 * period (JSON, CSV or XLSX), its submission, and a submitted version exactly as frozen.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { rigaToday } from '../../infra/clock.js';
import { readSubmission, submitReport, type SubmitDeps } from '../../services/reports/commands.js';
import { reportCsv, reportXlsx } from '../../services/reports/export.js';
import { reportView, submissionView } from '../../services/reports/queries.js';
import type { ReportActor } from '../../services/reports/scope.js';
import type { AppEnv } from '../context.js';
import { authenticate, requirePermission } from '../middleware/auth.js';
import { contentDisposition } from '../multipart.js';
import {
  FormParam,
  ReportQuery,
  ReportSchema,
  SubmissionParam,
  SubmissionSchema,
  SubmitBody,
} from '../schemas/reports.js';
import { problemResponses } from '../schemas.js';

const tags = ['Statistical reports'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function reportActorOf(c: Context<AppEnv>): ReportActor {
  const user = c.get('user');
  return {
    username: user.username,
    role: user.role,
    municipalityCode: user.municipalityCode,
    requestId: c.get('requestId'),
  };
}

export function reportDepsOf(c: Context<AppEnv>): SubmitDeps {
  const now = c.get('deps').clock.now();
  return { em: c.get('em'), store: c.get('deps').store, now, today: rigaToday(now) };
}

const reportRoute = createRoute({
  method: 'get',
  path: '/{form}',
  tags,
  summary: "A form's figures for a municipality and period, with its consistency checks (JSON, CSV or XLSX)",
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('report:read')] as const,
  request: { params: FormParam, query: ReportQuery },
  responses: {
    200: {
      description: 'The report',
      content: {
        'application/json': { schema: ReportSchema },
        'text/csv': { schema: z.string() },
        [XLSX]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...problemResponses,
  },
});

const submitRoute = createRoute({
  method: 'post',
  path: '/{form}/submissions',
  tags,
  summary:
    'Submit the report of an ended period (checks must pass); a later submission is a corrected version',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('report:submit')] as const,
  request: {
    params: FormParam,
    body: { required: true, content: { 'application/json': { schema: SubmitBody } } },
  },
  responses: {
    201: { description: 'Submitted', content: { 'application/json': { schema: SubmissionSchema } } },
    409: { description: 'The consistency checks failed (`failures` names table and row)' },
    ...problemResponses,
  },
});

const submissionRoute = createRoute({
  method: 'get',
  path: '/{form}/submissions/{id}',
  tags,
  summary: 'A submitted version exactly as frozen (verified against its SHA-256)',
  security: [{ bearer: [] }],
  middleware: [authenticate(), requirePermission('report:read')] as const,
  request: { params: SubmissionParam },
  responses: {
    200: { description: 'The frozen report (application/json, its bytes as submitted; ETag = its SHA-256)' },
    ...problemResponses,
  },
});

export function reportsRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(reportRoute, async (c) => {
    const { form } = c.req.valid('param');
    const { format, ...query } = c.req.valid('query');
    const view = await reportView(reportDepsOf(c), reportActorOf(c), { form, ...query });
    const name = `${form}-${view.municipality.atvk}-${view.period}`;
    if (format === 'csv') {
      return c.body(reportCsv(view), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': contentDisposition(`${name}.csv`),
      });
    }
    if (format === 'xlsx') {
      return c.body((await reportXlsx(view)) as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': XLSX,
        'Content-Disposition': contentDisposition(`${name}.xlsx`),
      });
    }
    return c.json(view, 200);
  });
  app.openapi(submitRoute, async (c) => {
    const { form } = c.req.valid('param');
    const row = await submitReport(reportDepsOf(c), reportActorOf(c), { form, ...c.req.valid('json') });
    return c.json(submissionView(row), 201);
  });
  app.openapi(submissionRoute, async (c) => {
    const { form, id } = c.req.valid('param');
    const { row, body } = await readSubmission(reportDepsOf(c), reportActorOf(c), form, id);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/json',
      ETag: `"${row.sha256}"`,
    });
  });
  return app;
}
