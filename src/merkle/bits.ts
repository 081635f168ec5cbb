import { MerkleError } from './errors.ts';

// Integer helpers for tree sizes and indexes held in `number`: exact for every safe integer
// (below 2^53), where JavaScript's bitwise operators only see 32 bits.

const TWO_POW_32 = 2 ** 32;

/** Number of bits needed to write `value` (0 for 0). */
export function bitLength(value: number): number {
  if (value < TWO_POW_32) return 32 - Math.clz32(value);
  return 64 - Math.clz32(Math.floor(value / TWO_POW_32));
}

/** Number of trailing zero bits of `value`, which must be positive. */
export function trailingZeros(value: number): number {
  const low = value % TWO_POW_32;
  if (low !== 0) return 31 - Math.clz32(low & -low);
  return 32 + trailingZeros(Math.floor(value / TWO_POW_32));
}

export function isPowerOfTwo(value: number): boolean {
  return value > 0 && 2 ** (bitLength(value) - 1) === value;
}

/** The largest power of two strictly less than `value`, which must be at least 2 (RFC 9162 §2.1.1). */
export function largestPowerOfTwoBelow(value: number): number {
  return 2 ** (bitLength(value - 1) - 1);
}

export function isTreeSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function checkTreeSize(value: unknown, name: string): asserts value is number {
  if (!isTreeSize(value)) {
    throw new MerkleError('TREE_SIZE_INVALID', `${name} must be an integer from 0 to 2^53-1`, {
      details: { [name]: String(value) },
    });
  }
}

export function checkLeafIndex(leafIndex: unknown, treeSize: number): asserts leafIndex is number {
  if (!isTreeSize(leafIndex) || leafIndex >= treeSize) {
    throw new MerkleError(
      'INDEX_OUT_OF_RANGE',
      `leaf index ${String(leafIndex)} is not an index of a tree of size ${treeSize}`,
      { details: { leafIndex: String(leafIndex), treeSize } },
    );
  }
}
