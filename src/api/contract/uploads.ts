import { z } from '@hono/zod-openapi';
import type { UploadResultSchema } from './schemas.ts';
import { ChainParamSchema } from './schemas.ts';

// POST /v1/chains/{chain}/uploads: the file is the body; its type and meta travel in the query.

export const MAX_META_QUERY_CHARS = 16 * 1024;

export const UploadParamsSchema = z.object({ chain: ChainParamSchema });

export const UploadQuerySchema = z.object({
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

export const UploadBodySchema = z.string().openapi({ format: 'binary' });

export type UploadResult = z.infer<typeof UploadResultSchema>;
