/** Shared OpenAPI schemas: problems, ids, calendar dates and human text (names). */
import { z } from '@hono/zod-openapi';
import { isValidIsoDate, isValidIsoMonth } from '../domain/calendar.js';
import { checkName } from '../domain/validation.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const problemResponses = {
  401: { description: 'Not signed in', content: { 'application/problem+json': { schema: ProblemSchema } } },
  403: {
    description: 'Role not allowed',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  404: {
    description: 'Not found (or not visible)',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  422: { description: 'Invalid request', content: { 'application/problem+json': { schema: ProblemSchema } } },
} as const;

/** Documented on every operation that takes a JSON body (added to the document in api/app.ts). */
export const malformedJsonResponse = {
  description: 'Malformed JSON in the request body',
  content: { 'application/problem+json': { schema: ProblemSchema } },
} as const;

/** A real calendar date `YYYY-MM-DD` (2026-02-30 is refused with the field's path, never reaches the domain). */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((v) => isValidIsoDate(v), 'not a calendar date (YYYY-MM-DD)')
  .openapi({ format: 'date', example: '2026-03-01' });

/** A real month `YYYY-MM`. */
export const IsoMonthSchema = z
  .string()
  .regex(/^\d{4}-\d{2}$/, 'a month YYYY-MM')
  .refine((v) => isValidIsoMonth(v), 'not a calendar month (YYYY-MM)')
  .openapi({ example: '2026-03' });

/**
 * A person's name or other human text: NFC-normalised first, then trimmed and length-checked; invisible format
 * characters and lone surrogates are refused (domain/validation.ts `checkName`).
 */
export function humanText(options: { min?: number; max: number }) {
  return z
    .string()
    .overwrite((v) => v.normalize('NFC'))
    .superRefine((value, ctx) => {
      // Before trimming: JavaScript's trim() would silently drop a leading or trailing U+FEFF.
      const check = checkName(value);
      if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
    })
    .trim()
    .min(options.min ?? 1)
    .max(options.max);
}

export const IdParam = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
});
