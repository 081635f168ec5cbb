import { z } from '@hono/zod-openapi';

// The web evidence capture (取证) contract: POST /v1/captures, GET /v1/captures/{id} and the
// caller's own list, GET /v1/me/captures.

export const MAX_CAPTURE_PAGE = 100;
export const DEFAULT_CAPTURE_PAGE = 20;

export const CAPTURE_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

export const CaptureRequestSchema = z
  .object({
    url: z.string().min(1).max(8_192).openapi({ example: 'https://example.com/infringing-page' }),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'Capture options (limits, viewport, attachments)' }),
  })
  .strict()
  .openapi('CaptureRequest');

export const CaptureJobSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    status: z.enum(CAPTURE_STATUSES),
    phase: z.string().nullable(),
    state: z.enum(['complete', 'partial', 'failed']).nullable(),
    reasons: z.array(z.string()),
  })
  .passthrough()
  .openapi('CaptureJob');

export const CaptureIdParamSchema = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, 'must be a capture id (a UUID)'),
});

export const CaptureListQuerySchema = z.object({
  status: z.enum(CAPTURE_STATUSES).optional().openapi({ description: 'Only captures with this status' }),
  cursor: z
    .string()
    .max(128, 'must be the `next` of a previous page')
    .optional()
    .openapi({ description: 'The `next` of the previous page' }),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, `must be a whole number from 1 to ${MAX_CAPTURE_PAGE}`)
    .transform(Number)
    .refine((limit) => limit <= MAX_CAPTURE_PAGE, `must be at most ${MAX_CAPTURE_PAGE}`)
    .optional()
    .openapi({
      type: 'string',
      description: `Captures a page, at most ${MAX_CAPTURE_PAGE} (the default ${DEFAULT_CAPTURE_PAGE})`,
    }),
});

export const CaptureSummarySchema = z
  .object({
    id: z.string(),
    url: z.string(),
    status: z.enum(CAPTURE_STATUSES),
    state: z.enum(['complete', 'partial', 'failed']).nullable(),
    phase: z.string().nullable(),
    progress: z.object({ percent: z.number().int(), message: z.string() }),
    principal: z.string().openapi({ description: 'Who asked for the capture: you or one of your keys' }),
    key: z.string().nullable().openapi({ description: 'The label of your key that asked; null for you' }),
    createdAt: z.string().openapi({ description: 'When it was requested, RFC 3339 UTC' }),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    title: z.string().nullable(),
    reasons: z.array(z.string()),
    package: z.object({ bytes: z.number().int(), digest: z.string(), url: z.string() }).nullable(),
    screenshot: z.string().nullable().openapi({ description: "The screenshot's URL, once packaged" }),
    entry: z
      .object({ chain: z.string(), index: z.number().int(), id: z.string(), time: z.string() })
      .nullable(),
    certificate: z.string().nullable().openapi({ description: "The entry's certificate (PDF) URL" }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .openapi('CaptureSummary');

export const CaptureListSchema = z
  .object({
    captures: z.array(CaptureSummarySchema),
    next: z.string().nullable().openapi({ description: 'The `cursor` of the next page; null on the last' }),
  })
  .openapi('CaptureList');

export type CaptureSummary = z.infer<typeof CaptureSummarySchema>;
export type CaptureList = z.infer<typeof CaptureListSchema>;
