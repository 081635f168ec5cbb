import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  certifyBundle,
  keyRendering,
  RenderCache,
  renderCertificateHtml,
  renderCertificatePdf,
  type CertificateSubject,
} from '../../certificate/index.ts';
import type { StoredEntry } from '../../ledger/index.ts';
import { describeEntrySubject, readFinalBundle, readStoredEntry } from '../../services/index.ts';
import type { ProofBundle } from '../../verify/index.ts';
import { requireChain } from '../chain-lookup.ts';
import { DOCUMENT_SECURITY_HEADERS } from '../document-headers.ts';
import type { ApiContext, ApiEnv, ChainHandle } from '../context.ts';
import { ApiError } from '../errors.ts';
import { limitCertificateRendering } from '../render-limit.ts';
import {
  CertificateHtmlSchema,
  CertificatePdfSchema,
  CertificateQuerySchema,
  EntryCertificateParamsSchema,
  PendingSchema,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

// Routes of other areas (works, licences) take the certificate query from here too.
export { CertificateQuerySchema };

// Certificates of entries of any chain (evidence deposits, captures, works, licences): issued only
// for an entry under a final checkpoint, after its bundle verified against the consortium file.
// Every certificate route takes a token of its client's bucket first (src/api/render-limit.ts).

export interface FinalRecord {
  stored: StoredEntry;
  /** Null while no final checkpoint covers the entry. */
  bundle: ProofBundle | null;
}

/** The entry and, once a final (quorum-cosigned) checkpoint covers it, its proof bundle under it. */
export async function readFinalRecord(
  context: ApiContext,
  chain: ChainHandle,
  index: number,
  waitMs: number,
): Promise<FinalRecord> {
  const stored = await readStoredEntry(chain, index);
  if (waitMs > context.options.maxBundleWaitMs) {
    throw new ApiError('REQUEST_INVALID', `timeoutMs may be at most ${context.options.maxBundleWaitMs}`, {
      details: { field: 'timeoutMs', maxBundleWaitMs: context.options.maxBundleWaitMs },
    });
  }
  return { stored, bundle: await readFinalBundle(chain, index, waitMs) };
}

/** How long a certificate or registration request waits for finality: `timeoutMs` under `wait=final`, else not at all. */
export function readWaitMs(
  context: ApiContext,
  query: { wait?: 'final' | 'none' | undefined; timeoutMs?: number | undefined },
): number {
  return query.wait === 'final' ? (query.timeoutMs ?? context.options.defaultBundleWaitMs) : 0;
}

/**
 * The certificate of entry `index` once it is final (202 until then): `describe` says what it
 * certifies and where its verify page is.
 */
export async function answerEntryCertificate(
  c: Context<ApiEnv>,
  context: ApiContext,
  chain: ChainHandle,
  index: number,
  waitMs: number,
  format: 'pdf' | 'html',
  describe: (stored: StoredEntry) => Promise<{ subject: CertificateSubject; verifyUrl: string }>,
): Promise<Response> {
  const { stored, bundle } = await readFinalRecord(context, chain, index, waitMs);
  if (bundle === null) return answerPending(c, chain, index);
  const { subject, verifyUrl } = await describe(stored);
  return answerCertificate(c, context, bundle, subject, verifyUrl, format);
}

/** 202 with Retry-After: the entry exists but is not final yet. */
export function answerPending(c: Context<ApiEnv>, chain: ChainHandle, index: number): Response {
  const retryAfterMs = chain.ledger.options.integrationIntervalMs;
  c.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  c.header('cache-control', 'no-store');
  return c.json(
    { status: 'pending' as const, index, treeSize: chain.finality.latestFinal?.treeSize ?? 0, retryAfterMs },
    202,
  );
}

/** The public URL of the verify page for `subject` (a number, or `chain/index`): on the configured public base URL. */
export function locateVerifyPage(c: Context<ApiEnv>, subject: string): string {
  return `${c.get('publicBaseUrl')}/verify/${subject}`;
}

const renderCaches = new WeakMap<ApiContext, RenderCache>();

function findRenderCache(context: ApiContext): RenderCache {
  let cache = renderCaches.get(context);
  if (cache === undefined) {
    cache = new RenderCache();
    renderCaches.set(context, cache);
  }
  return cache;
}

/**
 * Renders the certificate of a final entry as PDF or HTML, through the node's render cache: the
 * same subject (status included), record and format is rendered once, not once per reader.
 */
export async function answerCertificate(
  c: Context<ApiEnv>,
  context: ApiContext,
  bundle: ProofBundle,
  subject: CertificateSubject,
  verifyUrl: string,
  format: 'pdf' | 'html',
): Promise<Response> {
  const key = keyRendering({ format, chain: bundle.chain, index: bundle.index, subject, verifyUrl });
  const bytes = await findRenderCache(context).readOrRender(key, async () => {
    const certificate = certifyBundle(bundle, context.consortium.trust, subject, { verifyUrl });
    return format === 'html'
      ? new TextEncoder().encode(renderCertificateHtml(certificate))
      : renderCertificatePdf(certificate);
  });
  const name = (subject.number ?? `${bundle.chain}-${bundle.index}`).replace(/[^A-Za-z0-9-]/g, '_');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': format === 'html' ? 'text/html; charset=UTF-8' : 'application/pdf',
    ...(format === 'pdf' ? { 'content-disposition': `inline; filename="certificate-${name}.pdf"` } : {}),
    'cache-control': 'no-cache',
    ...DOCUMENT_SECURITY_HEADERS,
  });
}

/** The OpenAPI answers of every certificate route: the PDF or HTML, 202 until final, problems. */
export function certificateResponses(format: 'pdf' | 'html') {
  return {
    200: {
      description: 'The certificate',
      content:
        format === 'pdf'
          ? { 'application/pdf': { schema: CertificatePdfSchema } }
          : { 'text/html': { schema: CertificateHtmlSchema } },
    },
    202: {
      description: 'No final checkpoint covers the entry yet; retry after Retry-After',
      content: { 'application/json': { schema: PendingSchema } },
    },
    // 409: a registration under review or rejected, or an entry that is not the registry's record.
    // 429 CERTIFICATE_RATE_LIMITED: the client's certificate requests exceed its rate (render-limit.ts).
    ...problemResponses(400, 404, 409, 429, 503),
  };
}

export function registerCertificateRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  for (const format of ['pdf', 'html'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/v1/chains/{chain}/entries/{index}/certificate.${format}`,
        tags: ['certificates'],
        summary: `The certificate of an entry (${format.toUpperCase()}, Chinese and English), once it is final`,
        description:
          "States only what this node's services recorded for exactly this entry (a registration, licence with its status, capture job or verification record); any other entry is certified as a digest on the chain and says what that does not show. Times are Beijing time with UTC beside them. The PDF embeds the proof bundle (proof-bundle.json) and the stated particulars (certificate.json) as file attachments, checked offline by `sealchain verify CERTIFICATE.pdf`. Answers are rendered once per subject, status and format and then served from a cache.",
        middleware: [limitCertificateRendering(context), requireChain(context)] as const,
        request: {
          params: EntryCertificateParamsSchema,
          query: CertificateQuerySchema,
        },
        responses: certificateResponses(format),
      }),
      async (c) => {
        const chain = c.get('chain');
        const { index } = c.req.valid('param');
        const waitMs = readWaitMs(context, c.req.valid('query'));
        return answerEntryCertificate(c, context, chain, index, waitMs, format, async (stored) => {
          const subject = await describeEntrySubject(context, chain, stored);
          return { subject, verifyUrl: locateVerifyPage(c, subject.number ?? `${chain.name}/${index}`) };
        });
      },
    );
  }
}
