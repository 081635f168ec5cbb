import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { toWorkView } from '../../registry/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  ReviewDecidedSchema,
  ReviewDecisionSchema,
  ReviewListQuerySchema,
  ReviewListSchema,
  WorkNumberParamSchema,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';
import { linksOf, requireWorks } from './works.ts';

// The review of registrations held because they resemble earlier ones: a registrar lists them and
// approves or rejects each; the decision is a `registration-decision` entry on the works chain.

export function registerReviewRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reviews',
      tags: ['works'],
      summary: 'Registrations held for review, oldest first (registrar)',
      security: [{ bearerAuth: [] }],
      request: { query: ReviewListQuerySchema },
      responses: {
        200: {
          description: 'The held registrations with the earlier ones they resemble',
          content: { 'application/json': { schema: ReviewListSchema } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { works } = requireWorks(context);
      const pending = await works.reviews.listPending(c.req.valid('query').limit);
      return c.json({ reviews: pending.map(toWorkView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/works/{number}/decision',
      tags: ['works'],
      summary: 'Approve or reject a held registration (registrar); recorded on the works chain',
      security: [{ bearerAuth: [] }],
      request: {
        params: z.object({ number: WorkNumberParamSchema }),
        body: { content: { 'application/json': { schema: ReviewDecisionSchema } }, required: true },
      },
      responses: {
        200: {
          description: 'Decided and recorded',
          content: { 'application/json': { schema: ReviewDecidedSchema } },
        },
        ...problemResponses(400, 401, 403, 404, 409, 422, 503),
      },
    }),
    async (c) => {
      const { works, chain } = requireWorks(context);
      const body = c.req.valid('json');
      const { work, receipt } = await works.reviews.decide(
        c.req.valid('param').number,
        body,
        c.get('unit').name,
      );
      return c.json(
        {
          registration: toWorkView(work),
          receipt: { index: receipt.leafIndex, time: receipt.time, receipt: receipt.receipt },
          links: linksOf(c, chain, work),
        },
        200,
      );
    },
  );
}
