import type { NormalizedText } from './normalize.ts';

/** Which overlapping pieces of a normalised text are compared. */
export interface ShingleOptions {
  /**
   * Lengths (characters) of the CJK character n-grams. Bigrams: most Chinese words are two
   * characters, and on the test corpus longer n-grams lost more to synonym substitution than they
   * gained against unrelated texts on the same topic.
   */
  cjkLengths: readonly number[];
  /**
   * Length (characters) of the n-grams over the other words, written without spaces; at 4, common
   * English letter groups made unrelated texts look alike.
   */
  latinLength: number;
}

export const DEFAULT_SHINGLES: Readonly<ShingleOptions> = Object.freeze({ cjkLengths: [2], latinLength: 5 });

// MurmurHash3's 32-bit finaliser (Appleby, smhasher): full avalanche for a few operations.
export function mixHash32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const ROLLING_BASE = 0x01000193;

function powerOfBase(exponent: number): number {
  let power = 1;
  for (let i = 0; i < exponent; i++) power = Math.imul(power, ROLLING_BASE);
  return power;
}

// Karp–Rabin rolling hash over code points (mod 2^32), finished by a mix so bins fill evenly.
function appendNgramHashes(codePoints: Uint32Array, length: number, kind: number, out: HashList): void {
  if (length === 0 || codePoints.length < length) return;
  const seed = Math.imul(kind * 31 + length, 0x9e3779b1);
  const drop = powerOfBase(length);
  let h = 0;
  for (let i = 0; i < codePoints.length; i++) {
    h = (Math.imul(h, ROLLING_BASE) + codePoints[i]!) | 0;
    if (i >= length) h = (h - Math.imul(codePoints[i - length]!, drop)) | 0;
    if (i >= length - 1) out.add(mixHash32(h ^ seed));
  }
}

// An open-addressing set of 32-bit hashes; the value 0 is tracked apart as the empty marker.
class HashList {
  #table: Uint32Array;
  #count = 0;
  #hasZero = false;

  constructor(expected: number) {
    this.#table = new Uint32Array(2 ** Math.ceil(Math.log2(Math.max(16, expected * 2))));
  }

  add(hash: number): void {
    if (hash === 0) {
      if (!this.#hasZero) this.#count++;
      this.#hasZero = true;
      return;
    }
    const table = this.#table;
    const mask = table.length - 1;
    for (let i = Math.imul(hash, 0x9e3779b1) >>> 0; ; i++) {
      const slot = i & mask;
      if (table[slot] === 0) {
        table[slot] = hash;
        this.#count++;
        return;
      }
      if (table[slot] === hash) return;
    }
  }

  toArray(): Uint32Array {
    const out = new Uint32Array(this.#count);
    let n = 0;
    if (this.#hasZero) out[n++] = 0;
    for (const value of this.#table) if (value !== 0) out[n++] = value;
    return out;
  }
}

function toCodePoints(text: string): Uint32Array {
  const points = new Uint32Array(text.length);
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const point = text.codePointAt(i)!;
    points[count++] = point;
    if (point > 0xffff) i++;
  }
  return points.subarray(0, count);
}

/**
 * Distinct 32-bit hashes of every shingle of the text: CJK character n-grams and
 * character n-grams of the other words; a text shorter than a shingle gives one shingle of its
 * whole length.
 */
export function hashShingles(text: NormalizedText, options: ShingleOptions = DEFAULT_SHINGLES): Uint32Array {
  const cjk = toCodePoints(text.cjk);
  const latin = toCodePoints(text.words.join(''));
  const hashes = new HashList(cjk.length * options.cjkLengths.length + latin.length);
  for (const length of options.cjkLengths) appendNgramHashes(cjk, Math.min(length, cjk.length), 1, hashes);
  appendNgramHashes(latin, Math.min(options.latinLength, latin.length), 2, hashes);
  return hashes.toArray();
}
