import type { z } from '@hono/zod-openapi';
import type { ChainInfoSchema, EntryListSchema, StoredEntrySchema } from './schemas.ts';

// The answer types of the schemas shared in schemas.ts, for the web portal's typed client.

/** GET /v1/chains/{chain} (and each of GET /v1/chains). */
export type ChainInfo = z.infer<typeof ChainInfoSchema>;
/** GET /v1/chains: routes/chains.ts answers z.object({ chains: z.array(ChainInfoSchema) }). */
export interface ChainList {
  chains: ChainInfo[];
}
/** GET /v1/chains/{chain}/entries/{index}. */
export type StoredEntry = z.infer<typeof StoredEntrySchema>;
/** GET /v1/chains/{chain}/entries?digest=. */
export type EntryList = z.infer<typeof EntryListSchema>;
