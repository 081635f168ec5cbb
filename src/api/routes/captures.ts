import { Readable } from 'node:stream';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CaptureError, WACZ_MEDIA_TYPE } from '../../capture/index.ts';
import { listOwnCaptures, readOwnCapture, requireCaptures } from '../../services/index.ts';
import { limitBody } from '../body-limit.ts';
import { summarizeCapture, viewJob } from '../capture-view.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  CaptureIdParamSchema,
  CaptureJobSchema,
  CaptureListQuerySchema,
  CaptureListSchema,
  CaptureRequestSchema,
  DEFAULT_CAPTURE_PAGE,
} from '../contract/index.ts';
import { readOwnNames } from '../own-principals.ts';
import { problemResponses } from './problem-responses.ts';

// Web evidence capture (取证): POST /v1/captures queues a capture of a URL; GET /v1/captures/{id}
// follows it (state, attachments, chain entry, proof bundle); GET /v1/captures/{id}/package
// downloads the WACZ; GET /v1/me/captures lists the caller's own (and its API keys').
// The queue lives in the node's database, so it survives a restart.

const security = [{ bearerAuth: [] }];

export function registerCaptureRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/captures',
      tags: ['captures'],
      summary: 'Capture a web page as evidence: a job that captures, packages (WACZ) and deposits it',
      security,
      middleware: [limitBody(64 * 1024)] as const,
      request: {
        body: { required: true, content: { 'application/json': { schema: CaptureRequestSchema } } },
      },
      responses: {
        202: { description: 'Queued', content: { 'application/json': { schema: CaptureJobSchema } } },
        ...problemResponses(400, 401, 404, 413, 415, 422, 429, 503),
      },
    }),
    async (c) => {
      const { url, options } = c.req.valid('json');
      const job = await requireCaptures(context.captures).submit(c.get('unit').name, url, options ?? {});
      c.header('location', `/v1/captures/${job.id}`);
      return c.json((await viewJob(context, job)) as z.infer<typeof CaptureJobSchema>, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/captures/{id}',
      tags: ['captures'],
      summary:
        "A capture job: its state, attachments, chain entry and proof bundle (the requesting unit's own)",
      security,
      request: { params: CaptureIdParamSchema },
      responses: {
        200: { description: 'The job', content: { 'application/json': { schema: CaptureJobSchema } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const job = await readOwnCapture(
        context.captures,
        c.req.valid('param').id,
        await readOwnNames(context, c.get('unit')),
      );
      c.header('cache-control', 'no-store');
      return c.json((await viewJob(context, job)) as z.infer<typeof CaptureJobSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/captures/{id}/package',
      tags: ['captures'],
      summary: 'The WACZ package of a capture',
      security,
      request: { params: CaptureIdParamSchema },
      responses: {
        200: {
          description: 'The package',
          content: { [WACZ_MEDIA_TYPE]: { schema: z.any().openapi({ type: 'string', format: 'binary' }) } },
        },
        ...problemResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const job = await readOwnCapture(
        context.captures,
        c.req.valid('param').id,
        await readOwnNames(context, c.get('unit')),
      );
      const sha256 = job.result?.package?.sha256;
      if (sha256 === undefined) {
        throw new CaptureError(
          'PACKAGE_NOT_READY',
          `capture ${job.id} has no package (it is ${job.status})`,
          {
            details: { id: job.id, status: job.status },
          },
        );
      }
      const stream = await context.blobs.openBlobStream(sha256);
      return c.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, 200, {
        'Content-Type': WACZ_MEDIA_TYPE,
        'Content-Length': String(job.result!.package!.bytes),
        'Content-Disposition': `attachment; filename="capture-${job.id}.wacz"`,
        'Cache-Control': 'private, max-age=31536000, immutable',
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/captures',
      tags: ['captures'],
      summary: 'Your captures (and those of your API keys), newest first, a page at a time',
      security,
      request: { query: CaptureListQuerySchema },
      responses: {
        200: {
          description: 'A page of captures; `next` is the `cursor` of the next page (null on the last)',
          content: { 'application/json': { schema: CaptureListSchema } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { status, cursor, limit } = c.req.valid('query');
      const owner = c.get('unit').name;
      const page = await listOwnCaptures(context.captures, {
        names: await readOwnNames(context, c.get('unit')),
        ...(status === undefined ? {} : { status }),
        cursor: cursor ?? null,
        limit: limit ?? DEFAULT_CAPTURE_PAGE,
      });
      const captures = page.captures.map((job) => summarizeCapture(job, owner));
      return c.json({ captures, next: page.next }, 200, { 'cache-control': 'no-store' });
    },
  );
}
