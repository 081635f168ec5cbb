import { FingerprintError } from '../errors.ts';
import { popcount32 } from './popcount.ts';

/** A binary code: its bytes, most significant first (as PDQ and ISCC write them), or a bigint. */
export type HammingCode = Uint8Array | bigint;

/** Writes `code` (bits/8 bytes, or a bigint below 2^bits) as 32-bit big-endian words at `offset`. */
export function writeCodeWords(code: HammingCode, bits: number, target: Uint32Array, offset: number): void {
  const words = bits >>> 5;
  if (typeof code === 'bigint') {
    if (code < 0n || code >> BigInt(bits) !== 0n) {
      throw new FingerprintError('INDEX_INVALID', `a bigint code must lie in [0, 2^${bits})`);
    }
    let rest = code;
    for (let w = words - 1; w >= 0; w--) {
      target[offset + w] = Number(rest & 0xffffffffn);
      rest >>= 32n;
    }
    return;
  }
  if (!(code instanceof Uint8Array) || code.length * 8 !== bits) {
    throw new FingerprintError('INDEX_INVALID', `a code of this index has ${bits / 8} bytes`, {
      details: { expectedLength: bits / 8, actualLength: (code as { length?: unknown } | null)?.length },
    });
  }
  for (let w = 0; w < words; w++) {
    const i = w * 4;
    target[offset + w] = ((code[i]! << 24) | (code[i + 1]! << 16) | (code[i + 2]! << 8) | code[i + 3]!) >>> 0;
  }
}

export function codeWordsToBytes(source: Uint32Array, offset: number, words: number): Uint8Array {
  const out = new Uint8Array(words * 4);
  for (let w = 0; w < words; w++) {
    const value = source[offset + w]!;
    out[w * 4] = value >>> 24;
    out[w * 4 + 1] = (value >>> 16) & 255;
    out[w * 4 + 2] = (value >>> 8) & 255;
    out[w * 4 + 3] = value & 255;
  }
  return out;
}

/**
 * Hamming distance between the code at `offset` of `codes` and `query`; stops counting once it
 * exceeds `limit` and then returns some value above `limit`.
 */
export function computeWordsDistance(
  codes: Uint32Array,
  offset: number,
  query: Uint32Array,
  words: number,
  limit: number,
): number {
  let distance = 0;
  for (let w = 0; w < words; w++) {
    distance += popcount32(codes[offset + w]! ^ query[w]!);
    if (distance > limit) return distance;
  }
  return distance;
}
