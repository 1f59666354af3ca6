/** Request and response schemas of the statistical reports (issue 20), shared by the API routes and the screens. */
import { z } from '@hono/zod-openapi';
import { isValidIsoDate } from '../../domain/calendar.js';
import { REPORT_FORM_CODES, type ReportForm } from '../../domain/reports/index.js';

const PERIOD = /^\d{4}(-\d{2})?$/;
const forms = REPORT_FORM_CODES as [ReportForm, ...ReportForm[]];

export const FormParam = z.object({
  form: z.enum(forms).openapi({ param: { name: 'form', in: 'path' }, example: 'social-assistance-monthly' }),
});

export const SubmissionParam = FormParam.extend({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const atvk = z.string().regex(/^\d{7}$/, 'a 7-digit ATVK code');
const period = z.string().regex(PERIOD, 'a month YYYY-MM (monthly forms) or a year YYYY (annual forms)');

export const ReportQuery = z.object({
  municipality: atvk.openapi({ example: '0001000' }),
  period: period.openapi({ example: '2026-03' }),
  asOf: z
    .string()
    .refine(isValidIsoDate, 'must be a calendar date YYYY-MM-DD')
    .optional()
    .openapi({ description: 'Figures as they were known on this day (default: as corrected since)' }),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

export const SubmitBody = z
  .object({ municipality: atvk, period })
  .strict()
  .openapi('ReportSubmissionRequest');

const FigureRow = z.object({
  key: z.string(),
  persons: z.number(),
  households: z.number().optional(),
  breakdowns: z.record(z.string(), z.record(z.string(), z.number())).optional(),
  sums: z.record(z.string(), z.number()).optional(),
});

const Submission = z
  .object({
    id: z.string(),
    version: z.number(),
    asOf: z.string(),
    sha256: z.string(),
    submittedBy: z.string(),
    submittedAt: z.string(),
  })
  .openapi('ReportSubmission');
export const SubmissionSchema = Submission;

export const ReportSchema = z
  .object({
    form: z.string(),
    annex: z.number(),
    municipality: z.object({ atvk: z.string(), name: z.string() }),
    period: z.string(),
    asOf: z.string().nullable(),
    tables: z.array(z.object({ key: z.string(), rows: z.array(FigureRow), total: FigureRow })),
    checks: z.object({
      passed: z.boolean(),
      failures: z.array(
        z.object({ check: z.string(), table: z.string(), row: z.string(), message: z.string() }),
      ),
    }),
    labels: z.record(z.string(), z.object({ lv: z.string(), en: z.string() })),
    meta: z.object({
      generatedAt: z.string(),
      periodState: z.string(),
      countedUntil: z.string(),
      asOfExact: z.boolean(),
      submissions: z.array(Submission),
    }),
  })
  .openapi('StatisticalReport');
