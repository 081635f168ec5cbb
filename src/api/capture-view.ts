import { readKeyLabel } from '../accounts/index.ts';
import { describeCaptureProgress, type CaptureJob } from '../capture/index.ts';
import { formatEntryId, readProofBundle } from '../services/index.ts';
import type { CaptureSummary } from './contract/index.ts';
import type { ApiContext } from './context.ts';

// How the captures API shows a capture job: whole (GET /v1/captures/{id}, with its proof bundle)
// or as a line of the caller's list (GET /v1/me/captures, with the URLs of what it produced).

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

export async function viewJob(context: ApiContext, job: CaptureJob) {
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
    entry: describeCaptureEntry(job),
    bundle: await readStoredBundle(context, job),
    error: job.error,
  };
}

/** The chain entry a capture was deposited as, once it was. */
function describeCaptureEntry(job: CaptureJob) {
  if (job.anchor === null) return null;
  const { chain, index, time } = job.anchor;
  return { chain, index, id: formatEntryId(chain, index), time };
}

/** A capture as a line of its owner's list: what it is, how far it got, and where its results are. */
export function summarizeCapture(job: CaptureJob, owner: string): CaptureSummary {
  const result = job.result;
  const files = result?.package?.files ?? [];
  const hasScreenshot = files.some((file) => file.path === 'attachments/screenshot.png');
  const entry = describeCaptureEntry(job);
  return {
    id: job.id,
    url: job.url,
    status: job.status,
    state: result?.state ?? null,
    phase: job.phase,
    progress: describeCaptureProgress(job),
    principal: job.unit,
    key: readKeyLabel(owner, job.unit),
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    title: result?.title ?? null,
    reasons: result?.reasons ?? [],
    package:
      result?.package === undefined
        ? null
        : {
            bytes: result.package.bytes,
            digest: result.package.digest,
            url: `/v1/captures/${job.id}/package`,
          },
    screenshot: hasScreenshot ? `/v1/captures/${job.id}/attachments/screenshot.png` : null,
    entry,
    certificate:
      entry === null
        ? null
        : `/v1/chains/${encodeURIComponent(entry.chain)}/entries/${entry.index}/certificate.pdf`,
    error: job.error,
  };
}
