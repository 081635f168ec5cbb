import { z } from '@hono/zod-openapi';
import { ChainParamSchema } from './schemas.ts';

// GET /v1/me/entries: the caller's own entries (under its name and its API keys), newest first.

export const MAX_ENTRIES_PAGE = 100;
export const DEFAULT_ENTRIES_PAGE = 50;

export const MyEntriesQuerySchema = z.object({
  chain: ChainParamSchema.optional().openapi({
    param: { name: 'chain', in: 'query' },
    description: 'Only this chain; every chain the server serves when omitted',
  }),
  cursor: z
    .string()
    .max(1_200, 'must be the `next` of a previous page')
    .optional()
    .openapi({ description: 'The `next` of the previous page' }),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, `must be a whole number from 1 to ${MAX_ENTRIES_PAGE}`)
    .transform(Number)
    .refine((limit) => limit <= MAX_ENTRIES_PAGE, `must be at most ${MAX_ENTRIES_PAGE}`)
    .optional()
    .openapi({
      type: 'string',
      description: `Entries a page, at most ${MAX_ENTRIES_PAGE} (the default ${DEFAULT_ENTRIES_PAGE})`,
    }),
});

export const MyEntrySchema = z
  .object({
    chain: z.string(),
    index: z.number().int(),
    id: z.string(),
    type: z.string(),
    digest: z.string(),
    time: z.string(),
    principal: z.string().openapi({ description: 'Who made the entry: you or one of your keys' }),
    key: z.string().nullable().openapi({ description: 'The label of your key that made it; null for you' }),
  })
  .openapi('MyEntry');

export const MyEntriesPageSchema = z
  .object({
    entries: z.array(MyEntrySchema),
    next: z.string().nullable().openapi({ description: 'The `cursor` of the next page; null on the last' }),
  })
  .openapi('MyEntriesPage');

export type MyEntry = z.infer<typeof MyEntrySchema>;
export type MyEntriesPage = z.infer<typeof MyEntriesPageSchema>;
