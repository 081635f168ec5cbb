import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext, ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { listOwnEntries, parseOwnEntriesCursor } from '../../services/index.ts';
import { DEFAULT_ENTRIES_PAGE, MyEntriesPageSchema, MyEntriesQuerySchema } from '../contract/index.ts';
import { readOwnNames } from '../own-principals.ts';
import { problemResponses } from './problem-responses.ts';

// The caller's own entries (under its name and its API keys) on the chains of this node, or on one
// of them, newest first, a page at a time (src/services/own-entries.ts). On a local consortium the
// gateway asks each chain's node and merges their pages (src/node/local-own-entries.ts).

export function registerMeEntryRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/entries',
      tags: ['entries'],
      summary: 'Your own entries and those of your API keys, newest first',
      security: [{ bearerAuth: [] }],
      request: { query: MyEntriesQuerySchema },
      responses: {
        200: {
          description: 'A page of entries; `next` is the `cursor` of the next page (null on the last)',
          content: { 'application/json': { schema: MyEntriesPageSchema } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { chain: name, cursor, limit } = c.req.valid('query');
      const chain = name === undefined ? undefined : context.chains.get(name);
      if (name !== undefined && chain === undefined) {
        throw new ApiError('CHAIN_NOT_FOUND', `this node keeps no chain ${JSON.stringify(name)}`, {
          details: { chain: name },
        });
      }
      const page = await listOwnEntries({
        chains: chain === undefined ? [...context.chains.values()] : [chain],
        owner: c.get('unit').name,
        names: await readOwnNames(context, c.get('unit')),
        cursor: cursor === undefined ? null : parseOwnEntriesCursor(cursor),
        limit: limit ?? DEFAULT_ENTRIES_PAGE,
      });
      return c.json(page, 200, { 'cache-control': 'no-store' });
    },
  );
}
