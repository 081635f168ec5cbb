import { z } from '@hono/zod-openapi';
import { ChainParamSchema, IndexParamSchema } from './schemas.ts';

// The certificates of entries (/v1/chains/{chain}/entries/{index}/certificate.pdf|html) and of
// registrations and licences, which take the same query.

export const CertificateQuerySchema = z.object({
  wait: z.enum(['final']).optional().openapi({
    description: 'Hold the request until a final checkpoint covers the entry (or timeoutMs passes)',
  }),
  timeoutMs: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a positive number of milliseconds')
    .transform(Number)
    .optional()
    .openapi({ type: 'string', description: 'Longest wait in milliseconds', example: '10000' }),
});

export const EntryCertificateParamsSchema = z.object({ chain: ChainParamSchema, index: IndexParamSchema });

export const CertificatePdfSchema = z.string().openapi({ format: 'binary' });
export const CertificateHtmlSchema = z.string();
