import { z } from '@hono/zod-openapi';

// /v1/jobs: the node's durable job queue as an operator sees it.

/** A job's states: src/jobs's JOB_STATUSES (routes/jobs.ts passes one to the other both ways, so they must agree). */
export const JOB_STATUSES = ['queued', 'running', 'done', 'dead', 'cancelled'] as const;

export const JobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    organisation: z.string().nullable(),
    status: z.enum(JOB_STATUSES),
    priority: z.number().int(),
    runAt: z.string(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    cancelRequested: z.boolean(),
    progress: z.object({ percent: z.number().int(), message: z.string() }).nullable(),
    lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Job');

export const JobIdSchema = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a job id (a UUID)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '0b0f3c1e-8a52-4f7e-9d0c-2b6f3f1f6a11' }),
});

export const JobListQuerySchema = z.object({
  status: z.enum(JOB_STATUSES).optional().openapi({ example: 'dead' }),
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/)
    .optional()
    .openapi({ example: 'capture' }),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/)
    .transform(Number)
    .optional()
    .openapi({ type: 'string', example: '100' }),
});

export const JobListSchema = z.object({ jobs: z.array(JobSchema) });

export type JobView = z.infer<typeof JobSchema>;
export type JobList = z.infer<typeof JobListSchema>;
