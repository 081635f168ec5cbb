import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext, ApiEnv } from '../context.ts';
import { MetricsTextSchema, StatusSchema } from '../contract/index.ts';
import { ApiError } from '../errors.ts';
import { problemResponses } from './problem-responses.ts';

export function registerHealthRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['operations'],
      summary: 'Liveness: the process answers',
      responses: { 200: { description: 'Alive', content: { 'application/json': { schema: StatusSchema } } } },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['operations'],
      summary: 'Readiness: started, not stopping, and the integrator is working',
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: StatusSchema } } },
        ...problemResponses(503),
      },
    }),
    (c) => {
      if (!context.isReady()) throw new ApiError('NOT_READY', 'the node is starting or stopping');
      for (const chain of context.chains.values()) {
        const failure = chain.ledger.integrationError;
        if (failure !== null) {
          throw new ApiError(
            'NOT_READY',
            `the integrator of chain ${chain.name} is failing: ${failure.code}`,
            {
              details: { chain: chain.name, cause: failure.code },
            },
          );
        }
      }
      return c.json({ status: 'ok' as const }, 200);
    },
  );

  app.get('/metrics', async (c) =>
    c.body(await context.metrics.registry.metrics(), 200, {
      'Content-Type': context.metrics.registry.contentType,
      'Cache-Control': 'no-store',
    }),
  );
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/metrics',
    tags: ['operations'],
    summary: 'Prometheus metrics: entries, checkpoints, integration lag, request latency',
    responses: {
      200: {
        description: 'Prometheus text format',
        content: { 'text/plain': { schema: MetricsTextSchema } },
      },
    },
  });
}
