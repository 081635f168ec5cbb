import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { generateVideoCode } from './video.ts';

function frame(seed: number): number[] {
  return Array.from({ length: 380 }, (_, i) => (i * 7 + seed * 13 + ((i * seed) >> 2)) % 3);
}

describe('generateVideoCode', () => {
  it('counts a repeated frame once and ignores frame order', () => {
    const frames = [frame(1), frame(2), frame(3)];
    const code = generateVideoCode(frames, 128).iscc;
    assert.equal(generateVideoCode([frame(3), frame(1), frame(2), frame(1)], 128).iscc, code);
  });

  it('differs when a frame is added', () => {
    assert.notEqual(
      generateVideoCode([frame(1), frame(2)], 256).iscc,
      generateVideoCode([frame(1), frame(2), frame(9)], 256).iscc,
    );
  });

  it('rejects no frames, frames of another length and non-integer values', () => {
    for (const frames of [
      [],
      [frame(1).slice(1)],
      [[...frame(1).slice(1), 0.5]],
      [[...frame(1).slice(1), '1']],
      'frames',
      [null],
    ]) {
      assert.throws(
        () => generateVideoCode(frames as number[][]),
        (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
      );
    }
  });
});
