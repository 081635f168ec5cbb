import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { collectAnchorProofs, waitForAnchorProofs } from '../../consortium/index.ts';
import { readProofBundle } from '../../services/index.ts';
import { BUNDLE_MEDIA_TYPE } from '../../verify/index.ts';
import { requireChain } from '../chain-lookup.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { matchesIfNoneMatch } from '../entity-tag.ts';
import { ApiError } from '../errors.ts';
import { ChainParamSchema, IndexParamSchema, PendingSchema, ProofBundleSchema } from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

const FINALITY_HEADER = 'Sealchain-Finality';

const BundleQuerySchema = z.object({
  wait: z.enum(['integrated', 'final', 'anchored']).optional().openapi({
    description:
      'Hold the request until a checkpoint covers the entry (integrated), until a quorum of independent witnesses (organisations other than the sequencer’s) cosigned one (final), or until the other chains also anchor it (anchored: at their next anchoring round, every 10 s by default; an anchor entry itself is anchored only by the daily heartbeat), or timeoutMs passes',
  }),
  timeoutMs: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a positive number of milliseconds')
    .transform(Number)
    .optional()
    .openapi({ type: 'string', description: 'Longest wait in milliseconds', example: '10000' }),
  anchors: z.enum(['true', 'false']).optional().openapi({
    description: 'Add the anchors of the entry that the other chains hold now (their nodes are asked)',
  }),
});

export function registerBundleRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chains/{chain}/entries/{index}/bundle',
      tags: ['entries'],
      summary: 'The proof bundle of an entry, for offline verification',
      description: `The bundle is built under the latest final checkpoint that covers the entry, else under the latest signed one with the cosignatures it has so far; the ${FINALITY_HEADER} header says which (final or integrated). A bundle without anchors carries an ETag: a request whose If-None-Match names it is answered 304 Not Modified without a body.`,
      middleware: [requireChain(context)] as const,
      request: {
        params: z.object({ chain: ChainParamSchema, index: IndexParamSchema }),
        query: BundleQuerySchema,
      },
      responses: {
        200: { description: 'The bundle', content: { [BUNDLE_MEDIA_TYPE]: { schema: ProofBundleSchema } } },
        304: { description: 'The bundle is the one If-None-Match names (its ETag)' },
        202: {
          description:
            'No checkpoint covers the entry yet (or not a final one, or no anchor yet); retry after Retry-After',
          content: { 'application/json': { schema: PendingSchema } },
        },
        ...problemResponses(400, 404, 502),
      },
    }),
    async (c) => {
      const chain = c.get('chain');
      const { index } = c.req.valid('param');
      const { wait, timeoutMs, anchors } = c.req.valid('query');
      const { maxBundleWaitMs, defaultBundleWaitMs } = context.options;
      if (timeoutMs !== undefined && timeoutMs > maxBundleWaitMs) {
        throw new ApiError('REQUEST_INVALID', `timeoutMs may be at most ${maxBundleWaitMs}`, {
          details: { field: 'timeoutMs', maxBundleWaitMs },
        });
      }
      const deadline = performance.now() + (timeoutMs ?? defaultBundleWaitMs);
      const read = await readProofBundle(
        chain,
        index,
        wait === 'anchored' ? 'final' : wait,
        timeoutMs ?? defaultBundleWaitMs,
      );
      const pending = () => {
        const retryAfterMs = chain.ledger.options.integrationIntervalMs;
        c.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
        c.header('cache-control', 'no-store');
        return c.json(
          {
            status: 'pending' as const,
            index,
            treeSize: chain.watcher.latest?.treeSize ?? 0,
            finalTreeSize: chain.finality.latestFinal?.treeSize ?? 0,
            retryAfterMs,
          },
          202,
        );
      };
      if (read === null) return pending();
      const headers = {
        'Content-Type': BUNDLE_MEDIA_TYPE,
        'Cache-Control': 'no-cache',
        [FINALITY_HEADER]: read.head.final ? 'final' : 'integrated',
      };
      let proofs: Awaited<ReturnType<typeof collectAnchorProofs>> = [];
      if (wait === 'anchored') {
        const remainingMs = Math.max(0, Math.floor(deadline - performance.now()));
        proofs = await waitForAnchorProofs(chain.anchorSource, index, remainingMs);
        if (proofs.length < chain.anchorSource.anchoringChains.length) return pending();
      } else if (anchors === 'true') {
        proofs = await collectAnchorProofs(chain.anchorSource, index, 0);
      }
      // The shared bundle is never changed: anchors go on a copy, and a bare bundle is sent as cached.
      if (proofs.length > 0) {
        return c.json({ ...read.bundle, anchors: proofs } as z.infer<typeof ProofBundleSchema>, 200, headers);
      }
      // The same JSON as c.json would write, encoded once per cached bundle (typed as the schema's answer).
      const etag = read.toEtag();
      if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) {
        return c.body(null, 304, { ...headers, ETag: etag }) as never;
      }
      return c.body(read.toBody(), 200, { ...headers, ETag: etag }) as never;
    },
  );
}
