import { z } from '@hono/zod-openapi';
import { NumberParamSchema } from './works.ts';

// The registration review: the queue, a registrar's decision, and a work's own file (its preview).

/** A registration number in a path (the works routes' own). */
export const WorkNumberParamSchema = NumberParamSchema;

export const ReviewDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().max(2000).optional(),
  })
  .openapi('ReviewDecision', { description: 'approve, or reject with a reason (required for reject)' });

export const ReviewListQuerySchema = z.object({
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/)
    .transform(Number)
    .optional()
    .openapi({ type: 'string', example: '100' }),
});

/** A registration as the registry shows it (src/registry/views.ts toWorkView). */
export const WorkViewSchema = z
  .record(z.string(), z.unknown())
  .openapi('WorkView', { description: 'A registration: its particulars, file, codes, entry and review' });

export const ReviewListSchema = z
  .object({ reviews: z.array(WorkViewSchema) })
  .openapi('ReviewList', { description: 'The held registrations, oldest first' });

export const ReviewDecidedSchema = z
  .object({
    registration: WorkViewSchema,
    receipt: z.object({ index: z.number().int(), time: z.unknown(), receipt: z.unknown() }),
    links: z.record(z.string(), z.string().nullable()),
  })
  .openapi('ReviewDecided');

export const WorkFileSchema = z.any().openapi({ type: 'string', format: 'binary' });
