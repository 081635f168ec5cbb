import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { CaptureError, DEFAULT_ZIP_LIMITS, readZip } from '../../capture/index.ts';
import { readOwnCapture } from '../../services/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  CAPTURE_ATTACHMENT_TYPES,
  CaptureAttachmentParamsSchema,
  CaptureAttachmentSchema,
} from '../contract/index.ts';
import { readOwnNames } from '../own-principals.ts';
import { problemResponses } from './problem-responses.ts';

// One attachment of a capture package (the screenshot the portal previews, the PDF print), read
// from the stored WACZ, for the unit that made the capture.

/** A package is read whole to find the attachment; larger ones are refused. */
const MAX_PACKAGE_BYTES = 256 * 1024 * 1024;

export function registerCaptureAttachmentRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/captures/{id}/attachments/{name}',
      tags: ['captures'],
      summary:
        "An attachment of a capture's package: its screenshot or PDF print (the requesting unit's own)",
      security: [{ bearerAuth: [] }],
      request: { params: CaptureAttachmentParamsSchema },
      responses: {
        200: {
          description: 'The attachment',
          content: { 'image/png': { schema: CaptureAttachmentSchema } },
        },
        ...problemResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const { id, name } = c.req.valid('param');
      const job = await readOwnCapture(context.captures, id, await readOwnNames(context, c.get('unit')));
      const stored = job.result?.package;
      const path = `attachments/${name}`;
      if (stored === undefined || !stored.files.some((file) => file.path === path)) {
        throw new CaptureError('PACKAGE_NOT_READY', `capture ${id} has no ${name}`, {
          details: { id, name },
        });
      }
      if (stored.bytes > MAX_PACKAGE_BYTES) {
        throw new CaptureError('PACKAGE_NOT_READY', `capture ${id}'s package is too large to preview`, {
          details: { id, bytes: stored.bytes },
        });
      }
      const chunks: Uint8Array[] = [];
      for await (const chunk of await context.blobs.openBlobStream(stored.sha256))
        chunks.push(chunk as Uint8Array);
      const file = readZip(Buffer.concat(chunks), DEFAULT_ZIP_LIMITS).find((entry) => entry.path === path);
      if (file === undefined) {
        throw new CaptureError('PACKAGE_NOT_READY', `capture ${id} has no ${name}`, {
          details: { id, name },
        });
      }
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': CAPTURE_ATTACHMENT_TYPES[name]!,
        'Content-Disposition': `inline; filename="capture-${id}-${name}"`,
        'Cache-Control': 'private, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
      });
    },
  );
}
