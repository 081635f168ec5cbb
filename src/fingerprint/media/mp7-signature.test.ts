import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { FRAME_SIGNATURE_LENGTH, parseMp7Signature } from './mp7-signature.ts';

class BitWriter {
  private readonly bits: number[] = [];
  write(value: number, width: number): this {
    for (let i = width - 1; i >= 0; i--) this.bits.push(Math.floor(value / 2 ** i) % 2);
    return this;
  }
  toBytes(): Uint8Array {
    const bytes = new Uint8Array(Math.ceil(this.bits.length / 8));
    this.bits.forEach((bit, i) => {
      if (bit === 1) bytes[i >> 3]! |= 0x80 >> (i & 7);
    });
    return bytes;
  }
}

function ternaryVector(seed: number): number[] {
  return Array.from({ length: FRAME_SIGNATURE_LENGTH }, (_, i) => (i * seed + seed) % 3);
}

// Layout of ffmpeg's binary_export (libavfilter/vf_signature.c): spatial region header, frame count,
// media time unit, time range, coarse segments, then per frame time, confidence, words, 76 bytes
// of five base-3 digits each, first digit most significant.
function buildSignature(frames: { time: number; confidence: number; vector: number[] }[], segments = 1) {
  const writer = new BitWriter().write(0, 129).write(frames.length, 32).write(25, 16);
  writer.write(1, 1).write(0, 32).write(frames.length, 32).write(segments, 32);
  for (let s = 0; s < segments; s++) writer.write(0x5a5a, 4 * 32 + 1 + 5 * 243);
  writer.write(1, 1);
  for (const frame of frames) {
    writer.write(1, 1).write(frame.time, 32).write(frame.confidence, 8).write(0xffffffffff, 40);
    for (let i = 0; i < FRAME_SIGNATURE_LENGTH; i += 5) {
      const digits = frame.vector.slice(i, i + 5);
      writer.write(
        digits.reduce((sum, digit) => sum * 3 + digit, 0),
        8,
      );
    }
  }
  return writer.toBytes();
}

describe('parseMp7Signature', () => {
  it('decodes frame times, confidences and the 380 ternary values of every frame', () => {
    const frames = [
      { time: 0, confidence: 44, vector: ternaryVector(1) },
      { time: 5, confidence: 255, vector: ternaryVector(2) },
      { time: 10, confidence: 0, vector: Array<number>(FRAME_SIGNATURE_LENGTH).fill(2) },
    ];
    const parsed = parseMp7Signature(buildSignature(frames, 3));
    assert.equal(parsed.length, 3);
    parsed.forEach((frame, i) => {
      assert.deepEqual([...frame.vector], frames[i]!.vector);
      assert.equal(frame.confidence, frames[i]!.confidence);
      assert.equal(frame.elapsedSeconds, frames[i]!.time / 25);
    });
  });

  it('decodes a signature with no frames to an empty list', () => {
    assert.deepEqual(parseMp7Signature(buildSignature([], 0)), []);
  });

  it('rejects a signature cut short, wherever it is cut', () => {
    const bytes = buildSignature([{ time: 0, confidence: 1, vector: ternaryVector(1) }]);
    for (const length of [0, 10, 17, 100, 210, bytes.length - 1]) {
      assert.throws(
        () => parseMp7Signature(bytes.subarray(0, length)),
        (error: unknown) => error instanceof FingerprintError && error.code === 'VIDEO_INVALID',
        `cut at ${length}`,
      );
    }
  });

  it('rejects a frame count larger than the data before allocating frames', () => {
    const bytes = buildSignature([{ time: 0, confidence: 1, vector: ternaryVector(1) }]);
    const forged = bytes.slice();
    forged[16] = 0xff;
    forged[17] = 0xff;
    assert.throws(() => parseMp7Signature(forged), /declares more frames than it holds|truncated/);
  });
});
