import type { Hasher } from '../hasher.ts';

// A test-only reference for the optimised code: every perfect subtree is computed up front by
// pairing neighbours, and everything else follows the recursive definitions of RFC 9162 §2.1
// (MTH, PATH, PROOF/SUBPROOF) literally. It shares no code with the module under test.

function largestPowerOfTwoLessThan(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPerfectSize(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

export class ReferenceTree {
  readonly hasher: Hasher;
  readonly size: number;
  /** levels[l] holds the perfect subtrees of 2^l leaves, concatenated. */
  readonly #levels: Uint8Array[] = [];

  constructor(hasher: Hasher, leafHashes: Uint8Array | readonly Uint8Array[]) {
    this.hasher = hasher;
    const h = hasher.size;
    const leaves =
      leafHashes instanceof Uint8Array
        ? leafHashes
        : Uint8Array.from(leafHashes.flatMap((leaf) => [...leaf]));
    this.size = leaves.length / h;
    this.#levels.push(leaves);
    for (let count = Math.floor(this.size / 2); count >= 1; count = Math.floor(count / 2)) {
      const below = this.#levels[this.#levels.length - 1]!;
      const level = new Uint8Array(count * h);
      for (let i = 0; i < count; i++) {
        const left = below.subarray(2 * i * h, (2 * i + 1) * h);
        const right = below.subarray((2 * i + 1) * h, (2 * i + 2) * h);
        level.set(hasher.hashChildren(left, right), i * h);
      }
      this.#levels.push(level);
    }
  }

  leafHash(index: number): Uint8Array {
    return this.node(0, index);
  }

  /** The perfect subtree at `level` covering leaves [index·2^level, (index+1)·2^level). */
  node(level: number, index: number): Uint8Array {
    const h = this.hasher.size;
    const row = this.#levels[level];
    if (row === undefined || (index + 1) * h > row.length) throw new Error(`no node (${level}, ${index})`);
    return row.slice(index * h, (index + 1) * h);
  }

  /** MTH(D[begin:end]). */
  mth(begin: number, end: number): Uint8Array {
    const n = end - begin;
    if (n === 0) return this.hasher.emptyRoot();
    if (isPerfectSize(n)) return this.node(Math.log2(n), begin / n);
    const k = largestPowerOfTwoLessThan(n);
    return this.hasher.hashChildren(this.mth(begin, begin + k), this.mth(begin + k, end));
  }

  root(treeSize: number): Uint8Array {
    return this.mth(0, treeSize);
  }

  /** PATH(m, D[0:n]). */
  inclusionPath(m: number, n: number): Uint8Array[] {
    const path = (m: number, begin: number, end: number): Uint8Array[] => {
      const size = end - begin;
      if (size === 1) return [];
      const k = largestPowerOfTwoLessThan(size);
      return m < k
        ? [...path(m, begin, begin + k), this.mth(begin + k, end)]
        : [...path(m - k, begin + k, end), this.mth(begin, begin + k)];
    };
    return path(m, 0, n);
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
  consistencyProof(m: number, n: number): Uint8Array[] {
    const subproof = (m: number, begin: number, end: number, b: boolean): Uint8Array[] => {
      const size = end - begin;
      if (m === size) return b ? [] : [this.mth(begin, end)];
      const k = largestPowerOfTwoLessThan(size);
      return m <= k
        ? [...subproof(m, begin, begin + k, b), this.mth(begin + k, end)]
        : [...subproof(m - k, begin + k, end, false), this.mth(begin, begin + k)];
    };
    return subproof(m, 0, n, true);
  }
}

/** MTH of the leaf hashes straight from the RFC 9162 §2.1.1 definition, recomputing everything. */
export function naiveRoot(hasher: Hasher, leafHashes: readonly Uint8Array[]): Uint8Array {
  const n = leafHashes.length;
  if (n === 0) return hasher.emptyRoot();
  if (n === 1) return leafHashes[0]!;
  const k = largestPowerOfTwoLessThan(n);
  return hasher.hashChildren(
    naiveRoot(hasher, leafHashes.slice(0, k)),
    naiveRoot(hasher, leafHashes.slice(k)),
  );
}

/** The 8-byte big-endian encoding of `index`, the leaf data the property tests use. */
export function uint64Leaf(index: number): Uint8Array {
  const leaf = new Uint8Array(8);
  new DataView(leaf.buffer).setBigUint64(0, BigInt(index));
  return leaf;
}
