import { z } from '@hono/zod-openapi';
import { CaseNumberSchema, ChainParamSchema } from './schemas.ts';

// GET /v1/stats (every chain's figures and the consortium's totals), /v1/chains/{chain}/stats and
// /v1/chains/{chain}/cases.

/** The most cases one page lists (src/services's CASE_PAGE_SIZE; routes/stats.ts checks they agree). */
export const CASES_PAGE_MAX = 1_000;

export const CaseSummarySchema = z
  .object({
    caseNumber: z.string(),
    verifications: z.number().int(),
    crossChainVerifications: z.number().int(),
  })
  .openapi('CaseSummary');

export const CasesQuerySchema = z.object({
  after: CaseNumberSchema.optional().openapi({
    description: 'The last case number of the previous page; without it, the first page',
  }),
  limit: z
    .string()
    .regex(/^(?:[1-9][0-9]{0,2}|1000)$/, `must be a whole number from 1 to ${CASES_PAGE_MAX}`)
    .transform(Number)
    .optional()
    .openapi({ type: 'string', description: `Cases a page, at most ${CASES_PAGE_MAX} (the default)` }),
});

export const VerificationSummarySchema = z.object({
  verifications: z.number().int().openapi({
    description:
      'Court verifications: verification entries signed by a key the consortium file authorises for verifications on this chain (older records by any unit are not counted)',
  }),
  verified: z.number().int(),
  failed: z.number().int(),
  crossChainVerifications: z.number().int(),
  cases: z.number().int().openapi({ description: 'Distinct case numbers over every verification' }),
  crossChainCases: z
    .number()
    .int()
    .openapi({ description: 'Distinct case numbers over cross-chain verifications' }),
  topCases: z.array(CaseSummarySchema),
});

export const ChainStatsSchema = z
  .object({
    chain: z.string(),
    origin: z.string(),
    entries: z.number().int(),
    types: z.record(z.string(), z.number().int()),
    units: z
      .array(
        z.object({
          unit: z.string(),
          entries: z.number().int(),
          types: z.record(z.string(), z.number().int()),
        }),
      )
      .optional()
      .openapi({
        description:
          'Entries per unit, by name: only for an operator principal or the admin token (anonymous callers get totals)',
      }),
    verifications: VerificationSummarySchema,
  })
  .openapi('ChainStats');

export const StatsSchema = z
  .object({
    chains: z.array(ChainStatsSchema),
    totals: z.object({
      entries: z.number().int(),
      verifications: z.number().int(),
      crossChainVerifications: z.number().int(),
      cases: z.number().int().openapi({
        description:
          'Distinct case numbers over the verifications of every chain counted: a case recorded on two chains counts once',
      }),
      crossChainCases: z.number().int().openapi({
        description:
          'Distinct case numbers with a cross-chain verification on any chain counted, each counted once',
      }),
    }),
    unavailable: z.array(z.object({ chain: z.string(), reason: z.string() })).openapi({
      description: 'Chains whose node could not be asked for its figures (left out of the totals)',
    }),
  })
  .openapi('Stats');

export const CaseListParamsSchema = z.object({ chain: ChainParamSchema });

export const CaseListSchema = z.object({ cases: z.array(CaseSummarySchema) });

export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export type CaseList = z.infer<typeof CaseListSchema>;
export type ChainStatsAnswer = z.infer<typeof ChainStatsSchema>;
export type Stats = z.infer<typeof StatsSchema>;
