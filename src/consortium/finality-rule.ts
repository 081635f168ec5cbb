import { equalBytes } from '../crypto/index.ts';
import { addCosignatures, type NoteSignature } from '../note/index.ts';
import { isQuorumReached, type TrustedChain } from '../verify/index.ts';
import { ConsortiumError } from './errors.ts';
import type { CosignedTreeHead } from './finality-storage.ts';
import type { SignedCheckpoint } from './witness-lane.ts';

// When a checkpoint is final (DESIGN.md "Checkpoint"): once it carries cosignatures of a quorum
// of independent witnesses of its chain — organisations other than the sequencer's — by the one
// rule the offline verifier applies (isQuorumReached of src/verify/independent-quorum.ts). The
// rule is applied to what storage holds, inside the transaction that adds a cosignature, so a
// count in memory can never make a checkpoint final that storage does not show as such.

/** The version of `checkpoint` to store before any witness cosigned it. */
export function toUncosignedHead(checkpoint: SignedCheckpoint): CosignedTreeHead {
  return {
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
    note: checkpoint.note,
    cosigners: [],
    final: false,
  };
}

/**
 * The stored version of `checkpoint` with `cosignatures` (verified, by witness name) added: the
 * note carries every cosignature, the cosigners are the union, and it is final once the union
 * reaches the quorum (a final version stays final). Adding a cosignature already there changes
 * nothing. Throws CHECKPOINT_ROOT_MISMATCH when storage holds another root for the size.
 */
export function addWitnessCosignatures(
  chain: TrustedChain,
  stored: CosignedTreeHead,
  checkpoint: SignedCheckpoint,
  cosignatures: ReadonlyMap<string, NoteSignature>,
): CosignedTreeHead {
  if (stored.treeSize !== checkpoint.treeSize || !equalBytes(stored.rootHash, checkpoint.rootHash)) {
    throw new ConsortiumError(
      'CHECKPOINT_ROOT_MISMATCH',
      `storage holds another checkpoint of size ${checkpoint.treeSize} of ${chain.origin} than the ledger signed`,
      { details: { origin: chain.origin, treeSize: checkpoint.treeSize } },
    );
  }
  const cosigners = [...new Set([...stored.cosigners, ...cosignatures.keys()])];
  return {
    treeSize: stored.treeSize,
    rootHash: stored.rootHash,
    note: addCosignatures(stored.note, [...cosignatures.values()]),
    cosigners,
    final: stored.final || isQuorumReached(chain, cosigners),
  };
}
