import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { JOB_STATUSES, type Job } from '../../jobs/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { problemResponses } from './problem-responses.ts';

// The durable job queue for the node's operator (admin token): a job's status and progress, the
// dead letters, and retrying or cancelling a job.

const security = [{ bearerAuth: [] }];

const JobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    organisation: z.string().nullable(),
    status: z.enum(['queued', 'running', 'done', 'dead', 'cancelled']),
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

const JobIdSchema = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a job id (a UUID)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '0b0f3c1e-8a52-4f7e-9d0c-2b6f3f1f6a11' }),
});

const ListQuerySchema = z.object({
  status: z
    .enum(JOB_STATUSES as [Job['status'], ...Job['status'][]])
    .optional()
    .openapi({ example: 'dead' }),
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

/** A job as the API shows it: payload, state and result stay inside (they are the kind's business). */
function toJobView(job: Job): z.infer<typeof JobSchema> {
  const {
    payload: _payload,
    state: _state,
    result: _result,
    leaseOwner: _owner,
    leaseExpiresAt: _lease,
    idempotencyKey: _key,
    ...view
  } = job;
  return view;
}

export function registerJobRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  const answers = { 200: { description: 'The job', content: { 'application/json': { schema: JobSchema } } } };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs',
      tags: ['jobs'],
      summary: 'Jobs of the durable queue in one status, oldest first; dead letters by default (admin)',
      security,
      request: { query: ListQuerySchema },
      responses: {
        200: {
          description: 'The jobs',
          content: { 'application/json': { schema: z.object({ jobs: z.array(JobSchema) }) } },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { status = 'dead', kind, limit = 100 } = c.req.valid('query');
      const jobs = await context.jobs.storage.listJobs({
        status,
        limit,
        ...(kind === undefined ? {} : { kind }),
      });
      c.header('cache-control', 'no-store');
      return c.json({ jobs: jobs.map(toJobView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs/{id}',
      tags: ['jobs'],
      summary: "A job's status, attempts, progress and last error (admin)",
      security,
      request: { params: JobIdSchema },
      responses: { ...answers, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(toJobView(await context.jobs.readJob(c.req.valid('param').id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/jobs/{id}/retry',
      tags: ['jobs'],
      summary: 'Queue a dead-lettered or cancelled job again, from its first attempt (admin)',
      security,
      request: { params: JobIdSchema },
      responses: { ...answers, ...problemResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(toJobView(await context.jobs.retry(c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/jobs/{id}/cancel',
      tags: ['jobs'],
      summary: 'Cancel a job: a queued one at once, a running one at its next heartbeat (admin)',
      security,
      request: { params: JobIdSchema },
      responses: { ...answers, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(toJobView(await context.jobs.cancel(c.req.valid('param').id)), 200),
  );
}
