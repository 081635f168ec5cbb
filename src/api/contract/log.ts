import { z } from '@hono/zod-openapi';
import { ChainParamSchema } from './schemas.ts';

// The C2SP tlog-tiles read API (https://c2sp.org/tlog-tiles) under /log/{chain}/: the paths are
// parsed by src/merkle's strict parsers, so these schemas only describe them.

export const LogParamsSchema = z.object({ chain: ChainParamSchema });

export const HashTileParamsSchema = LogParamsSchema.extend({
  L: z.string().openapi({ param: { name: 'L', in: 'path' }, example: '0' }),
  N: z.string().openapi({ param: { name: 'N', in: 'path' }, example: 'x001/234.p/7' }),
});

export const EntryBundleParamsSchema = LogParamsSchema.extend({
  N: z.string().openapi({ param: { name: 'N', in: 'path' }, example: '000' }),
});

export const CheckpointNoteSchema = z.string();

export const LogBinarySchema = z.string().openapi({ format: 'binary' });
