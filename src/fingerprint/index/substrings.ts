// Norouzi, Punjani, Fleet, "Fast Exact Search in Hamming Space with Multi-Index Hashing", IEEE TPAMI
// 36(6), 2014: a code is cut into m disjoint substrings; two codes within distance r agree to within
// ⌊r/m⌋ bits on at least one substring (pigeonhole), so probing each substring's table with every
// value near the query's substring finds every candidate.

/** The largest substring the tables address directly (2^24 list heads per table). */
export const MAX_SUBSTRING_BITS = 24;

export interface Substring {
  /** First bit, counting from the most significant bit of word 0. */
  start: number;
  length: number;
}

/** Cuts `bits` into `count` contiguous substrings whose lengths differ by at most one. */
export function planSubstrings(bits: number, count: number): Substring[] {
  const base = Math.floor(bits / count);
  const longer = bits % count;
  const plan: Substring[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const length = base + (i < longer ? 1 : 0);
    plan.push({ start, length });
    start += length;
  }
  return plan;
}

/** The value of a substring of a code stored as big-endian 32-bit words at `offset`. */
export function readSubstring(words: Uint32Array, offset: number, substring: Substring): number {
  const word = offset + (substring.start >>> 5);
  const bit = substring.start & 31;
  const end = bit + substring.length;
  if (end <= 32) return (words[word]! >>> (32 - end)) & ((1 << substring.length) - 1);
  const lowLength = end - 32;
  const high = words[word]! & ((1 << (32 - bit)) - 1);
  return ((high << lowLength) | (words[word + 1]! >>> (32 - lowLength))) >>> 0;
}

const maskCache = new Map<number, Uint32Array>();

/** Every `length`-bit value with exactly `weight` bits set, in increasing order (Gosper's hack). */
export function listMasksOfWeight(length: number, weight: number): Uint32Array {
  const key = length * 64 + weight;
  const cached = maskCache.get(key);
  if (cached !== undefined) return cached;
  const masks = new Uint32Array(countCombinations(length, weight));
  if (weight === 0) {
    masks[0] = 0;
  } else {
    let value = 2 ** weight - 1;
    for (let i = 0; i < masks.length; i++) {
      masks[i] = value;
      const lowest = value & -value;
      const ripple = value + lowest;
      value = ripple + Math.floor((value ^ ripple) / lowest / 4);
    }
  }
  maskCache.set(key, masks);
  return masks;
}

export function countCombinations(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) result = (result * (n - i + 1)) / i;
  return Math.round(result);
}
