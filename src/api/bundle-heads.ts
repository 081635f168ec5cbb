import type { CosignedTreeHead } from '../consortium/index.ts';
import type { ChainHandle } from './context.ts';

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

export type BundleWait = 'integrated' | 'final';

function coveringFinal(chain: ChainHandle, treeSize: number): CosignedTreeHead | null {
  const head = chain.finality.latestFinal;
  return head !== null && head.treeSize >= treeSize ? head : null;
}

/**
 * The head that covers entry `leafIndex`: waits up to `timeoutMs` for a final one (`final`) or an
 * integrated one (`integrated`), or answers at once; null when none covers it.
 */
export async function readBundleHead(
  chain: ChainHandle,
  leafIndex: number,
  wait: BundleWait | undefined,
  timeoutMs: number,
): Promise<BundleHead | null> {
  const treeSize = leafIndex + 1;
  if (wait === 'final') return chain.finality.waitForFinal(treeSize, timeoutMs);
  const final = coveringFinal(chain, treeSize);
  if (final !== null) return final;
  const checkpoint =
    wait === 'integrated'
      ? await chain.watcher.waitFor(treeSize, timeoutMs)
      : await chain.watcher.readCovering(treeSize);
  if (checkpoint === null || checkpoint.treeSize < treeSize) return null;
  const finalNow = coveringFinal(chain, treeSize);
  if (finalNow !== null) return finalNow;
  const gathered = chain.finality.readHead(checkpoint.treeSize);
  const quorumZero = chain.trusted.quorum === 0;
  return gathered === null
    ? { ...checkpoint, final: quorumZero }
    : { ...gathered, final: gathered.final || quorumZero };
}
