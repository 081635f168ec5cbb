import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { generateAudioCode } from './audio.ts';
import { decodeIscc } from './codec.ts';
import { isccHammingDistance } from './similarity.ts';

function chromaprint(length: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) | 0;
    return state;
  });
}

describe('generateAudioCode', () => {
  it('gives the same code for a number array and an Int32Array', () => {
    const values = chromaprint(500, 3);
    assert.equal(generateAudioCode(values, 256).iscc, generateAudioCode(Int32Array.from(values), 256).iscc);
  });

  it('keeps the 64-bit code a prefix of the 256-bit one', () => {
    const values = chromaprint(300, 4);
    const long = decodeIscc(generateAudioCode(values, 256).iscc).digest;
    assert.deepEqual(decodeIscc(generateAudioCode(values).iscc).digest, long.subarray(0, 8));
  });

  it('stays close when a few values change', () => {
    const values = chromaprint(1000, 5);
    const changed = values.map((value, i) => (i % 50 === 0 ? value ^ 0xff : value));
    assert.ok(
      isccHammingDistance(generateAudioCode(values, 256).iscc, generateAudioCode(changed, 256).iscc) < 32,
    );
  });

  it('rejects values outside signed 32 bits, non-integers and other types', () => {
    for (const values of [[2 ** 31], [-(2 ** 31) - 1], [1.5], ['1'], 'abc', new Uint32Array(2)]) {
      assert.throws(
        () => generateAudioCode(values as number[]),
        (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
      );
    }
  });
});
