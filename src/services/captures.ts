import { CaptureError, type CaptureAnchor, type CaptureJob, type CaptureService } from '../capture/index.ts';
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

/** The capture job of `unit` with this id; CAPTURE_NOT_FOUND for another unit's job, as for none. */
export async function readOwnCapture(
  captures: CaptureService | undefined,
  id: string,
  unit: string,
): Promise<CaptureJob> {
  const job = await requireCaptures(captures).readJob(id);
  if (job.unit !== unit) throw new CaptureError('CAPTURE_NOT_FOUND', `no capture ${id}`, { details: { id } });
  return job;
}

/** The capture job this node deposited as entry `index` of `chain`; null when it deposited none. */
export async function findCaptureOfEntry(
  captures: CaptureService | undefined,
  chain: string,
  index: number,
): Promise<CaptureJob | null> {
  return (await captures?.findJobByEntry(chain, index)) ?? null;
}
