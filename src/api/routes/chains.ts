import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { formatVerifierKey } from '../../crypto/index.ts';
import { requireChain } from '../chain-lookup.ts';
import type { ApiContext, ApiEnv, ChainHandle } from '../context.ts';
import { ChainInfoSchema, ChainParamSchema } from '../schemas.ts';
import { problemResponses } from './problem-responses.ts';

async function describeChain(chain: ChainHandle) {
  const checkpoint = await chain.watcher.refresh();
  return {
    name: chain.name,
    origin: chain.origin,
    hashAlgorithm: chain.hashAlgorithm,
    publicKey: formatVerifierKey(chain.sequencerKey),
    size: chain.ledger.size,
    treeSize: checkpoint?.treeSize ?? 0,
    checkpoint: checkpoint?.note ?? null,
    maxMergeDelayMs: chain.ledger.options.maxMergeDelayMs,
  };
}

export function registerChainRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chains',
      tags: ['chains'],
      summary: 'The chains this node serves',
      responses: {
        200: {
          description: 'Every chain',
          content: { 'application/json': { schema: z.object({ chains: z.array(ChainInfoSchema) }) } },
        },
      },
    }),
    async (c) => c.json({ chains: await Promise.all([...context.chains.values()].map(describeChain)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chains/{chain}',
      tags: ['chains'],
      summary: 'Origin, size, latest checkpoint, hash algorithm and public key of a chain',
      middleware: [requireChain(context)] as const,
      request: { params: z.object({ chain: ChainParamSchema }) },
      responses: {
        200: { description: 'The chain', content: { 'application/json': { schema: ChainInfoSchema } } },
        ...problemResponses(404),
      },
    }),
    async (c) => c.json(await describeChain(c.get('chain')), 200),
  );
}
