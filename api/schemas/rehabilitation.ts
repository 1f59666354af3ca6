/** Request and response schemas of the victim-rehabilitation session records (issue 20). */
import { z } from '@hono/zod-openapi';
import { isValidIsoDate } from '../../domain/calendar.js';
import { SESSION_FORMS, SPECIALIST_KINDS } from '../../domain/rehabilitation/index.js';
import { HARM_KINDS } from '../../domain/reports/index.js';

export const SessionParams = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' } }),
  sid: z.string().openapi({ param: { name: 'sid', in: 'path' } }),
});

export const SessionBody = z
  .object({
    date: z.string().refine(isValidIsoDate, 'must be a calendar date YYYY-MM-DD'),
    form: z.enum(SESSION_FORMS),
    specialistKind: z.enum(SPECIALIST_KINDS).nullable().default(null),
    minutes: z.number().int().min(1).max(480).nullable().default(null),
  })
  .strict()
  .openapi('RehabilitationSessionRequest');

export const SessionSchema = z
  .object({
    id: z.string(),
    serviceId: z.string(),
    date: z.string(),
    form: z.string(),
    specialistKind: z.string().nullable(),
    minutes: z.number().nullable(),
    recordedBy: z.string(),
  })
  .openapi('RehabilitationSession');

export const CourseBody = z
  .object({
    harmKind: z.enum(HARM_KINDS),
    outcome: z.enum(['completed', 'interrupted']).nullable().default(null),
    interruptionReason: z.string().trim().min(1).max(500).nullable().default(null),
  })
  .strict()
  .openapi('RehabilitationCourseRequest');

export const CourseSchema = z
  .object({
    serviceId: z.string(),
    revision: z.number(),
    harmKind: z.string(),
    outcome: z.string().nullable(),
    interruptionReason: z.string().nullable(),
    recordedBy: z.string(),
  })
  .openapi('RehabilitationCourse');
