import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { toWorkView } from '../../registry/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { JsonAnswerSchema, MyWorksQuerySchema, type MyWorksAnswer } from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';
import { linksOf, requireWorks } from './works.ts';

// The works of the caller: what a creator (or a unit) registered, by numbered pages, newest first,
// held and rejected registrations included, for the portal's "my works" table. GET /v1/works lists
// everyone's registered works by holder or title; this lists one registrant's.

export function registerMyWorkRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/works',
      tags: ['works'],
      summary: "The caller's registrations (registered, pending-review or rejected), newest first",
      security: [{ bearerAuth: [] }],
      request: { query: MyWorksQuerySchema },
      responses: {
        200: {
          description: 'A page of the caller’s registrations and how many there are',
          content: { 'application/json': { schema: JsonAnswerSchema } },
        },
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const { works, chain } = requireWorks(context);
      const { q, page, pageSize } = c.req.valid('query');
      const query: { registrant: string; text?: string; page: number; pageSize: number } = {
        registrant: c.get('unit').name,
        page,
        pageSize,
      };
      if (q !== undefined && q.trim() !== '') query.text = q.trim();
      const found = await works.registry.listRegistrantWorks(query);
      const answer: MyWorksAnswer = {
        works: found.works.map((work) => ({ ...toWorkView(work), links: linksOf(c, chain, work) })),
        total: found.total,
        page,
        pageSize: Math.min(pageSize, works.registry.options.maxListLimit),
      };
      return c.json(answer, 200);
    },
  );
}
