import { FingerprintError } from '../errors.ts';

// ISO/IEC 15938-3:2002/Amd 4 (MPEG-7 Video Signature), binary representation as ffmpeg's
// `signature` filter writes it (libavfilter/vf_signature.c, binary_export); field widths as read by
// iscc-sdk iscc_sdk/mp7.py read_mp7_signature.

export const FRAME_SIGNATURE_LENGTH = 380;
const HEADER_SKIP_BITS = 129;
const SEGMENT_BITS = 4 * 32 + 1 + 5 * 243;
const WORDS_BITS = 5 * 8;
const FRAME_BITS = 1 + 32 + 8 + WORDS_BITS + (FRAME_SIGNATURE_LENGTH / 5) * 8;

export interface FrameSignature {
  /** 380 ternary values (0, 1, 2). */
  vector: Uint8Array;
  /** Time of the frame from the start of the video, in seconds. */
  elapsedSeconds: number;
  /** 0–255. */
  confidence: number;
}

class BitReader {
  private position = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remainingBits(): number {
    return this.bytes.length * 8 - this.position;
  }

  skip(bits: number): void {
    this.require(bits);
    this.position += bits;
  }

  read(bits: number): number {
    this.require(bits);
    let value = 0;
    for (let i = 0; i < bits; i++, this.position++) {
      const bit = (this.bytes[this.position >>> 3]! >>> (7 - (this.position & 7))) & 1;
      value = value * 2 + bit;
    }
    return value;
  }

  private require(bits: number): void {
    if (bits > this.remainingBits) {
      throw new FingerprintError('VIDEO_INVALID', 'the MPEG-7 video signature is truncated', {
        details: { neededBits: bits, remainingBits: this.remainingBits },
      });
    }
  }
}

const TERNARY_DIGITS: Uint8Array = (() => {
  const table = new Uint8Array(256 * 5);
  for (let byte = 0; byte < 256; byte++) {
    let divisor = 81;
    for (let digit = 0; digit < 5; digit++) {
      table[byte * 5 + digit] = Math.floor(byte / divisor) % 3;
      divisor /= 3;
    }
  }
  return table;
})();

/** Decodes the frame signatures of a binary MPEG-7 video signature; throws VIDEO_INVALID if malformed. */
export function parseMp7Signature(bytes: Uint8Array): FrameSignature[] {
  const reader = new BitReader(bytes);
  reader.skip(HEADER_SKIP_BITS);
  const frameCount = reader.read(32);
  const mediaTimeUnit = reader.read(16);
  reader.skip(1 + 32 + 32);
  const segmentCount = reader.read(32);
  reader.skip(segmentCount * SEGMENT_BITS);
  reader.skip(1);
  if (frameCount * FRAME_BITS > reader.remainingBits) {
    throw new FingerprintError(
      'VIDEO_INVALID',
      'the MPEG-7 video signature declares more frames than it holds',
      {
        details: { frameCount, remainingBits: reader.remainingBits },
      },
    );
  }
  const frames: FrameSignature[] = [];
  for (let f = 0; f < frameCount; f++) {
    reader.skip(1);
    const mediaTime = reader.read(32);
    const confidence = reader.read(8);
    reader.skip(WORDS_BITS);
    const vector = new Uint8Array(FRAME_SIGNATURE_LENGTH);
    for (let i = 0; i < FRAME_SIGNATURE_LENGTH; i += 5) {
      const byte = reader.read(8);
      vector.set(TERNARY_DIGITS.subarray(byte * 5, byte * 5 + 5), i);
    }
    frames.push({ vector, elapsedSeconds: mediaTimeUnit > 0 ? mediaTime / mediaTimeUnit : 0, confidence });
  }
  return frames;
}
