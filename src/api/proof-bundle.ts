import { bytesToHex, bytesToUtf8 } from '../crypto/index.ts';
import type { StoredCheckpoint, StoredEntry } from '../ledger/index.ts';
import { BUNDLE_FORMAT, type ProofBundle } from '../verify/index.ts';
import type { ChainHandle } from './context.ts';
import { ApiError } from './errors.ts';

/**
 * The proof bundle of a stored entry under `checkpoint` (which must cover it), in the format
 * src/verify checks offline (DESIGN.md "Proof bundle"). The proof comes from the ledger's cached
 * tiles.
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

/** A stored entry through the ledger's cache; ENTRY_NOT_FOUND beyond the chain's size. */
export async function readStoredEntry(chain: ChainHandle, leafIndex: number): Promise<StoredEntry> {
  const size = chain.ledger.size;
  if (leafIndex < size) return chain.ledger.readEntry(leafIndex);
  throw new ApiError('ENTRY_NOT_FOUND', `chain ${chain.name} has no entry ${leafIndex}`, {
    details: { index: leafIndex, size },
  });
}

/** The id an entry is known by in answers: `<chain>:<index>`. */
export function formatEntryId(chain: string, leafIndex: number): string {
  return `${chain}:${leafIndex}`;
}
