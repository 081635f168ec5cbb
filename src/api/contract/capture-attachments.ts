import { z } from '@hono/zod-openapi';

// GET /v1/captures/{id}/attachments/{name}: a capture's screenshot or PDF print.

/** The attachments a capture package may hold, with the media type each is served as. */
export const CAPTURE_ATTACHMENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  'screenshot.png': 'image/png',
  'page.pdf': 'application/pdf',
});

export const CaptureAttachmentParamsSchema = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, 'must be a capture id (a UUID)'),
  name: z
    .string()
    .refine((name) => Object.hasOwn(CAPTURE_ATTACHMENT_TYPES, name), {
      message: `must be one of ${Object.keys(CAPTURE_ATTACHMENT_TYPES).join(', ')}`,
    })
    .openapi({ param: { name: 'name', in: 'path' }, example: 'screenshot.png' }),
});

export const CaptureAttachmentSchema = z.any().openapi({ type: 'string', format: 'binary' });
