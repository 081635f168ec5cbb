import { checkTreeSize } from './bits.ts';
import { MerkleError } from './errors.ts';
import { checkHash, type Hasher } from './hasher.ts';

/**
 * What a sequencer persists to resume a compact range: the tree size and the hashes of its peaks,
 * the perfect subtrees of rangeNodes(0, treeSize), left (largest) to right.
 */
export interface CompactRangeState {
  readonly treeSize: number;
  readonly peaks: readonly Uint8Array[];
}

function countOnes(value: number): number {
  let ones = 0;
  for (let rest = value; rest > 0; rest = Math.floor(rest / 2)) ones += rest % 2;
  return ones;
}

/**
 * The right edge of a Merkle tree in O(log n) hashes: appending a leaf costs one hash per merged
 * peak (one on average), and the root folds the peaks from the right (RFC 9162 §2.1.1).
 */
export class CompactRange {
  readonly hasher: Hasher;
  #treeSize = 0;
  readonly #peaks: Uint8Array[] = [];

  constructor(hasher: Hasher) {
    this.hasher = hasher;
  }

  /** Resumes from a saved state; COMPACT_RANGE_INVALID unless it has one peak per set bit of the size. */
  static fromState(hasher: Hasher, state: CompactRangeState): CompactRange {
    checkTreeSize(state?.treeSize, 'treeSize');
    const peaks = state.peaks;
    if (!Array.isArray(peaks) || peaks.length !== countOnes(state.treeSize)) {
      throw new MerkleError(
        'COMPACT_RANGE_INVALID',
        `a compact range of size ${state.treeSize} has ${countOnes(state.treeSize)} peaks`,
        { details: { treeSize: state.treeSize, peakCount: Array.isArray(peaks) ? peaks.length : null } },
      );
    }
    const range = new CompactRange(hasher);
    peaks.forEach((peak, i) => checkHash(hasher, peak, `peaks[${i}]`));
    range.#peaks.push(...peaks.map((peak) => peak.slice()));
    range.#treeSize = state.treeSize;
    return range;
  }

  get treeSize(): number {
    return this.#treeSize;
  }

  /** Appends one leaf hash. */
  append(leafHash: Uint8Array): void {
    checkHash(this.hasher, leafHash, 'leafHash');
    this.#appendHash(leafHash);
  }

  /** Hashes a leaf (RFC 9162 leaf hash), appends it and returns the leaf hash. */
  appendLeaf(leaf: Uint8Array): Uint8Array {
    const leafHash = this.hasher.hashLeaf(leaf);
    this.#appendHash(leafHash);
    return leafHash;
  }

  // A leaf hash that stays a peak is copied, so the caller's array is never kept.
  #appendHash(leafHash: Uint8Array): void {
    if (this.#treeSize === Number.MAX_SAFE_INTEGER) {
      throw new MerkleError('TREE_SIZE_INVALID', 'the tree is at its largest supported size, 2^53-1');
    }
    const peaks = this.#peaks;
    let hash = leafHash;
    for (let size = this.#treeSize; size % 2 === 1; size = (size - 1) / 2) {
      hash = this.hasher.hashChildren(peaks.pop()!, hash);
    }
    peaks.push(hash === leafHash ? leafHash.slice() : hash);
    this.#treeSize++;
  }

  /** The root of the tree of the current size (the empty-tree hash at size 0). */
  root(): Uint8Array {
    const peaks = this.#peaks;
    if (peaks.length === 0) return this.hasher.emptyRoot();
    let root = peaks[peaks.length - 1]!;
    for (let i = peaks.length - 2; i >= 0; i--) root = this.hasher.hashChildren(peaks[i]!, root);
    return root.slice();
  }

  /** A copy of the state, for persisting. */
  state(): CompactRangeState {
    return { treeSize: this.#treeSize, peaks: this.#peaks.map((peak) => peak.slice()) };
  }

  /** An independent copy of this range. */
  clone(): CompactRange {
    return CompactRange.fromState(this.hasher, this.state());
  }
}

/** The root of the tree whose leaf hashes are given, in order. */
export function computeRoot(hasher: Hasher, leafHashes: Iterable<Uint8Array>): Uint8Array {
  const range = new CompactRange(hasher);
  for (const leafHash of leafHashes) range.append(leafHash);
  return range.root();
}

/** Number of peaks a compact range of `treeSize` leaves holds. */
export function countPeaks(treeSize: number): number {
  checkTreeSize(treeSize, 'treeSize');
  return countOnes(treeSize);
}
