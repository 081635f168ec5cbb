import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { requireChain } from '../chain-lookup.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  DEFAULT_DASHBOARD_DAYS,
  listWindowDays,
  MAX_DASHBOARD_DAYS,
  readChainDailyStats,
  type ChainDailyStats,
} from '../dashboard-stats.ts';
import { ChainParamSchema } from '../contract/schemas.ts';
import { problemResponses } from './problem-responses.ts';

const DaysQuerySchema = z.object({
  days: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, `must be a whole number from 1 to ${MAX_DASHBOARD_DAYS}`)
    .transform(Number)
    .refine((days) => days <= MAX_DASHBOARD_DAYS, `must be at most ${MAX_DASHBOARD_DAYS}`)
    .optional()
    .openapi({
      type: 'string',
      description: `Days in the window, ending today in Beijing time (default ${DEFAULT_DASHBOARD_DAYS})`,
    }),
});

export const ChainDailyStatsSchema = z
  .object({
    chain: z.string(),
    origin: z.string(),
    entries: z.number().int(),
    types: z.record(z.string(), z.number().int()),
    daily: z.array(
      z.object({ day: z.string(), type: z.string(), subtype: z.string(), entries: z.number().int() }),
    ),
    units: z
      .array(z.object({ day: z.string(), unit: z.string(), type: z.string(), entries: z.number().int() }))
      .optional()
      .openapi({ description: 'Per unit: only for an operator principal or the admin token' }),
  })
  .openapi('ChainDailyStats');

const DashboardSchema = z
  .object({
    days: z.array(z.string()).openapi({ description: 'The window, Beijing calendar days, oldest first' }),
    chains: z.array(ChainDailyStatsSchema),
    unavailable: z.array(z.object({ chain: z.string(), reason: z.string() })),
  })
  .openapi('DashboardStats');

type Unavailable = { chain: string; reason: string };

async function readPeerDailyStats(
  context: ApiContext,
  chain: string,
  days: number,
): Promise<ChainDailyStats | Unavailable> {
  try {
    const answer = await context.consortium.peers.get(chain)!.readDailyStats(chain, days);
    const parsed = ChainDailyStatsSchema.safeParse(answer);
    return parsed.success
      ? parsed.data
      : { chain, reason: 'its node answered something that is not daily statistics' };
  } catch (error) {
    return { chain, reason: error instanceof Error ? error.message : String(error) };
  }
}

export function registerDashboardStatsRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chains/{chain}/stats/daily',
      tags: ['statistics'],
      summary: "Entries per day by type on this chain, from the index's per-day counters",
      middleware: [requireChain(context)] as const,
      request: { params: z.object({ chain: ChainParamSchema }), query: DaysQuerySchema },
      responses: {
        200: {
          description: 'The daily statistics',
          content: { 'application/json': { schema: ChainDailyStatsSchema } },
        },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const days = listWindowDays(c.req.valid('query').days ?? DEFAULT_DASHBOARD_DAYS);
      const stats = await readChainDailyStats(c.get('chain'), days[0]!, c.get('seesDetail') === true);
      return c.json(stats, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/stats/dashboard',
      tags: ['statistics'],
      summary: "The dashboard's figures: every chain's entries per day by type (and by unit for operators)",
      description:
        "This node's chains are read from their per-day counters; the other chains' nodes are asked for theirs (anonymously: their per-unit series are left out).",
      request: { query: DaysQuerySchema },
      responses: {
        200: {
          description: 'The figures',
          content: { 'application/json': { schema: DashboardSchema } },
        },
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const count = c.req.valid('query').days ?? DEFAULT_DASHBOARD_DAYS;
      const days = listWindowDays(count);
      const withUnits = c.get('seesDetail') === true;
      const own = await Promise.all(
        [...context.chains.values()].map((chain) => readChainDailyStats(chain, days[0]!, withUnits)),
      );
      const peers = await Promise.all(
        [...context.consortium.peers.keys()].map((chain) => readPeerDailyStats(context, chain, count)),
      );
      return c.json(
        {
          days,
          chains: [...own, ...peers.filter((p): p is ChainDailyStats => 'origin' in p)],
          unavailable: peers.filter((p): p is Unavailable => 'reason' in p),
        },
        200,
      );
    },
  );
}
