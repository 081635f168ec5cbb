import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Job } from '../../jobs/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  JobIdSchema,
  JobListQuerySchema,
  JobListSchema,
  JobSchema,
  type JobView,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

// The durable job queue for the node's operator (admin token): a job's status and progress, the
// dead letters, and retrying or cancelling a job.

const security = [{ bearerAuth: [] }];

/** A job as the API shows it: payload, state and result stay inside (they are the kind's business). */
function toJobView(job: Job): JobView {
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
      request: { query: JobListQuerySchema },
      responses: {
        200: {
          description: 'The jobs',
          content: { 'application/json': { schema: JobListSchema } },
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
