import { bytesToHex, bytesToUtf8 } from '../crypto/index.ts';
import type { StoredCheckpoint, StoredEntry } from '../ledger/index.ts';
import { BUNDLE_FORMAT, type ProofBundle } from '../verify/index.ts';
import type { ChainHandle } from './context.ts';

/**
 * The proof bundle of a stored entry under `checkpoint` (which must cover it), in the format
 * src/verify checks offline (DESIGN.md "Proof bundle").
 */
export async function buildProofBundle(
  chain: ChainHandle,
  stored: StoredEntry,
  checkpoint: StoredCheckpoint,
): Promise<ProofBundle> {
  const proof = await chain.ledger.proveInclusion(stored.leafIndex, checkpoint.treeSize);
  return {
    format: BUNDLE_FORMAT,
    chain: chain.name,
    origin: chain.origin,
    index: stored.leafIndex,
    entry: bytesToUtf8(stored.entry),
    leafHash: bytesToHex(stored.leafHash),
    treeSize: checkpoint.treeSize,
    inclusionProof: proof.hashes.map((hash) => bytesToHex(hash)),
    checkpoint: checkpoint.note,
    receipt: stored.receipt,
  };
}

/** The id an entry is known by in answers: `<chain>:<index>`. */
export function formatEntryId(chain: string, leafIndex: number): string {
  return `${chain}:${leafIndex}`;
}
