import { mixHash32 } from './shingles.ts';

// One permutation hashing (Li, Owen, Zhang, "One Permutation Hashing", NIPS 2012): one hash a
// shingle splits into `binCount` bins and each bin keeps its minimum, so a signature costs one hash
// a shingle instead of one per permutation; the share of equal bins estimates the Jaccard
// similarity. Empty bins are filled by optimal densification (Shrivastava, "Optimal Densification
// for Fast and Accurate Minwise Hashing", ICML 2017): each borrows the value of the first non-empty
// bin that a fixed pseudo-random probe sequence reaches, the same sequence for every text.

const EMPTY = 0xffffffff;

const MAX_PROBES = 1 << 16;

function borrowValue(bins: Uint32Array, bin: number, binBits: number): number {
  for (let attempt = 1; attempt <= MAX_PROBES; attempt++) {
    const source = mixHash32(Math.imul(bin + 1, 0x9e3779b1) ^ attempt) >>> (32 - binBits);
    if (bins[source] !== EMPTY) return bins[source]!;
  }
  for (let step = 1; ; step++) {
    const source = (bin + step) % bins.length;
    if (bins[source] !== EMPTY) return bins[source]!;
  }
}

/** `binCount` (a power of two) minimum values of the shingles; all EMPTY for a text without shingles. */
export function computeMinHash(shingleHashes: Uint32Array, binCount: number): Uint32Array {
  const bins = new Uint32Array(binCount).fill(EMPTY);
  const binBits = Math.log2(binCount);
  for (let i = 0; i < shingleHashes.length; i++) {
    const h = shingleHashes[i]!;
    const bin = h >>> (32 - binBits);
    const value = mixHash32(h ^ 0x5bd1e995) & 0x7fffffff;
    if (value < bins[bin]!) bins[bin] = value;
  }
  if (shingleHashes.length === 0) return bins;
  const dense = bins.slice();
  for (let bin = 0; bin < binCount; bin++) {
    if (bins[bin] !== EMPTY) continue;
    dense[bin] = borrowValue(bins, bin, binBits);
  }
  return dense;
}
