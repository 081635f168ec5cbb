import { encodeUnit, requireUnitBits } from './codec.ts';
import { inputError } from './input.ts';
import { ContentSubType, MainType } from './types.ts';
import { computeWtaHash, WTA_VECTOR_LENGTH } from './wtahash.ts';

// ISO 24138:2024 §6.6 (Content-Code Video), iscc-core `code_content_video.py`: sum the distinct
// MPEG-7 frame signatures position by position, then WTA-hash the 380 sums.

const VALUE_LIMIT = 2 ** 31;

export interface VideoCodeResult {
  iscc: string;
}

function requireFrames(frames: unknown): number[][] {
  if (!Array.isArray(frames) || frames.length === 0) {
    throw inputError('frameSignatures must be a non-empty array of frame signatures');
  }
  frames.forEach((frame: unknown, index) => {
    if (!Array.isArray(frame) && !(frame instanceof Int32Array) && !(frame instanceof Uint8Array)) {
      throw inputError('every frame signature must be an array of integers', { index });
    }
    const values = frame as ArrayLike<unknown>;
    if (values.length !== WTA_VECTOR_LENGTH) {
      throw inputError(`every frame signature must hold ${WTA_VECTOR_LENGTH} values`, {
        index,
        expected: WTA_VECTOR_LENGTH,
        actual: values.length,
      });
    }
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) >= VALUE_LIMIT) {
        throw inputError('frame signature values must be integers of magnitude below 2^31', {
          index,
          position: i,
        });
      }
    }
  });
  return frames as number[][];
}

/** The Video-Hash (`bits` bits) of MPEG-7 frame signatures; repeated frames count once. */
export function hashFrameSignatures(frames: readonly ArrayLike<number>[], bits: number): Uint8Array {
  const sums = new Float64Array(WTA_VECTOR_LENGTH);
  const seen = new Set<string>();
  for (const frame of frames) {
    const key = Array.prototype.join.call(frame, ',');
    if (seen.has(key)) continue;
    seen.add(key);
    for (let i = 0; i < WTA_VECTOR_LENGTH; i++) sums[i]! += frame[i]!;
  }
  return computeWtaHash(sums, bits);
}

/** Video-Code of MPEG-7 frame signatures (ffmpeg `signature` filter), 380 values each. */
export function generateVideoCode(frameSignatures: number[][], bits = 64): VideoCodeResult {
  requireUnitBits(bits);
  const digest = hashFrameSignatures(requireFrames(frameSignatures), bits);
  return { iscc: encodeUnit(MainType.CONTENT, ContentSubType.VIDEO, bits, digest) };
}
