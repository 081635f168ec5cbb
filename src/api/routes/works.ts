import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  describeWorkCertificate,
  receiveUploadForm,
  requireCertifiable,
  toWorkView,
  WORK_TYPES,
  type StoredWork,
} from '../../registry/index.ts';
import { registerWork, requireWorksService, type WorksService } from '../../services/index.ts';
import type { ApiContext, ApiEnv, ChainHandle } from '../context.ts';
import { runAdmitted } from '../deposit.ts';
import { ApiError } from '../errors.ts';
import { limitCertificateRendering } from '../render-limit.ts';
import {
  answerEntryCertificate,
  certificateResponses,
  locateVerifyPage,
  readFinalRecord,
  readWaitMs,
} from './certificates.ts';
import {
  CertificateQuerySchema,
  JsonAnswerSchema,
  RegistrationQuerySchema,
  WorkFormSchema,
  WorkListQuerySchema,
  WorkNumberParamsSchema,
  type RegistrationAnswer,
  type WorkAnswer,
  type WorkLinks,
  type WorkListAnswer,
  type WorkView,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

// Works registration (版权登记): POST /v1/works registers a file with its metadata; numbers resolve
// through GET /v1/works/{number}; POST /v1/works/search finds registered works like an upload.

/** The works service of this node, if it keeps the registry. */
export function findWorksService(context: ApiContext): WorksService | undefined {
  return context.works;
}

/** The works service of this node, or ROUTE_NOT_FOUND on a node of another chain. */
export function requireWorks(context: ApiContext): { works: WorksService; chain: ChainHandle } {
  return requireWorksService(context.works, context.chains);
}

async function receiveForm(c: Context<ApiEnv>, works: WorksService, fields: readonly string[]) {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data;/i.test(contentType)) {
    throw new ApiError(
      'MEDIA_TYPE_UNSUPPORTED',
      'this endpoint takes multipart/form-data with a part named "file"',
    );
  }
  const declared = c.req.header('content-length');
  if (
    declared !== undefined &&
    /^[0-9]{1,16}$/.test(declared) &&
    Number(declared) > works.registry.options.maxFileBytes + 64 * 1024
  ) {
    throw new ApiError(
      'BODY_TOO_LARGE',
      `a work's file may be at most ${works.registry.options.maxFileBytes} bytes`,
      {
        details: { maxBytes: works.registry.options.maxFileBytes },
      },
    );
  }
  return receiveUploadForm(c.req.raw.body, contentType, {
    maxFileBytes: works.registry.options.maxFileBytes,
    maxFieldBytes: 16 * 1024,
    scratchDir: works.registry.options.scratchDir,
    fields,
  });
}

export function linksOf(c: Context<ApiEnv>, chain: ChainHandle, work: StoredWork): WorkLinks {
  return {
    self: `/v1/works/${work.number}`,
    /** Null while the registration is held for review or after it was rejected. */
    certificate:
      work.review === 'pending-review' || work.review === 'rejected'
        ? null
        : `/v1/works/${work.number}/certificate.pdf`,
    licenses: `/v1/works/${work.number}/licenses`,
    bundle: work.entry === null ? null : `/v1/chains/${chain.name}/entries/${work.entry.index}/bundle`,
    verify: locateVerifyPage(c, work.number),
  };
}

export function registerWorkRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/works',
      tags: ['works'],
      summary: 'Register a work: its file and metadata (multipart/form-data)',
      description:
        'A `file` part of 0 bytes is refused with 422 `FILE_EMPTY`: nothing is stored and nothing registered.',
      security: [{ bearerAuth: [] }],
      request: {
        query: RegistrationQuerySchema,
        body: { required: true, content: { 'multipart/form-data': { schema: WorkFormSchema } } },
      },
      responses: {
        201: {
          description:
            'Recorded. `registration.status` is `registered`, or `pending-review` when `similar` lists earlier works: then no certificate is issued until a registrar approves it',
          content: { 'application/json': { schema: JsonAnswerSchema } },
        },
        ...problemResponses(400, 401, 409, 413, 415, 422, 429, 503),
      },
    }),
    async (c) => {
      const { works, chain } = requireWorks(context);
      const unit = c.get('unit').name;
      const registration = await runAdmitted(context, unit, 1, async () => {
        const form = await receiveForm(c, works, ['metadata']);
        try {
          return await registerWork(works, {
            unit,
            file: form.file,
            metadata: form.fields['metadata'] ?? null,
          });
        } finally {
          await form.remove();
        }
      });
      context.metrics.countEntries(chain.name, 1);
      const { work, receipt } = registration;
      const waitMs = readWaitMs(context, c.req.valid('query'));
      const { bundle } = await readFinalRecord(context, chain, receipt.leafIndex, waitMs);
      const answer: RegistrationAnswer = {
        registration: toWorkView(work),
        // The holder's only copy of disclosures naming an identity number: the registry keeps none.
        disclosures: registration.disclosures,
        receipt: {
          index: receipt.leafIndex,
          time: receipt.time,
          entry: receipt.entry,
          receipt: receipt.receipt,
        },
        bundle,
        links: linksOf(c, chain, work),
      };
      return c.json(answer, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/works/{number}',
      tags: ['works'],
      summary:
        'A registration by its number, with its status: registered, pending-review (with the similar earlier registrations) or rejected (with the reason)',
      request: { params: WorkNumberParamsSchema },
      responses: {
        200: {
          description: 'The registration',
          content: { 'application/json': { schema: JsonAnswerSchema } },
        },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const { works, chain } = requireWorks(context);
      const work = await works.registry.readWork(c.req.valid('param').number);
      const answer: WorkAnswer = { registration: toWorkView(work), links: linksOf(c, chain, work) };
      return c.json(answer, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/works',
      tags: ['works'],
      summary: 'Registered works by rights holder or title, newest first',
      request: { query: WorkListQuerySchema },
      responses: {
        200: {
          description: 'A page of registrations',
          content: { 'application/json': { schema: JsonAnswerSchema } },
        },
        ...problemResponses(400, 404, 422),
      },
    }),
    async (c) => {
      const { works } = requireWorks(context);
      const { holder, q, limit, before } = c.req.valid('query');
      const query: { holder?: string; text?: string; limit?: number; beforeId?: number } = {};
      if (holder !== undefined) query.holder = holder;
      if (q !== undefined) query.text = q;
      if (limit !== undefined) query.limit = limit;
      if (before !== undefined) query.beforeId = before;
      const found = await works.registry.listWorks(query);
      const pageSize = Math.min(limit ?? 20, works.registry.options.maxListLimit);
      const answer: WorkListAnswer = {
        works: found.map(toWorkView),
        next: found.length === pageSize ? String(found.at(-1)!.id) : null,
      };
      return c.json(answer, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/works/search',
      tags: ['works'],
      summary: 'Registered works similar to an uploaded file (nothing is registered)',
      security: [{ bearerAuth: [] }],
      request: { body: { required: true, content: { 'multipart/form-data': { schema: WorkFormSchema } } } },
      responses: {
        200: {
          description: 'The identical and similar registrations',
          content: { 'application/json': { schema: JsonAnswerSchema } },
        },
        ...problemResponses(400, 401, 413, 415, 422, 429, 503),
      },
    }),
    async (c) => {
      const { works } = requireWorks(context);
      const form = await receiveForm(c, works, ['workType']);
      try {
        const declared = form.fields['workType'] ?? 'other';
        if (!(WORK_TYPES as readonly string[]).includes(declared)) {
          throw new ApiError('REQUEST_INVALID', `workType must be one of ${WORK_TYPES.join(', ')}`, {
            details: { field: 'workType' },
          });
        }
        const found = await works.registry.searchSimilar(
          form.file.path,
          declared as (typeof WORK_TYPES)[number],
        );
        return c.json(
          {
            identical: found.identical === null ? null : (toWorkView(found.identical) satisfies WorkView),
            similar: found.similar,
            codes: {
              sha256: found.fingerprint.sha256,
              iscc: found.fingerprint.iscc,
              content: found.fingerprint.content?.iscc ?? null,
              pdq: found.fingerprint.pdq?.hash ?? null,
            },
          },
          200,
        );
      } finally {
        await form.remove();
      }
    },
  );

  for (const format of ['pdf', 'html'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/v1/works/{number}/certificate.${format}`,
        tags: ['works'],
        summary: `The registration certificate (${format.toUpperCase()}, Chinese and English); 409 REGISTRATION_UNDER_REVIEW or REGISTRATION_REJECTED when not approved`,
        middleware: [limitCertificateRendering(context)] as const,
        request: { params: WorkNumberParamsSchema, query: CertificateQuerySchema },
        responses: certificateResponses(format),
      }),
      async (c) => {
        const { works, chain } = requireWorks(context);
        const work = requireCertifiable(await works.registry.readWork(c.req.valid('param').number));
        const waitMs = readWaitMs(context, c.req.valid('query'));
        return answerEntryCertificate(c, context, chain, work.entry!.index, waitMs, format, async () => ({
          subject: describeWorkCertificate(work),
          verifyUrl: locateVerifyPage(c, work.number),
        }));
      },
    );
  }
}
