import type { CosignedTreeHead } from '../consortium/index.ts';
import type { ChainHandle } from './chain.ts';
import { isEntryFinal } from './finality.ts';

// Which checkpoint a bundle is built under: the latest final one (quorum-cosigned) when it covers
// the entry, since that is what verifies offline; otherwise the latest signed one with whatever
// cosignatures it has gathered, marked not final.

export interface BundleHead {
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  /** The checkpoint note with its cosignatures. */
  readonly note: string;
  readonly final: boolean;
}

/** `integrated`: wait for any checkpoint covering the entry; `final`: wait for a final one. */
export type BundleWait = 'integrated' | 'final';

function coveringFinal(chain: ChainHandle, leafIndex: number): CosignedTreeHead | null {
  const head = chain.finality.latestFinal;
  return isEntryFinal(head, leafIndex, chain.trusted.quorum) ? head : null;
}

/**
 * The head that covers entry `leafIndex`: waits up to `timeoutMs` for a final one (`final`) or an
 * integrated one (`integrated`), or answers at once; null when none covers it. Under `final`, a
 * head is returned only when the entry is final under it.
 */
export async function readBundleHead(
  chain: ChainHandle,
  leafIndex: number,
  wait: BundleWait | undefined,
  timeoutMs: number,
): Promise<BundleHead | null> {
  const treeSize = leafIndex + 1;
  const quorum = chain.trusted.quorum;
  if (wait === 'final') {
    const head = await chain.finality.waitForFinal(treeSize, timeoutMs);
    return isEntryFinal(head, leafIndex, quorum) ? head : null;
  }
  const final = coveringFinal(chain, leafIndex);
  if (final !== null) return final;
  const checkpoint =
    wait === 'integrated'
      ? await chain.watcher.waitFor(treeSize, timeoutMs)
      : await chain.watcher.readCovering(treeSize);
  if (checkpoint === null || checkpoint.treeSize < treeSize) return null;
  const finalNow = coveringFinal(chain, leafIndex);
  if (finalNow !== null) return finalNow;
  const gathered = chain.finality.readHead(checkpoint.treeSize);
  const head = gathered ?? { ...checkpoint, final: false };
  return { ...head, final: isEntryFinal(head, leafIndex, quorum) };
}
