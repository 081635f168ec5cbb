import { Readable } from 'node:stream';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  CaptureError,
  describeCaptureProgress,
  WACZ_MEDIA_TYPE,
  type CaptureJob,
} from '../../capture/index.ts';
import { formatEntryId, readOwnCapture, readProofBundle, requireCaptures } from '../../services/index.ts';
import { limitBody } from '../body-limit.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { problemResponses } from './problem-responses.ts';

// Web evidence capture (取证): POST /v1/captures queues a capture of a URL; GET /v1/captures/{id}
// follows it (state, attachments, chain entry, proof bundle); GET /v1/captures/{id}/package
// downloads the WACZ. The queue lives in the node's database, so it survives a restart.

async function readStoredBundle(context: ApiContext, job: CaptureJob): Promise<unknown> {
  const sha256 = job.anchor?.bundleSha256;
  if (sha256 === undefined || sha256 === null) {
    if (job.anchor === null) return null;
    const chain = context.chains.get(job.anchor.chain);
    const read = chain === undefined ? null : await readProofBundle(chain, job.anchor.index, undefined, 0);
    return read === null ? null : read.bundle;
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of await context.blobs.openBlobStream(sha256)) chunks.push(chunk as Uint8Array);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

async function viewJob(context: ApiContext, job: CaptureJob) {
  const result = job.result;
  const files = result?.package?.files ?? [];
  return {
    id: job.id,
    url: job.url,
    status: job.status,
    phase: job.phase,
    progress: describeCaptureProgress(job),
    attempts: job.attempts,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    state: result?.state ?? null,
    reasons: result?.reasons ?? [],
    title: result?.title ?? null,
    finalUrl: result?.finalUrl ?? null,
    targetStatus: result?.targetStatus ?? null,
    package:
      result?.package === undefined
        ? null
        : {
            sha256: result.package.sha256,
            bytes: result.package.bytes,
            digest: result.package.digest,
            datapackageHash: result.package.datapackageHash,
            url: `/v1/captures/${job.id}/package`,
          },
    attachments: files.filter((file) => file.path.startsWith('attachments/')),
    files,
    entry:
      job.anchor === null
        ? null
        : {
            chain: job.anchor.chain,
            index: job.anchor.index,
            id: formatEntryId(job.anchor.chain, job.anchor.index),
            time: job.anchor.time,
          },
    bundle: await readStoredBundle(context, job),
    error: job.error,
  };
}

const CaptureRequestSchema = z
  .object({
    url: z.string().min(1).max(8_192).openapi({ example: 'https://example.com/infringing-page' }),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'Capture options (limits, viewport, attachments)' }),
  })
  .strict()
  .openapi('CaptureRequest');

const CaptureJobSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    phase: z.string().nullable(),
    state: z.enum(['complete', 'partial', 'failed']).nullable(),
    reasons: z.array(z.string()),
  })
  .passthrough()
  .openapi('CaptureJob');

const IdParamSchema = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'must be a capture id (a UUID)') });
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
      request: { params: IdParamSchema },
      responses: {
        200: { description: 'The job', content: { 'application/json': { schema: CaptureJobSchema } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const job = await readOwnCapture(context.captures, c.req.valid('param').id, c.get('unit').name);
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
      request: { params: IdParamSchema },
      responses: {
        200: {
          description: 'The package',
          content: { [WACZ_MEDIA_TYPE]: { schema: z.any().openapi({ type: 'string', format: 'binary' }) } },
        },
        ...problemResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const job = await readOwnCapture(context.captures, c.req.valid('param').id, c.get('unit').name);
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
}
