import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  certifyBundle,
  renderCertificateHtml,
  renderCertificatePdf,
  type CertificateSubject,
} from '../../certificate/index.ts';
import { bytesToUtf8 } from '../../crypto/index.ts';
import type { StoredEntry } from '../../ledger/index.ts';
import {
  describeLicenseCertificate,
  describeRevocationCertificate,
  describeWorkCertificate,
} from '../../registry/index.ts';
import type { ProofBundle } from '../../verify/index.ts';
import { requireChain } from '../chain-lookup.ts';
import type { ApiContext, ApiEnv, ChainHandle } from '../context.ts';
import { ApiError } from '../errors.ts';
import { buildProofBundle, readStoredEntry } from '../proof-bundle.ts';
import { ChainParamSchema, IndexParamSchema, PendingSchema } from '../schemas.ts';
import { problemResponses } from './problem-responses.ts';

// Certificates of entries of any chain (evidence deposits, captures, works, licences): issued only
// for an entry under a final checkpoint, after its bundle verified against the consortium file.

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
  const latest = chain.finality.latestFinal;
  const head =
    latest !== null && latest.treeSize > index
      ? latest
      : waitMs > 0
        ? await chain.finality.waitForFinal(index + 1, waitMs)
        : null;
  if (head === null || head.treeSize <= index) return { stored, bundle: null };
  return { stored, bundle: await buildProofBundle(chain, stored, head) };
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

function readEntryJson(stored: StoredEntry): { type: string; meta: Record<string, unknown> } {
  return JSON.parse(bytesToUtf8(stored.entry)) as { type: string; meta: Record<string, unknown> };
}

/** What the certificate of an entry says: the registration or licence it records, or the deposit itself. */
export async function describeEntrySubject(
  context: ApiContext,
  stored: StoredEntry,
): Promise<CertificateSubject> {
  const entry = readEntryJson(stored);
  const works = context.works;
  const numberOf = (key: string) =>
    typeof entry.meta[key] === 'string' ? (entry.meta[key] as string) : undefined;
  if (works !== undefined) {
    try {
      if (entry.type === 'work' && numberOf('number') !== undefined) {
        return describeWorkCertificate(await works.registry.readWork(numberOf('number')!));
      }
      const licenseNumber = entry.type === 'license' ? numberOf('number') : numberOf('license');
      if ((entry.type === 'license' || entry.type === 'license-revocation') && licenseNumber !== undefined) {
        const license = await works.licenses.readLicense(licenseNumber);
        const work = await works.registry.readWork(license.workNumber);
        return entry.type === 'license'
          ? describeLicenseCertificate(license, work.metadata.title)
          : describeRevocationCertificate(license, work.metadata.title);
      }
    } catch {
      // An entry whose registration is not in this node's registry is certified as a plain entry.
    }
  }
  const title = numberOf('title') ?? numberOf('url') ?? numberOf('name');
  const kind = entry.type === 'evidence' ? 'evidence' : entry.type === 'capture' ? 'capture' : 'entry';
  return title === undefined ? { kind } : { kind, title };
}

/** Renders the certificate of a final entry as PDF or HTML. */
export async function answerCertificate(
  c: Context<ApiEnv>,
  context: ApiContext,
  bundle: ProofBundle,
  subject: CertificateSubject,
  verifyUrl: string,
  format: 'pdf' | 'html',
): Promise<Response> {
  const certificate = certifyBundle(bundle, context.consortium.trust, subject, { verifyUrl });
  if (format === 'html') {
    return c.html(renderCertificateHtml(certificate), 200, { 'cache-control': 'no-cache' });
  }
  const pdf = await renderCertificatePdf(certificate);
  const name = (certificate.number ?? `${bundle.chain}-${bundle.index}`).replace(/[^A-Za-z0-9-]/g, '_');
  return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="certificate-${name}.pdf"`,
    'cache-control': 'no-cache',
  });
}

/** The OpenAPI answers of every certificate route: the PDF or HTML, 202 until final, problems. */
export function certificateResponses(format: 'pdf' | 'html') {
  return {
    200: {
      description: 'The certificate',
      content:
        format === 'pdf'
          ? { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } }
          : { 'text/html': { schema: z.string() } },
    },
    202: {
      description: 'No final checkpoint covers the entry yet; retry after Retry-After',
      content: { 'application/json': { schema: PendingSchema } },
    },
    ...problemResponses(400, 404, 503),
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
        middleware: [requireChain(context)] as const,
        request: {
          params: z.object({ chain: ChainParamSchema, index: IndexParamSchema }),
          query: CertificateQuerySchema,
        },
        responses: certificateResponses(format),
      }),
      async (c) => {
        const chain = c.get('chain');
        const { index } = c.req.valid('param');
        const { wait, timeoutMs } = c.req.valid('query');
        const waitMs = wait === 'final' ? (timeoutMs ?? context.options.defaultBundleWaitMs) : 0;
        const { stored, bundle } = await readFinalRecord(context, chain, index, waitMs);
        if (bundle === null) return answerPending(c, chain, index);
        const subject = await describeEntrySubject(context, stored);
        const verifyUrl = locateVerifyPage(c, subject.number ?? `${chain.name}/${index}`);
        return answerCertificate(c, context, bundle, subject, verifyUrl, format);
      },
    );
  }
}
