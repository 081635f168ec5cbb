import { encodeUnit, requireUnitBits } from './codec.ts';
import { computeDct } from './dct.ts';
import { inputError } from './input.ts';
import { ContentSubType, MainType } from './types.ts';

// ISO 24138:2024 §6.5 (Content-Code Image), iscc-core `code_content_image.py`: 2-D DCT of 32×32
// grey pixels; for four overlapping 8×8 blocks of low frequencies (at column/row offsets (0,0),
// (1,0), (0,1), (1,1)) one bit per coefficient: above the block's median or not.

export const IMAGE_SIDE = 32;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;
const BLOCK_OFFSETS: readonly [number, number][] = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];

export interface ImageCodeResult {
  iscc: string;
}

function requirePixels(pixels: unknown): ArrayLike<number> {
  const isArrayLike =
    Array.isArray(pixels) || pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray;
  if (!isArrayLike) throw inputError('pixels must be an array or Uint8Array of grey values');
  const list = pixels as ArrayLike<unknown>;
  if (list.length !== IMAGE_PIXELS) {
    throw inputError(`pixels must hold ${IMAGE_PIXELS} values (32×32)`, {
      expected: IMAGE_PIXELS,
      actual: list.length,
    });
  }
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    const value = list[i];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) {
      throw inputError('every pixel must be an integer 0–255', { index: i });
    }
  }
  return list as ArrayLike<number>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The Image-Hash: `bits` bits (at most 256) from the DCT of 1024 grey values, row by row. */
export function hashImagePixels(pixels: ArrayLike<number>, bits: number): Uint8Array {
  const rows: number[][] = [];
  for (let y = 0; y < IMAGE_SIDE; y++) {
    rows.push(computeDct(Array.from({ length: IMAGE_SIDE }, (_, x) => pixels[y * IMAGE_SIDE + x]!)));
  }
  const columns: number[][] = [];
  for (let x = 0; x < IMAGE_SIDE; x++) columns.push(computeDct(rows.map((row) => row[x]!)));
  const out = new Uint8Array(bits / 8);
  let position = 0;
  for (const [dx, dy] of BLOCK_OFFSETS) {
    if (position >= bits) break;
    const block: number[] = [];
    for (let y = dy; y < dy + 8; y++) for (let x = dx; x < dx + 8; x++) block.push(columns[x]![y]!);
    const middle = median(block);
    for (const value of block) {
      if (position < bits && value > middle) out[position >> 3]! |= 0x80 >> (position & 7);
      position++;
    }
  }
  return out;
}

/** Image-Code of a normalised image: 32×32 grey values 0–255, row by row. */
export function generateImageCode(pixels: number[] | Uint8Array, bits = 64): ImageCodeResult {
  requireUnitBits(bits);
  const digest = hashImagePixels(requirePixels(pixels), bits);
  return { iscc: encodeUnit(MainType.CONTENT, ContentSubType.IMAGE, bits, digest) };
}
