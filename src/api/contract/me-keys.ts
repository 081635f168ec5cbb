import { z } from '@hono/zod-openapi';
import type { CreatedUnitSchema } from './schemas.ts';
import { UnitSchema } from './schemas.ts';

// /v1/me/keys: the caller's own API keys.

/** A key's label: the key is named <owner>:<label> (src/services/self-service-keys.ts checks the same). */
export const KEY_LABEL_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const KeyRequestSchema = z
  .strictObject({
    label: z
      .string()
      .regex(KEY_LABEL_PATTERN, 'must be 1 to 40 of a-z, 0-9 and "-", starting with a letter or digit')
      .optional()
      .openapi({ example: 'nightly-upload', description: 'The key is named <your name>:<label>' }),
    roles: z.array(z.string().max(32)).max(8).optional().openapi({
      description: 'Some of your roles among unit and platform; all of those you hold when omitted',
    }),
  })
  .openapi('KeyRequest');

export const KeyIdSchema = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'must be a key id (16 lower-case hex digits)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '3f2a9c0d4b5e6f70' }),
});

export const KeyListSchema = z.object({ keys: z.array(UnitSchema) });

export type KeyRequest = z.input<typeof KeyRequestSchema>;
export type KeyList = z.infer<typeof KeyListSchema>;
export type CreatedKey = z.infer<typeof CreatedUnitSchema>;
