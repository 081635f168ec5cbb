import { bytesToHex } from '../crypto/index.ts';
import type { AnchorProof, ProofBundle, TrustedChain } from '../verify/index.ts';
import type { PeerClient } from './peer-client.ts';

// The cross-chain anchors of a bundle (src/verify AnchorProof): for each other chain, the first
// anchor there of one of this chain's final checkpoints that covers the entry; the proof of the
// entry under that checkpoint (from this chain's tree); and the final bundle of the anchor entry,
// fetched from the other chain's node.

export interface AnchoringChain {
  readonly chain: TrustedChain;
  readonly peer: PeerClient;
}

export interface AnchorProofSource {
  /** The chain of the entries. */
  readonly chain: TrustedChain;
  /** The chains that anchor this one's checkpoints, with their nodes. */
  readonly anchoringChains: readonly AnchoringChain[];
  /** RFC 9162 inclusion proof of `leafIndex` in this chain's tree of `treeSize`. */
  readonly proveInclusion: (leafIndex: number, treeSize: number) => Promise<readonly Uint8Array[]>;
}

async function readAnchorProof(
  source: AnchorProofSource,
  anchoring: AnchoringChain,
  leafIndex: number,
  waitMs: number,
): Promise<AnchorProof | null> {
  const anchor = await anchoring.peer.readCoveringAnchor(anchoring.chain.name, source.chain.name, leafIndex);
  if (anchor === null || anchor.anchoredOrigin !== source.chain.origin) return null;
  const answer = await anchoring.peer.readBundle(anchoring.chain.name, anchor.leafIndex, waitMs);
  if (answer.status !== 'ready') return null;
  const proof = await source.proveInclusion(leafIndex, anchor.anchoredTreeSize);
  return {
    checkpoint: anchor.checkpoint,
    inclusionProof: proof.map((hash) => bytesToHex(hash)),
    bundle: answer.bundle as ProofBundle,
  };
}

/**
 * The anchors of entry `leafIndex` available now, one per anchoring chain that has one (an
 * anchor entry not final yet is waited for up to `waitMs`). Rejects PEER_UNAVAILABLE when a
 * node cannot be asked.
 */
export async function collectAnchorProofs(
  source: AnchorProofSource,
  leafIndex: number,
  waitMs: number,
): Promise<AnchorProof[]> {
  const proofs = await Promise.all(
    source.anchoringChains.map((anchoring) => readAnchorProof(source, anchoring, leafIndex, waitMs)),
  );
  return proofs.filter((proof): proof is AnchorProof => proof !== null);
}

/**
 * Like collectAnchorProofs, but asks again every `pollMs` until every anchoring chain has an
 * anchor of the entry or `timeoutMs` passes; resolves what it has then.
 */
export async function waitForAnchorProofs(
  source: AnchorProofSource,
  leafIndex: number,
  timeoutMs: number,
  pollMs = 250,
): Promise<AnchorProof[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const remainingMs = Math.max(0, Math.floor(deadline - performance.now()));
    const proofs = await collectAnchorProofs(source, leafIndex, remainingMs);
    if (proofs.length >= source.anchoringChains.length || remainingMs <= pollMs) return proofs;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
