/** A checkpoint as far as finality goes: its size and whether it carries its quorum of cosignatures. */
export interface FinalityHead {
  readonly treeSize: number;
  /** True once the cosignatures of independent witnesses reach the chain's quorum. */
  readonly final: boolean;
}

/**
 * Whether entry `leafIndex` is final under `head` (DESIGN.md "The chain": an entry is final once a
 * checkpoint that covers it carries a quorum of cosignatures). A chain whose quorum is 0 needs no
 * witness: its signed checkpoints are final as soon as they cover the entry. Every answer that
 * calls an entry final (bundles, certificates, registrations, captures, verify pages) asks here.
 */
export function isEntryFinal(head: FinalityHead | null, leafIndex: number, quorum: number): boolean {
  if (head === null || !Number.isSafeInteger(leafIndex) || leafIndex < 0) return false;
  if (head.treeSize <= leafIndex) return false;
  return head.final || quorum === 0;
}
