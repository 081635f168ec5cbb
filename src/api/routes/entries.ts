import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { bytesToHex, bytesToUtf8 } from '../../crypto/index.ts';
import { checkEntryFields, LedgerError, type StoredEntry } from '../../ledger/index.ts';
import { limitBody } from '../body-limit.ts';
import { requireChain } from '../chain-lookup.ts';
import type { ApiContext, ApiEnv, ChainHandle } from '../context.ts';
import { admitEntries, depositEntries, type EntryInput } from '../deposit.ts';
import { ApiError } from '../errors.ts';
import { formatEntryId, readStoredEntry } from '../../services/index.ts';
import {
  BatchRequestSchema,
  BatchResultSchema,
  ChainParamSchema,
  DepositResultSchema,
  DigestSchema,
  EntryListSchema,
  EntryRequestSchema,
  IdempotencyHeaderSchema,
  IndexParamSchema,
  StoredEntrySchema,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

const security = [{ bearerAuth: [] }];

async function describeEntry(chain: ChainHandle, stored: StoredEntry) {
  const checkpoint = await chain.watcher.readCovering(stored.leafIndex + 1);
  return {
    index: stored.leafIndex,
    id: formatEntryId(chain.name, stored.leafIndex),
    leafHash: bytesToHex(stored.leafHash),
    entry: bytesToUtf8(stored.entry),
    receipt: stored.receipt,
    integrated: checkpoint !== null && checkpoint.treeSize > stored.leafIndex,
  };
}

/** Names the first invalid entry of a refused batch (looked for only after a refusal). */
function locateInvalidEntry(
  error: unknown,
  chain: ChainHandle,
  unit: string,
  entries: readonly EntryInput[],
): unknown {
  if (!(error instanceof LedgerError) || error.code !== 'ENTRY_INVALID') return error;
  for (const [i, entry] of entries.entries()) {
    try {
      checkEntryFields({ ...entry, unit, meta: entry.meta ?? {} }, chain.ledger.options, chain.origin);
    } catch (cause) {
      if (cause instanceof LedgerError) {
        const field = typeof cause.details['field'] === 'string' ? cause.details['field'] : 'entry';
        return new LedgerError('ENTRY_INVALID', `entries[${i}]: ${cause.message}`, {
          cause,
          details: { ...cause.details, field: `entries[${i}].${field}`, entry: i },
        });
      }
    }
  }
  return error;
}

export function registerEntryRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  const { options } = context;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/chains/{chain}/entries',
      tags: ['entries'],
      summary: 'Deposit the digest of one file',
      security,
      middleware: [limitBody(options.maxEntryBodyBytes), requireChain(context)] as const,
      request: {
        params: z.object({ chain: ChainParamSchema }),
        headers: IdempotencyHeaderSchema,
        body: { required: true, content: { 'application/json': { schema: EntryRequestSchema } } },
      },
      responses: {
        201: {
          description: 'Durably sequenced; the receipt promises integration',
          content: { 'application/json': { schema: DepositResultSchema } },
        },
        200: {
          description: 'A replay of an earlier request with the same Idempotency-Key',
          content: { 'application/json': { schema: DepositResultSchema } },
        },
        ...problemResponses(400, 401, 404, 413, 415, 422, 429, 503, 507),
      },
    }),
    async (c) => {
      const entry = c.req.valid('json');
      admitEntries(context, c.get('unit').name, 1);
      const [result] = await depositEntries(
        context,
        c.get('chain'),
        c.get('unit').name,
        [entry],
        c.req.valid('header')['idempotency-key'],
        false,
        { kind: 'raw', organisation: c.get('unit').organisation },
      );
      return c.json(result!, result!.replayed ? 200 : 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/chains/{chain}/entries/batch',
      tags: ['entries'],
      summary: 'Deposit up to 10,000 digests at once, all or nothing',
      security,
      middleware: [limitBody(options.maxBatchBodyBytes), requireChain(context)] as const,
      request: {
        params: z.object({ chain: ChainParamSchema }),
        headers: IdempotencyHeaderSchema,
        body: { required: true, content: { 'application/json': { schema: BatchRequestSchema } } },
      },
      responses: {
        201: {
          description: 'One result per entry, in order',
          content: { 'application/json': { schema: BatchResultSchema } },
        },
        ...problemResponses(400, 401, 404, 413, 415, 422, 429, 503, 507),
      },
    }),
    async (c) => {
      const { entries } = c.req.valid('json');
      const chain = c.get('chain');
      const unit = c.get('unit').name;
      if (entries.length > options.maxBatchEntries) {
        throw new ApiError('REQUEST_INVALID', `a batch holds at most ${options.maxBatchEntries} entries`, {
          details: { field: 'entries', maxBatchEntries: options.maxBatchEntries },
        });
      }
      admitEntries(context, unit, entries.length);
      const results = await depositEntries(
        context,
        chain,
        unit,
        entries,
        c.req.valid('header')['idempotency-key'],
        true,
        { kind: 'raw', organisation: c.get('unit').organisation },
      ).catch((error: unknown) => {
        throw locateInvalidEntry(error, chain, unit, entries);
      });
      return c.json({ results }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chains/{chain}/entries/{index}',
      tags: ['entries'],
      summary: 'One entry by its leaf index',
      middleware: [requireChain(context)] as const,
      request: { params: z.object({ chain: ChainParamSchema, index: IndexParamSchema }) },
      responses: {
        200: {
          description: 'The entry and its receipt',
          content: { 'application/json': { schema: StoredEntrySchema } },
        },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const chain = c.get('chain');
      const { index } = c.req.valid('param');
      return c.json(await describeEntry(chain, await readStoredEntry(chain, index)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/chains/{chain}/entries',
      tags: ['entries'],
      summary: 'The entries that deposited a digest',
      middleware: [requireChain(context)] as const,
      request: {
        params: z.object({ chain: ChainParamSchema }),
        query: z.object({ digest: DigestSchema }),
      },
      responses: {
        200: {
          description: 'Every entry with this digest, oldest first (possibly none)',
          content: { 'application/json': { schema: EntryListSchema } },
        },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const chain = c.get('chain');
      const { digest } = c.req.valid('query');
      const found = await chain.findEntriesByDigest(digest);
      return c.json({ entries: await Promise.all(found.map((stored) => describeEntry(chain, stored))) }, 200);
    },
  );
}
