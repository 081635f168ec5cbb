import type { z } from '@hono/zod-openapi';

/** An OpenAPI response entry answering `schema` as JSON. */
export function jsonResponse<S extends z.ZodType>(description: string, schema: S) {
  return { description, content: { 'application/json': { schema } } };
}
