import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ConsortiumError } from '../../consortium/index.ts';
import { formatVerifierKey } from '../../crypto/index.ts';
import { describeQuorumTally, findTrustedChain, tallyQuorum } from '../../verify/index.ts';
import { requireChain } from '../chain-lookup.ts';
import { readChainStats } from '../chain-stats.ts';
import type { ApiContext, ApiEnv, ChainHandle } from '../context.ts';
import {
  AnchoredParamSchema,
  AnchorQuerySchema,
  AnchorSchema,
  ChainInfoSchema,
  ChainListSchema,
  ChainParamSchema,
} from '../contract/index.ts';
import { ChainStatsSchema } from './stats.ts';
import { problemResponses } from './problem-responses.ts';

async function describeChain(chain: ChainHandle) {
  const checkpoint = await chain.watcher.refresh();
  const head = checkpoint === null ? null : chain.finality.readHead(checkpoint.treeSize);
  const final = chain.finality.latestFinal;
  const health = chain.finality.describeHealth();
  const tally = tallyQuorum(chain.trusted, head?.cosigners ?? []);
  return {
    name: chain.name,
    origin: chain.origin,
    hashAlgorithm: chain.hashAlgorithm,
    publicKey: formatVerifierKey(chain.sequencerKey),
    size: chain.ledger.size,
    treeSize: checkpoint?.treeSize ?? 0,
    checkpoint: head?.note ?? checkpoint?.note ?? null,
    cosigners: [...(head?.cosigners ?? [])],
    finalTreeSize: final?.treeSize ?? 0,
    finalCheckpoint: final?.note ?? null,
    quorum: chain.trusted.quorum,
    sequencer: chain.trusted.sequencer.name,
    witnesses: chain.trusted.witnesses.map((w) => w.name),
    independentWitnesses: [...tally.independent],
    independentCosigners: [...tally.counted],
    quorumTally: {
      final: tally.reached,
      independentCosignatures: tally.counted.length,
      required: tally.quorum,
      independentWitnesses: tally.independent.length,
      cosigningOrganisations: [...tally.counted],
      ownWitnesses: [...tally.ownWitnesses],
    },
    finality: describeQuorumTally(tally),
    maxMergeDelayMs: chain.ledger.options.maxMergeDelayMs,
    finalityLagMs: Math.round(health.finalityLagMs),
    witnessStatus: health.witnesses.map((witness) => ({
      name: witness.witness,
      state: witness.state,
      ...(witness.lastOutcome === undefined ? {} : { lastOutcome: witness.lastOutcome }),
      ...(witness.code === undefined ? {} : { code: witness.code }),
      ...(witness.reason === undefined ? {} : { reason: witness.reason }),
      ...(witness.failingSince === undefined
        ? {}
        : { failingSince: new Date(witness.failingSince).toISOString() }),
      ...(witness.lastCosignedSize === undefined ? {} : { lastCosignedSize: witness.lastCosignedSize }),
      ...(witness.lastCosignedAt === undefined
        ? {}
        : { lastCosignedAt: new Date(witness.lastCosignedAt).toISOString() }),
    })),
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
          content: { 'application/json': { schema: ChainListSchema } },
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
      summary:
        'Origin, size, latest and latest final checkpoints, witnesses, and the independent witnesses counted against the quorum',
      middleware: [requireChain(context)] as const,
      request: { params: z.object({ chain: ChainParamSchema }) },
      responses: {
        200: { description: 'The chain', content: { 'application/json': { schema: ChainInfoSchema } } },
        ...problemResponses(404),
      },
    }),
    async (c) => c.json(await describeChain(c.get('chain')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chains/{chain}/anchors/{anchored}',
      tags: ['chains'],
      summary: "The anchor on this chain of another chain's final checkpoint",
      description:
        'With covering=N, the first anchor whose checkpoint covers entry N of the anchored chain; without it, the latest anchor.',
      middleware: [requireChain(context)] as const,
      request: {
        params: z.object({ chain: ChainParamSchema, anchored: AnchoredParamSchema }),
        query: AnchorQuerySchema,
      },
      responses: {
        200: { description: 'The anchor', content: { 'application/json': { schema: AnchorSchema } } },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const chain = c.get('chain');
      const anchored = findTrustedChain(context.consortium.trust, c.req.valid('param').anchored);
      const { covering } = c.req.valid('query');
      await chain.indexer.catchUp();
      const anchor =
        covering === undefined
          ? await chain.index.readLatestAnchor(chain.origin, anchored.origin)
          : await chain.index.findCoveringAnchor(chain.origin, anchored.origin, covering);
      if (anchor === null) {
        throw new ConsortiumError(
          'ANCHOR_NOT_FOUND',
          `chain ${chain.name} holds no anchor of chain ${anchored.name}${covering === undefined ? '' : ` that covers entry ${covering}`} yet`,
          {
            details: {
              chain: chain.name,
              anchored: anchored.name,
              ...(covering === undefined ? {} : { covering }),
            },
          },
        );
      }
      return c.json(anchor, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chains/{chain}/stats',
      tags: ['statistics'],
      summary: 'Entries per unit and type, verifications and the cases they involve, on this chain',
      middleware: [requireChain(context)] as const,
      request: { params: z.object({ chain: ChainParamSchema }) },
      responses: {
        200: { description: 'The statistics', content: { 'application/json': { schema: ChainStatsSchema } } },
        ...problemResponses(404),
      },
    }),
    async (c) => c.json(await readChainStats(c.get('chain'), c.get('seesDetail') === true), 200),
  );
}
