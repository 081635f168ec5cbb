import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { Readable } from 'node:stream';
import { readWorkFile } from '../../services/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { WorkFileSchema, WorkNumberParamSchema } from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';
import { requireWorks } from './works.ts';

// GET /v1/works/{number}/file: a registered work's own file, for the review queue's previews and
// for its registrant. The permission table's `forAnyone` names who may read anyone's.
// Sent so that no browser runs it: a listed image/audio/video type or text/plain, else a download;
// nosniff, and `CSP: sandbox` for a file opened on its own (W3C CSP3 §6.3.3).

/** RFC 6266 §4.3: an ASCII fallback name and the UTF-8 name (RFC 8187). */
export function formatContentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'work';
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function registerWorkFileRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/works/{number}/file',
      tags: ['works'],
      summary: "A registered work's file (its registrant and the registrars)",
      description:
        'Images, audio and video of a listed type are sent as themselves and text as text/plain, inline; any other file as application/octet-stream, as an attachment.',
      security: [{ bearerAuth: [] }],
      request: { params: z.object({ number: WorkNumberParamSchema }) },
      responses: {
        200: {
          description: 'The file',
          content: { 'application/octet-stream': { schema: WorkFileSchema } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { works } = requireWorks(context);
      const view = c.get('unit');
      const file = await readWorkFile(works, context.blobs, c.req.valid('param').number, {
        principal: view.name,
        reviewer: c.get('actsForAnyone'),
      });
      const stream = await file.open();
      return c.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, 200, {
        'Content-Type': file.contentType,
        'Content-Length': String(file.sizeBytes),
        'Content-Disposition': formatContentDisposition(file.inline ? 'inline' : 'attachment', file.fileName),
        'Content-Security-Policy': 'sandbox',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      });
    },
  );
}
