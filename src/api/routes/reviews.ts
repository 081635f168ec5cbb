import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { toWorkView } from '../../registry/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { problemResponses } from './problem-responses.ts';
import { linksOf, requireWorks } from './works.ts';

// The review of registrations held because they resemble earlier ones: a registrar lists them and
// approves or rejects each; the decision is a `registration-decision` entry on the works chain.
// Both routes need the registrar role; until principals exist, the node's admin token stands in.

/** The entry `unit` of decisions taken with the admin token (the registrar principal, later). */

const NumberParamSchema = z
  .string()
  .max(64)
  .openapi({ param: { name: 'number', in: 'path' }, example: 'SC-2026-W-00001234-7' });

const JsonAnswerSchema = z.record(z.string(), z.unknown());

const DecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().max(2000).optional(),
  })
  .openapi({ description: 'approve, or reject with a reason (required for reject)' });

const ListQuerySchema = z.object({
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/)
    .transform(Number)
    .optional()
    .openapi({ type: 'string', example: '100' }),
});

export function registerReviewRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reviews',
      tags: ['works'],
      summary: 'Registrations held for review, oldest first (registrar)',
      security: [{ bearerAuth: [] }],
      request: { query: ListQuerySchema },
      responses: {
        200: {
          description: 'The held registrations with the earlier ones they resemble',
          content: { 'application/json': { schema: JsonAnswerSchema } },
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
        params: z.object({ number: NumberParamSchema }),
        body: { content: { 'application/json': { schema: DecisionSchema } }, required: true },
      },
      responses: {
        200: {
          description: 'Decided and recorded',
          content: { 'application/json': { schema: JsonAnswerSchema } },
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
