import { encodeUnit, requireUnitBits } from './codec.ts';
import { inputError } from './input.ts';
import { computeSimhash } from './simhash.ts';
import { ContentSubType, MainType } from './types.ts';

// ISO 24138:2024 §6.6 (Content-Code Audio), iscc-core `code_content_audio.py`: each Chromaprint
// value as 4 big-endian bytes; 32-bit SimHashes of all values, of each quarter (in order) and of
// each third (sorted by value), concatenated to 256 bits; no values give all zeros.

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export interface AudioCodeResult {
  iscc: string;
}

function toDigests(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i]!, false);
  return out;
}

/** Lengths of `parts` consecutive slices of `count` items, the first ones one longer. */
function divide(count: number, parts: number): number[] {
  const base = Math.floor(count / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < count % parts ? 1 : 0));
}

function simhashSlices(
  digests: Uint8Array,
  count: number,
  parts: number,
  out: Uint8Array,
  at: number,
): number {
  let start = 0;
  for (const length of divide(count, parts)) {
    if (length > 0) out.set(computeSimhash(digests.subarray(start * 4, (start + length) * 4), 4, length), at);
    start += length;
    at += 4;
  }
  return at;
}

/** The 256-bit Audio-Hash of a Chromaprint vector. */
export function hashChromaprint(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(32);
  const count = values.length;
  if (count === 0) return out;
  const digests = toDigests(values);
  out.set(computeSimhash(digests, 4, count), 0);
  const next = simhashSlices(digests, count, 4, out, 4);
  const sorted = Int32Array.from(values).sort();
  simhashSlices(toDigests(sorted), count, 3, out, next);
  return out;
}

/** Audio-Code of a Chromaprint fingerprint (`fpcalc -raw -signed`: signed 32-bit integers). */
export function generateAudioCode(chromaprint: number[] | Int32Array, bits = 64): AudioCodeResult {
  requireUnitBits(bits);
  if (!Array.isArray(chromaprint) && !(chromaprint instanceof Int32Array)) {
    throw inputError('chromaprint must be an array of signed 32-bit integers');
  }
  for (let i = 0; i < chromaprint.length; i++) {
    const value: unknown = chromaprint[i];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      throw inputError('every Chromaprint value must be a signed 32-bit integer', { index: i });
    }
  }
  return { iscc: encodeUnit(MainType.CONTENT, ContentSubType.AUDIO, bits, hashChromaprint(chromaprint)) };
}
