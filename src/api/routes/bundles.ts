import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { BUNDLE_MEDIA_TYPE } from '../../verify/index.ts';
import { requireChain } from '../chain-lookup.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { buildProofBundle, readStoredEntry } from '../proof-bundle.ts';
import { ChainParamSchema, IndexParamSchema, PendingSchema, ProofBundleSchema } from '../schemas.ts';
import { problemResponses } from './problem-responses.ts';

const BundleQuerySchema = z.object({
  wait: z.enum(['integrated']).optional().openapi({
    description: 'Hold the request until a checkpoint covers the entry (or timeoutMs passes)',
  }),
  timeoutMs: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a positive number of milliseconds')
    .transform(Number)
    .optional()
    .openapi({ type: 'string', description: 'Longest wait in milliseconds', example: '10000' }),
});

export function registerBundleRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chains/{chain}/entries/{index}/bundle',
      tags: ['entries'],
      summary: 'The proof bundle of an entry, for offline verification',
      middleware: [requireChain(context)] as const,
      request: {
        params: z.object({ chain: ChainParamSchema, index: IndexParamSchema }),
        query: BundleQuerySchema,
      },
      responses: {
        200: { description: 'The bundle', content: { [BUNDLE_MEDIA_TYPE]: { schema: ProofBundleSchema } } },
        202: {
          description: 'No checkpoint covers the entry yet; retry after Retry-After',
          content: { 'application/json': { schema: PendingSchema } },
        },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const chain = c.get('chain');
      const { index } = c.req.valid('param');
      const { wait, timeoutMs } = c.req.valid('query');
      const { maxBundleWaitMs, defaultBundleWaitMs } = context.options;
      if (timeoutMs !== undefined && timeoutMs > maxBundleWaitMs) {
        throw new ApiError('REQUEST_INVALID', `timeoutMs may be at most ${maxBundleWaitMs}`, {
          details: { field: 'timeoutMs', maxBundleWaitMs },
        });
      }
      const stored = await readStoredEntry(chain, index);
      const checkpoint =
        wait === 'integrated'
          ? await chain.watcher.waitFor(index + 1, timeoutMs ?? defaultBundleWaitMs)
          : await chain.watcher.readCovering(index + 1);
      if (checkpoint === null || checkpoint.treeSize <= index) {
        const retryAfterMs = chain.ledger.options.integrationIntervalMs;
        c.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
        c.header('cache-control', 'no-store');
        return c.json(
          { status: 'pending' as const, index, treeSize: checkpoint?.treeSize ?? 0, retryAfterMs },
          202,
        );
      }
      const bundle = await buildProofBundle(chain, stored, checkpoint);
      return c.json(bundle, 200, { 'Content-Type': BUNDLE_MEDIA_TYPE, 'Cache-Control': 'no-cache' });
    },
  );
}
