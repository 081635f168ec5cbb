import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { bytesToHex, createHasher } from '../../crypto/index.ts';
import { requireChain } from '../chain-lookup.ts';
import type { ApiContext, ApiEnv, ChainHandle } from '../context.ts';
import { admitEntries, checkEntryTypes, depositEntries } from '../deposit.ts';
import { ApiError } from '../errors.ts';
import { ChainParamSchema, IdempotencyHeaderSchema, UploadResultSchema } from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

const MAX_META_QUERY_CHARS = 16 * 1024;

const UploadQuerySchema = z.object({
  type: z.string().min(1).max(128).default('evidence').openapi({
    description:
      "Entry type: `evidence`, or `x-<organisation>/<name>` of the caller's own organisation (other types: 403 ENTRY_TYPE_RESERVED)",
    example: 'evidence',
  }),
  meta: z.string().max(MAX_META_QUERY_CHARS).optional().openapi({
    description: "The entry's meta as JSON text (a JSON object)",
    example: '{"title":"photo.jpg"}',
  }),
});

function parseMeta(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch {
    throw new ApiError('REQUEST_INVALID', 'the meta query parameter must be JSON text', {
      details: { field: 'meta' },
    });
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    throw new ApiError('REQUEST_INVALID', 'the meta query parameter must be a JSON object', {
      details: { field: 'meta' },
    });
  }
  return meta as Record<string, unknown>;
}

function checkDeclaredLength(header: string | undefined, maxBytes: number): void {
  if (header === undefined) return;
  if (!/^[0-9]{1,16}$/.test(header))
    throw new ApiError('REQUEST_INVALID', 'Content-Length must be a number of bytes');
  if (Number(header) > maxBytes) {
    throw new ApiError('BODY_TOO_LARGE', `an upload may be at most ${maxBytes} bytes`, {
      details: { maxBytes },
    });
  }
}

/**
 * The body's chunks, once its first byte has arrived; throws FILE_EMPTY for a body of 0 bytes
 * before anything is written (an empty file's digest is the same for everyone: it proves nothing).
 */
async function readNonEmptyBody(body: ReadableStream<Uint8Array> | null): Promise<AsyncIterable<Uint8Array>> {
  const chunks = (body ?? new ReadableStream<Uint8Array>())[Symbol.asyncIterator]();
  let first = await chunks.next();
  while (!first.done && first.value.length === 0) first = await chunks.next();
  if (first.done) {
    throw new ApiError('FILE_EMPTY', 'the upload is empty (0 bytes): there is nothing to deposit');
  }
  const head = first.value;
  return (async function* () {
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  })();
}

/** The file's digest with the chain's algorithm (the blob store addresses by SHA-256). */
async function digestBlob(context: ApiContext, chain: ChainHandle, sha256: string): Promise<string> {
  if (chain.hashAlgorithm === 'sha256') return `sha256:${sha256}`;
  const hasher = createHasher(chain.hashAlgorithm);
  for await (const chunk of await context.blobs.openBlobStream(sha256)) hasher.update(chunk as Uint8Array);
  return `${chain.hashAlgorithm}:${bytesToHex(hasher.digest())}`;
}

export function registerUploadRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/chains/{chain}/uploads',
      tags: ['entries'],
      summary: 'Upload a file: the node stores it and deposits its digest',
      description:
        'The body is the file. An empty body (0 bytes) is refused with 422 `FILE_EMPTY`: nothing is stored and no entry is made.',
      security: [{ bearerAuth: [] }],
      middleware: [requireChain(context)] as const,
      request: {
        params: z.object({ chain: ChainParamSchema }),
        query: UploadQuerySchema,
        headers: IdempotencyHeaderSchema,
        body: {
          required: true,
          content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
      responses: {
        201: {
          description: 'Stored and sequenced',
          content: { 'application/json': { schema: UploadResultSchema } },
        },
        200: {
          description: 'A replay of an earlier upload with the same Idempotency-Key',
          content: { 'application/json': { schema: UploadResultSchema } },
        },
        ...problemResponses(400, 401, 404, 413, 422, 429, 503, 507),
      },
    }),
    async (c) => {
      const chain = c.get('chain');
      const { type, meta: metaText } = c.req.valid('query');
      const meta = parseMeta(metaText);
      const writer = { kind: 'raw', organisation: c.get('unit').organisation } as const;
      checkEntryTypes(chain, [{ type, digest: '' }], writer);
      checkDeclaredLength(c.req.header('content-length'), context.options.maxUploadBytes);
      admitEntries(context, c.get('unit').name, 1);
      const blob = await readNonEmptyBody(c.req.raw.body)
        .then((body) => context.blobs.writeBlob(body))
        .catch((error: unknown) => {
          context.limiter.refund(c.get('unit').name, 1);
          throw error;
        });
      const digest = await digestBlob(context, chain, blob.sha256);
      const [result] = await depositEntries(
        context,
        chain,
        c.get('unit').name,
        [{ digest, type, meta }],
        c.req.valid('header')['idempotency-key'],
        false,
        writer,
      );
      return c.json({ ...result!, digest, sizeBytes: blob.sizeBytes }, result!.replayed ? 200 : 201);
    },
  );
}
