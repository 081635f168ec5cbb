import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { readChainStats, type ChainStats } from '../chain-stats.ts';
import type { ApiContext, ApiEnv } from '../context.ts';

const SummarySchema = z.object({
  verifications: z.number().int(),
  verified: z.number().int(),
  failed: z.number().int(),
  crossChainVerifications: z.number().int(),
  cases: z.number().int().openapi({ description: 'Distinct case numbers over every verification' }),
  crossChainCases: z
    .number()
    .int()
    .openapi({ description: 'Distinct case numbers over cross-chain verifications' }),
  topCases: z.array(
    z.object({
      caseNumber: z.string(),
      verifications: z.number().int(),
      crossChainVerifications: z.number().int(),
    }),
  ),
});

export const ChainStatsSchema = z
  .object({
    chain: z.string(),
    origin: z.string(),
    entries: z.number().int(),
    types: z.record(z.string(), z.number().int()),
    units: z.array(
      z.object({
        unit: z.string(),
        entries: z.number().int(),
        types: z.record(z.string(), z.number().int()),
      }),
    ),
    verifications: SummarySchema,
  })
  .openapi('ChainStats');

const StatsSchema = z
  .object({
    chains: z.array(ChainStatsSchema),
    totals: z.object({
      entries: z.number().int(),
      verifications: z.number().int(),
      crossChainVerifications: z.number().int(),
      cases: z
        .number()
        .int()
        .openapi({ description: 'Sum over the chains of the distinct cases each recorded' }),
      crossChainCases: z.number().int(),
    }),
    unavailable: z
      .array(z.object({ chain: z.string(), reason: z.string() }))
      .openapi({ description: 'Chains whose node could not be asked for its figures' }),
  })
  .openapi('Stats');

async function readPeerStats(
  context: ApiContext,
  chain: string,
): Promise<ChainStats | { chain: string; reason: string }> {
  try {
    const parsed = ChainStatsSchema.safeParse(
      await context.consortium.peers.get(chain)!.readChainStats(chain),
    );
    return parsed.success
      ? parsed.data
      : { chain, reason: 'its node answered something that is not chain statistics' };
  } catch (error) {
    return { chain, reason: error instanceof Error ? error.message : String(error) };
  }
}

export function registerStatsRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/stats',
      tags: ['statistics'],
      summary:
        'Entries per chain and unit, verifications, cross-chain verifications and the cases they involve',
      description: "This node's chains are counted here; the other chains' nodes are asked for theirs.",
      responses: {
        200: { description: 'The statistics', content: { 'application/json': { schema: StatsSchema } } },
      },
    }),
    async (c) => {
      const own = await Promise.all([...context.chains.values()].map(readChainStats));
      const peers = await Promise.all(
        [...context.consortium.peers.keys()].map((chain) => readPeerStats(context, chain)),
      );
      const chains = [...own, ...peers.filter((p): p is ChainStats => 'origin' in p)];
      const unavailable = peers.filter((p): p is { chain: string; reason: string } => 'reason' in p);
      const sum = (pick: (s: ChainStats) => number) => chains.reduce((total, s) => total + pick(s), 0);
      return c.json(
        {
          chains,
          totals: {
            entries: sum((s) => s.entries),
            verifications: sum((s) => s.verifications.verifications),
            crossChainVerifications: sum((s) => s.verifications.crossChainVerifications),
            cases: sum((s) => s.verifications.cases),
            crossChainCases: sum((s) => s.verifications.crossChainCases),
          },
          unavailable,
        },
        200,
      );
    },
  );
}
