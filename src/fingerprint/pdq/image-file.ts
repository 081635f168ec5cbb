import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { FingerprintError } from '../errors.ts';
import { computePdq, computePdqDihedral, type PdqDihedralHashes, type PdqHash } from './hash.ts';

export interface PdqImageOptions {
  /** Largest width × height (pixels) of the encoded image that is decoded; a decompression-bomb guard. */
  maxInputPixels: number;
  /**
   * Side (pixels) of the square working image every input is resampled to before hashing. PDQ
   * squeezes any image into 64×64 anyway, so the aspect ratio carries nothing; at 9·64 = 576 the
   * tent filter's window (5) is odd and the decimation centres sit symmetrically, so the hash of a
   * rotated or mirrored copy equals the matching dihedral variant. The reference's Python hasher
   * shrinks to 512 instead, whose even window shifts the image by up to 2 px and cost up to 50 bits
   * on a mirrored near-symmetric photograph here; it also bounds the work for large images.
   */
  hashSidePx: number;
}

export const DEFAULT_PDQ_IMAGE: PdqImageOptions = {
  maxInputPixels: 100_000_000,
  hashSidePx: 576,
};

const OPTION_KEYS = new Set(Object.keys(DEFAULT_PDQ_IMAGE));

/** Fills in defaults; throws TypeError on an unknown key or a value out of range (a caller's bug). */
function resolveOptions(options: Partial<PdqImageOptions>): PdqImageOptions {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`unknown PDQ image option ${key}`);
  }
  const resolved = { ...DEFAULT_PDQ_IMAGE, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(`PDQ image option ${key} must be a positive integer, not ${String(value)}`);
    }
  }
  return resolved;
}

interface RgbImage {
  rgb: Uint8Array;
  width: number;
  height: number;
}

function describeInput(input: string | Uint8Array): string {
  return typeof input === 'string' ? `file ${input}` : `${input.length}-byte input`;
}

async function checkNotEmpty(input: string | Uint8Array): Promise<void> {
  let size: number;
  if (typeof input === 'string') {
    try {
      size = (await stat(input)).size;
    } catch (cause) {
      throw new FingerprintError('FILE_UNREADABLE', `the file ${input} cannot be read`, { cause });
    }
  } else {
    size = input.length;
  }
  if (size === 0)
    throw new FingerprintError('FILE_EMPTY', `the ${describeInput(input)} is empty, so there is no image`);
}

async function decodeImageToRgb(input: string | Uint8Array, options: PdqImageOptions): Promise<RgbImage> {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new FingerprintError(
      'IMAGE_INVALID',
      'an image is given as a file path or a Uint8Array of its bytes',
    );
  }
  await checkNotEmpty(input);
  const open = () =>
    sharp(input, { limitInputPixels: options.maxInputPixels, failOn: 'error', autoOrient: true });
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new FingerprintError('IMAGE_INVALID', `the ${describeInput(input)} is not a readable image`, {
      cause,
    });
  }
  if (!(metadata.width > 0 && metadata.height > 0)) {
    throw new FingerprintError('IMAGE_INVALID', `the ${describeInput(input)} has no pixel dimensions`);
  }
  if (metadata.width * metadata.height > options.maxInputPixels) {
    throw new FingerprintError(
      'IMAGE_TOO_LARGE',
      `the image is ${metadata.width}×${metadata.height} pixels, more than the ${options.maxInputPixels} allowed`,
      { details: { width: metadata.width, height: metadata.height, maxInputPixels: options.maxInputPixels } },
    );
  }
  try {
    const { data, info } = await open()
      .flatten({ background: '#ffffff' })
      .resize({ width: options.hashSidePx, height: options.hashSidePx, fit: 'fill' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (info.channels === 3) return { rgb, width: info.width, height: info.height };
    const expanded = new Uint8Array(info.width * info.height * 3);
    for (let p = 0; p < info.width * info.height; p++) {
      const grey = rgb[p * info.channels]!;
      expanded.fill(grey, p * 3, p * 3 + 3);
    }
    return { rgb: expanded, width: info.width, height: info.height };
  } catch (cause) {
    if (cause instanceof Error && /pixel limit/i.test(cause.message)) {
      throw new FingerprintError(
        'IMAGE_TOO_LARGE',
        `the image has more than ${options.maxInputPixels} pixels`,
        {
          cause,
          details: { maxInputPixels: options.maxInputPixels },
        },
      );
    }
    throw new FingerprintError('IMAGE_INVALID', `the ${describeInput(input)} could not be decoded`, {
      cause,
    });
  }
}

/**
 * PDQ hash of an image file (path) or encoded image bytes, in any format sharp decodes: EXIF
 * orientation applied, transparency composed over white, resampled to `hashSidePx` square. Throws
 * IMAGE_INVALID for anything that is not a decodable image, IMAGE_TOO_LARGE past `maxInputPixels`,
 * FILE_UNREADABLE for a path that cannot be read and FILE_EMPTY for zero bytes.
 */
export async function pdqFromImageFile(
  input: string | Uint8Array,
  options: Partial<PdqImageOptions> = {},
): Promise<PdqHash> {
  const image = await decodeImageToRgb(input, resolveOptions(options));
  return computePdq(image.rgb, image.width, image.height);
}

/** The eight dihedral PDQ hashes of an image file or encoded image bytes; see pdqFromImageFile. */
export async function pdqDihedralFromImageFile(
  input: string | Uint8Array,
  options: Partial<PdqImageOptions> = {},
): Promise<PdqDihedralHashes> {
  const image = await decodeImageToRgb(input, resolveOptions(options));
  return computePdqDihedral(image.rgb, image.width, image.height);
}
