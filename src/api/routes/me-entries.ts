import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { bytesToUtf8 } from '../../crypto/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { formatEntryId, readStoredEntry } from '../../services/index.ts';
import { ChainParamSchema } from '../contract/schemas.ts';
import { problemResponses } from './problem-responses.ts';

// The caller's own entries on a chain of this node, newest first, a page at a time: found through
// the chain index's list of each unit's leaf indexes, then read from the ledger.

const MAX_PAGE = 100;

const QuerySchema = z.object({
  chain: ChainParamSchema.openapi({ param: { name: 'chain', in: 'query' } }),
  before: z
    .string()
    .regex(/^(?:0|[1-9][0-9]{0,15})$/, 'must be a leaf index')
    .transform(Number)
    .optional()
    .openapi({
      type: 'string',
      description: 'Entries below this leaf index (the `next` of the previous page)',
    }),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, `must be a whole number from 1 to ${MAX_PAGE}`)
    .transform(Number)
    .refine((limit) => limit <= MAX_PAGE, `must be at most ${MAX_PAGE}`)
    .optional()
    .openapi({ type: 'string', description: `Entries a page, at most ${MAX_PAGE} (the default 50)` }),
});

const MyEntrySchema = z.object({
  chain: z.string(),
  index: z.number().int(),
  id: z.string(),
  type: z.string(),
  digest: z.string(),
  time: z.string(),
});

function readFields(bytes: Uint8Array): { type: string; digest: string; time: string } {
  const entry = JSON.parse(bytesToUtf8(bytes)) as { type?: unknown; digest?: unknown; time?: unknown };
  return { type: String(entry.type), digest: String(entry.digest), time: String(entry.time) };
}

export function registerMeEntryRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/entries',
      tags: ['entries'],
      summary: 'Your own entries on a chain, newest first',
      security: [{ bearerAuth: [] }],
      request: { query: QuerySchema },
      responses: {
        200: {
          description: 'A page of entries; `next` is the `before` of the next page (null on the last)',
          content: {
            'application/json': {
              schema: z.object({ entries: z.array(MyEntrySchema), next: z.number().int().nullable() }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { chain: name, before, limit = 50 } = c.req.valid('query');
      const chain = context.chains.get(name);
      if (chain === undefined) {
        throw new ApiError('CHAIN_NOT_FOUND', `this node keeps no chain ${JSON.stringify(name)}`, {
          details: { chain: name },
        });
      }
      await chain.indexer.catchUp();
      const unit = c.get('unit').name;
      const indexes = await chain.index.listUnitEntries(chain.origin, unit, before ?? null, limit + 1);
      const page = indexes.slice(0, limit);
      const entries = await Promise.all(
        page.map(async (index) => ({
          chain: chain.name,
          index,
          id: formatEntryId(chain.name, index),
          ...readFields((await readStoredEntry(chain, index)).entry),
        })),
      );
      const next = indexes.length > limit ? page[page.length - 1]! : null;
      return c.json({ entries, next }, 200, { 'cache-control': 'no-store' });
    },
  );
}
