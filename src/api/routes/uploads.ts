import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { checkEntryTypes, depositUpload } from '../../services/index.ts';
import { requireChain } from '../chain-lookup.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { depositPorts } from '../deposit.ts';
import { ApiError } from '../errors.ts';
import {
  IdempotencyHeaderSchema,
  UploadBodySchema,
  UploadParamsSchema,
  UploadQuerySchema,
  UploadResultSchema,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

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
        params: UploadParamsSchema,
        query: UploadQuerySchema,
        headers: IdempotencyHeaderSchema,
        body: {
          required: true,
          content: { 'application/octet-stream': { schema: UploadBodySchema } },
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
      const result = await depositUpload(
        { ...depositPorts(context), blobs: context.blobs },
        {
          chain,
          unit: c.get('unit').name,
          type,
          meta,
          body: c.req.raw.body ?? new ReadableStream<Uint8Array>(),
          idempotencyKey: c.req.valid('header')['idempotency-key'],
          writer,
        },
      );
      return c.json(result, result.replayed ? 200 : 201);
    },
  );
}
