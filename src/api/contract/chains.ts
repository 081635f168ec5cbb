import { z } from '@hono/zod-openapi';
import { ChainInfoSchema } from './schemas.ts';

// The chains this node serves and the anchors of one chain on another.

export const ChainListSchema = z.object({ chains: z.array(ChainInfoSchema) }).openapi('ChainList');

export const AnchoredParamSchema = z.string().openapi({
  param: { name: 'anchored', in: 'path' },
  description: 'The chain whose checkpoints are anchored',
  example: 'evidence',
});

export const AnchorQuerySchema = z.object({
  covering: z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/, 'must be a decimal leaf index without leading zeroes')
    .transform(Number)
    .optional()
    .openapi({ type: 'string', description: 'A leaf index of the anchored chain', example: '42' }),
});
