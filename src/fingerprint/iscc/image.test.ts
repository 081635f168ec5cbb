import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { decodeIscc } from './codec.ts';
import { generateImageCode, IMAGE_PIXELS } from './image.ts';
import { isccHammingDistance } from './similarity.ts';

/** Rings around a centre plus a vertical edge, with optional ±noise and a shifted centre. */
function picture(noise: number, shift = 0): number[] {
  return Array.from({ length: IMAGE_PIXELS }, (_, i) => {
    const x = i % 32;
    const y = Math.floor(i / 32);
    const rings = 90 * Math.cos(Math.hypot(x - 12 - shift, y - 18) / 2.5);
    const value = 128 + rings + 40 * Math.sign(x - 20) + (((i * 7919) % 3) - 1) * noise;
    return Math.max(0, Math.min(255, Math.round(value)));
  });
}

describe('generateImageCode', () => {
  it('gives the same code for a number array and a Uint8Array', () => {
    const pixels = picture(0);
    assert.equal(generateImageCode(pixels).iscc, generateImageCode(Uint8Array.from(pixels)).iscc);
  });

  it('gives a shorter code that is a prefix of the longer one', () => {
    const pixels = picture(0);
    const long = decodeIscc(generateImageCode(pixels, 256).iscc).digest;
    const short = decodeIscc(generateImageCode(pixels, 96).iscc).digest;
    assert.deepEqual(short, long.subarray(0, 12));
  });

  it('stays the same under slight noise and moves away when the picture changes', () => {
    const code = generateImageCode(picture(0)).iscc;
    assert.ok(isccHammingDistance(code, generateImageCode(picture(4)).iscc) <= 4);
    assert.ok(isccHammingDistance(code, generateImageCode(picture(0, 9)).iscc) >= 20);
  });

  it('rejects a wrong pixel count, values outside 0–255, non-integers and other types', () => {
    for (const pixels of [
      new Array(1023).fill(0),
      new Array(1025).fill(0),
      [...new Array(1023).fill(0), 256],
      [...new Array(1023).fill(0), -1],
      [...new Array(1023).fill(0), 1.5],
      [...new Array(1023).fill(0), '1'],
      'pixels',
      new Float32Array(1024),
    ]) {
      assert.throws(
        () => generateImageCode(pixels as number[]),
        (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
      );
    }
  });
});
