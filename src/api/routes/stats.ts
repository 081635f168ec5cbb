import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CaseSummary } from '../../consortium/index.ts';
import {
  CASE_PAGE_SIZE,
  countCaseUnion,
  readAllCases,
  readChainStats,
  type CaseTotals,
  type ChainStats,
} from '../../services/index.ts';
import { requireChain } from '../chain-lookup.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  CASES_PAGE_MAX,
  CaseListParamsSchema,
  CaseListSchema,
  CasesQuerySchema,
  ChainStatsSchema,
  StatsSchema,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

// routes/chains.ts takes the per-chain schema from here.
export { ChainStatsSchema };

// The contract's page limit is the one the services page by (a compile error when they differ).
void (CASES_PAGE_MAX satisfies typeof CASE_PAGE_SIZE);

type Unavailable = { chain: string; reason: string };

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readPeerStats(context: ApiContext, chain: string): Promise<ChainStats | Unavailable> {
  try {
    const parsed = ChainStatsSchema.safeParse(
      await context.consortium.peers.get(chain)!.readChainStats(chain),
    );
    return parsed.success
      ? parsed.data
      : { chain, reason: 'its node answered something that is not chain statistics' };
  } catch (error) {
    return { chain, reason: describeFailure(error) };
  }
}

/**
 * The case totals of `chains`. With cases on one chain at most, the sum is the union; otherwise
 * every case of each chain is listed (peers through their nodes), and a peer that cannot list its
 * cases is left out, returned as unavailable.
 */
async function countCases(
  context: ApiContext,
  chains: readonly ChainStats[],
): Promise<{ totals: CaseTotals; unavailable: Unavailable[] }> {
  const withCases = chains.filter((s) => s.verifications.cases > 0);
  if (withCases.length <= 1) {
    const [only] = withCases;
    return {
      totals: {
        cases: only?.verifications.cases ?? 0,
        crossChainCases: only?.verifications.crossChainCases ?? 0,
      },
      unavailable: [],
    };
  }
  const listed = await Promise.all(
    withCases.map(async (stats) => {
      const own = context.chains.get(stats.chain);
      const maxCases = 2 * stats.verifications.cases + CASE_PAGE_SIZE;
      if (own !== undefined) {
        return readAllCases(
          stats.chain,
          (after, limit) => own.index.listCases(own.origin, after, limit),
          maxCases,
        );
      }
      const peer = context.consortium.peers.get(stats.chain)!;
      return readAllCases(
        stats.chain,
        (after, limit) => peer.readCases(stats.chain, after, limit),
        maxCases,
      ).catch((error: unknown): Unavailable => ({ chain: stats.chain, reason: describeFailure(error) }));
    }),
  );
  return {
    totals: countCaseUnion(listed.filter((cases): cases is CaseSummary[] => Array.isArray(cases))),
    unavailable: listed.filter((cases): cases is Unavailable => !Array.isArray(cases)),
  };
}

export function registerStatsRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chains/{chain}/cases',
      tags: ['statistics'],
      summary: 'The case numbers of the verifications recorded on this chain, a page at a time',
      description:
        "Each case once, with its verifications on this chain, ordered by case number in the node's own order: ask again with after=<the last case number> for the next page, until a page is shorter than the limit. The node answering GET /v1/stats reads them to count a case recorded on several chains once.",
      middleware: [requireChain(context)] as const,
      request: { params: CaseListParamsSchema, query: CasesQuerySchema },
      responses: {
        200: {
          description: 'A page of cases',
          content: { 'application/json': { schema: CaseListSchema } },
        },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const chain = c.get('chain');
      const { after, limit } = c.req.valid('query');
      await chain.indexer.catchUp();
      const cases = await chain.index.listCases(chain.origin, after ?? null, limit ?? CASE_PAGE_SIZE);
      return c.json({ cases }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/stats',
      tags: ['statistics'],
      summary:
        'Entries per chain and unit, verifications, cross-chain verifications and the cases they involve',
      description:
        "This node's chains are counted here; the other chains' nodes are asked for theirs. Verifications, cross-chain verifications and cases count court verifications only: `verification` entries carrying a valid signature by a key the consortium file authorises for verifications (records written before roles existed, by any unit, are entries of their type and nothing more). When more than one chain has cases, every chain's case numbers are read (GET /v1/chains/{chain}/cases) so that a case recorded on several chains counts once in the totals.",
      responses: {
        200: { description: 'The statistics', content: { 'application/json': { schema: StatsSchema } } },
      },
    }),
    async (c) => {
      const withUnits = c.get('seesDetail') === true;
      const own = await Promise.all(
        [...context.chains.values()].map((chain) => readChainStats(chain, withUnits)),
      );
      const peers = await Promise.all(
        [...context.consortium.peers.keys()].map((chain) => readPeerStats(context, chain)),
      );
      const counted = [...own, ...peers.filter((p): p is ChainStats => 'origin' in p)];
      const cases = await countCases(context, counted);
      const unavailable = [...peers.filter((p): p is Unavailable => 'reason' in p), ...cases.unavailable];
      const chains = counted.filter((s) => !cases.unavailable.some((u) => u.chain === s.chain));
      const sum = (pick: (s: ChainStats) => number) => chains.reduce((total, s) => total + pick(s), 0);
      return c.json(
        {
          chains,
          totals: {
            entries: sum((s) => s.entries),
            verifications: sum((s) => s.verifications.verifications),
            crossChainVerifications: sum((s) => s.verifications.crossChainVerifications),
            ...cases.totals,
          },
          unavailable,
        },
        200,
      );
    },
  );
}
