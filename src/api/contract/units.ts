import { z } from '@hono/zod-openapi';
import type { CreatedUnitSchema, UnitListSchema, UnitSchema } from './schemas.ts';

// /v1/units: the admin's application units (their request and answer schemas are in schemas.ts).

export const UnitIdParamsSchema = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'must be a unit id (16 lower-case hex digits)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '3f2a9c0d4b5e6f70' }),
});

export type Unit = z.infer<typeof UnitSchema>;
export type CreatedUnit = z.infer<typeof CreatedUnitSchema>;
export type UnitList = z.infer<typeof UnitListSchema>;
