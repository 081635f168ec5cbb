import { bytesToHex } from '../../crypto/index.ts';
import { FingerprintError } from '../errors.ts';
import {
  computeDct64To16,
  PDQ_DIHEDRAL_TRANSFORMS,
  transformDct16,
  type PdqDihedralTransform,
} from './dct.ts';
import { applyJaroszFilter, computeJaroszWindowSize, decimateImage } from './jarosz.ts';

// PDQ perceptual hash, facebook/ThreatExchange pdq/ (hashing doc "pdqhash-2017-10-09.pdf" and the
// C++ reference pdq/cpp/hashing/pdqhashing.cpp): luma → Jarosz tent filter → 64×64 decimation →
// 16×16 DCT → one bit per coefficient above the median.

export const PDQ_HASH_BYTES = 32;
const LUMA_FROM_R = 0.299;
const LUMA_FROM_G = 0.587;
const LUMA_FROM_B = 0.114;
const DOWNSAMPLE_SIZE = 64;
const JAROSZ_XY_PASSES = 2;
// The reference returns an all-zero hash of quality 0 below this size.
const MIN_HASHABLE_SIDE = 5;

/**
 * A 256-bit PDQ hash. `hash` holds the bytes of `hashHex`, the reference's text form (sixteen 16-bit
 * words, most significant word first), so Hamming distance is the same on either.
 */
export interface PdqHash {
  hash: Uint8Array;
  hashHex: string;
  /** 0–100 from the image-domain gradient sum; the reference trusts a hash only from 50 up. */
  quality: number;
}

export interface PdqDihedralHashes {
  quality: number;
  variants: Record<PdqDihedralTransform, { hash: Uint8Array; hashHex: string }>;
}

function checkRgb(rgb: Uint8Array, width: number, height: number): void {
  if (!(rgb instanceof Uint8Array)) {
    throw new FingerprintError('IMAGE_INVALID', 'PDQ input pixels must be a Uint8Array of RGB bytes');
  }
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width <= 0 || height <= 0) {
    throw new FingerprintError('IMAGE_INVALID', 'image width and height must be positive integers', {
      details: { width, height },
    });
  }
  if (rgb.length !== width * height * 3) {
    throw new FingerprintError('IMAGE_INVALID', 'RGB buffer length must be width × height × 3', {
      details: { expectedLength: width * height * 3, actualLength: rgb.length },
    });
  }
}

function rgbToLuma(rgb: Uint8Array, pixels: number): Float32Array {
  const luma = new Float32Array(pixels);
  for (let p = 0, q = 0; p < pixels; p++, q += 3) {
    luma[p] = LUMA_FROM_R * rgb[q]! + LUMA_FROM_G * rgb[q + 1]! + LUMA_FROM_B * rgb[q + 2]!;
  }
  return luma;
}

function downsampleLuma(luma: Float32Array, width: number, height: number): Float32Array {
  if (width === DOWNSAMPLE_SIZE && height === DOWNSAMPLE_SIZE) return luma;
  const scratch = new Float32Array(luma.length);
  applyJaroszFilter(
    luma,
    scratch,
    height,
    width,
    computeJaroszWindowSize(width, DOWNSAMPLE_SIZE),
    computeJaroszWindowSize(height, DOWNSAMPLE_SIZE),
    JAROSZ_XY_PASSES,
  );
  return decimateImage(luma, height, width, DOWNSAMPLE_SIZE, DOWNSAMPLE_SIZE);
}

// PDQ hashing doc, quality metric: count significant gradients of the 64×64 image, quantised to
// 1/100 of the luma range, scaled by the reference's heuristic factor 90 and capped at 100.
function computeQuality(image64: Float32Array): number {
  let gradientSum = 0;
  for (let i = 0; i < DOWNSAMPLE_SIZE - 1; i++) {
    for (let j = 0; j < DOWNSAMPLE_SIZE; j++) {
      const d = image64[i * DOWNSAMPLE_SIZE + j]! - image64[(i + 1) * DOWNSAMPLE_SIZE + j]!;
      gradientSum += Math.abs(Math.trunc((d * 100) / 255));
    }
  }
  for (let i = 0; i < DOWNSAMPLE_SIZE; i++) {
    for (let j = 0; j < DOWNSAMPLE_SIZE - 1; j++) {
      const d = image64[i * DOWNSAMPLE_SIZE + j]! - image64[i * DOWNSAMPLE_SIZE + j + 1]!;
      gradientSum += Math.abs(Math.trunc((d * 100) / 255));
    }
  }
  return Math.min(100, Math.floor(gradientSum / 90));
}

// Bit k = 16·i + j is bit (k mod 16) of 16-bit word ⌊k/16⌋; word 15 is written first in hex.
function dctToHashBytes(dct: Float64Array): Uint8Array {
  const median = [...dct].sort((a, b) => a - b)[dct.length / 2 - 1]!;
  const bytes = new Uint8Array(PDQ_HASH_BYTES);
  for (let k = 0; k < 256; k++) {
    if (dct[k]! > median) {
      const word = k >> 4;
      const bit = k & 15;
      bytes[(15 - word) * 2 + (bit < 8 ? 1 : 0)]! |= 1 << (bit & 7);
    }
  }
  return bytes;
}

function computeDct(rgb: Uint8Array, width: number, height: number): { dct: Float64Array; quality: number } {
  checkRgb(rgb, width, height);
  if (width < MIN_HASHABLE_SIDE || height < MIN_HASHABLE_SIDE) {
    return { dct: new Float64Array(256), quality: 0 };
  }
  const image64 = downsampleLuma(rgbToLuma(rgb, width * height), width, height);
  return { dct: computeDct64To16(image64), quality: computeQuality(image64) };
}

/** PDQ hash of an RGB image (3 bytes a pixel, row-major, no padding). Throws IMAGE_INVALID. */
export function computePdq(rgb: Uint8Array, width: number, height: number): PdqHash {
  const { dct, quality } = computeDct(rgb, width, height);
  const hash = dctToHashBytes(dct);
  return { hash, hashHex: bytesToHex(hash), quality };
}

/** The hashes of all eight rotations and reflections of the image, from one DCT. */
export function computePdqDihedral(rgb: Uint8Array, width: number, height: number): PdqDihedralHashes {
  const { dct, quality } = computeDct(rgb, width, height);
  const variants = {} as PdqDihedralHashes['variants'];
  for (const transform of PDQ_DIHEDRAL_TRANSFORMS) {
    const hash = dctToHashBytes(transformDct16(dct, transform));
    variants[transform] = { hash, hashHex: bytesToHex(hash) };
  }
  return { quality, variants };
}
