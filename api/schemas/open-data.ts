/** Request and response schemas of the open-data publication route (issue 23). */
import { z } from '@hono/zod-openapi';

export const PublishReleaseBody = z
  .object({
    /** Why this release is published (a correction's note); shown with every version it creates. */
    note: z.string().trim().min(1).max(500).nullable().optional(),
  })
  .strict()
  .openapi('PublishOpenDataRelease');

export const PublishResultSchema = z
  .object({
    releaseId: z.string(),
    published: z.boolean(),
    datasets: z.array(
      z.object({
        dataset: z.string(),
        version: z.number().int(),
        sha256: z.string(),
        withheldCells: z.number().int(),
        rowCount: z.number().int(),
      }),
    ),
  })
  .openapi('OpenDataRelease');
