import { z } from '@hono/zod-openapi';

// Certificates of final entries (src/api/routes/certificates.ts and the works and licence
// certificate routes): the query every certificate route takes and the bodies it answers.

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

export const CertificatePdfSchema = z.string().openapi({ format: 'binary' });

export const CertificateHtmlSchema = z.string();
