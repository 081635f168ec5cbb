import {
  CaptureError,
  type CaptureAnchor,
  type CaptureJob,
  type CaptureJobCursor,
  type CaptureJobStatus,
  type CaptureService,
} from '../capture/index.ts';
import type { ChainHandle } from './chain.ts';
import { ServiceError } from './errors.ts';
import { readProofBundle } from './proof-bundles.ts';

// Web evidence capture (取证): the capture service of the evidence chain's node (opened by
// src/node) anchors each package as a `capture` entry and reads its bundle through the one
// bundle reader.

/**
 * How the capture service writes to and reads from `chain`: a `capture` entry signed with the
 * node's service key, and its bundle under a final checkpoint when one comes within the wait (under
 * the latest signed one otherwise; at once on a chain without witnesses).
 */
export function createCaptureAnchor(
  chain: ChainHandle,
  countEntries: (chain: string, count: number) => void,
): CaptureAnchor {
  return {
    hashAlgorithm: chain.hashAlgorithm,
    async depositCapture(request) {
      const [receipt] = await chain.ledger.appendBatch([
        chain.signEntry({
          type: 'capture',
          digest: request.digest,
          unit: request.unit,
          meta: request.meta,
          idempotencyKey: request.idempotencyKey,
        }),
      ]);
      if (!receipt!.replayed) countEntries(chain.name, 1);
      return { chain: chain.name, index: receipt!.leafIndex, time: receipt!.time };
    },
    async readBundle(index, waitMs) {
      const read =
        chain.trusted.quorum === 0
          ? await readProofBundle(chain, index, 'integrated', waitMs)
          : ((await readProofBundle(chain, index, 'final', waitMs)) ??
            (await readProofBundle(chain, index, undefined, 0)));
      return read === null ? null : read.bundle;
    },
    readChainTime: async () => new Date().toISOString(),
  };
}

/** The node's capture service; ROUTE_NOT_FOUND on a node that does not capture. */
export function requireCaptures(captures: CaptureService | undefined): CaptureService {
  if (captures === undefined) {
    throw new ServiceError(
      'ROUTE_NOT_FOUND',
      "this node does not capture web pages (the evidence chain's node does)",
    );
  }
  return captures;
}

/**
 * The capture job with this id when one of `names` (the caller and its API keys) asked for it;
 * CAPTURE_NOT_FOUND for another unit's job, as for none.
 */
export async function readOwnCapture(
  captures: CaptureService | undefined,
  id: string,
  names: readonly string[],
): Promise<CaptureJob> {
  const job = await requireCaptures(captures).readJob(id);
  if (!names.includes(job.unit)) {
    throw new CaptureError('CAPTURE_NOT_FOUND', `no capture ${id}`, { details: { id } });
  }
  return job;
}

export interface OwnCapturesRequest {
  /** The names the caller acts under: its own and its keys' (listOwnPrincipalNames). */
  names: readonly string[];
  status?: CaptureJobStatus;
  /** The `next` of the previous page; null for the first page. */
  cursor: string | null;
  limit: number;
}

export interface OwnCapturesPage {
  captures: CaptureJob[];
  /** The cursor of the next (older) page; null on the last. */
  next: string | null;
}

// A listing cursor is the last job listed: `<createdAt>_<id>`, both as the API shows them.
const CAPTURE_CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The position a capture cursor names; REQUEST_INVALID (field `cursor`) for one this API did not make. */
export function parseCaptureCursor(text: string): CaptureJobCursor {
  const match = CAPTURE_CURSOR.exec(text);
  if (match === null || Number.isNaN(Date.parse(match[1]!))) {
    throw new ServiceError('REQUEST_INVALID', 'the cursor is not one this API returned', {
      details: { field: 'cursor' },
    });
  }
  return { createdAt: match[1]!, id: match[2]! };
}

/** The caller's captures (and its keys'), newest first, a page at a time. */
export async function listOwnCaptures(
  captures: CaptureService | undefined,
  request: OwnCapturesRequest,
): Promise<OwnCapturesPage> {
  const service = requireCaptures(captures);
  const after = request.cursor === null ? null : parseCaptureCursor(request.cursor);
  const jobs = await service.listJobs({
    units: request.names,
    ...(request.status === undefined ? {} : { status: request.status }),
    after,
    limit: request.limit + 1,
  });
  const page = jobs.slice(0, request.limit);
  const last = page.at(-1);
  return {
    captures: page,
    next: jobs.length > request.limit && last !== undefined ? `${last.createdAt}_${last.id}` : null,
  };
}

/** The capture job this node deposited as entry `index` of `chain`; null when it deposited none. */
export async function findCaptureOfEntry(
  captures: CaptureService | undefined,
  chain: string,
  index: number,
): Promise<CaptureJob | null> {
  return (await captures?.findJobByEntry(chain, index)) ?? null;
}
