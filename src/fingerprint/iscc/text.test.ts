import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { decodeIscc } from './codec.ts';
import { digestMinhash256, hashFeatureReference, MINHASH_PERMUTATIONS } from './minhash.ts';
import { isccHammingDistance } from './similarity.ts';
import { generateTextCode, hashCollapsedText, TEXT_NGRAM_SIZE } from './text.ts';
import { xxh32 } from './xxh32.ts';

/** Text-Hash the plain way: slice every 13-character window, encode it, hash it. */
function hashNaively(collapsed: string): Uint8Array {
  const chars = Array.from(collapsed);
  const windows = Math.max(chars.length - TEXT_NGRAM_SIZE + 1, 1);
  const features = Array.from({ length: windows }, (_, i) =>
    xxh32(new TextEncoder().encode(chars.slice(i, i + TEXT_NGRAM_SIZE).join(''))),
  );
  const state = new Float64Array(MINHASH_PERMUTATIONS);
  for (let k = 0; k < MINHASH_PERMUTATIONS; k++) {
    state[k] = Math.min(...features.map((feature) => hashFeatureReference(k, feature)));
  }
  return digestMinhash256(state);
}

describe('generateTextCode', () => {
  it('hashes windows in place exactly as slicing each window would, across multi-byte characters', () => {
    const pieces = ['a', 'é', '☃', '北', '😀', 'z', 'ß'];
    let text = '';
    for (let i = 0; i < 400; i++) text += pieces[(i * 7 + (i >> 3)) % pieces.length];
    for (const sample of [text, text.slice(0, 12), '😀', '']) {
      assert.deepEqual(hashCollapsedText(sample).digest, hashNaively(sample));
    }
  });

  it('counts characters as code points of the collapsed text', () => {
    assert.equal(generateTextCode('A 😀 b!').characters, 3);
  });

  it('gives close codes for an edited copy and far codes for another text', () => {
    const original =
      'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief.';
    const edited = original.replace('age of wisdom', 'age of reason');
    const other =
      'Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse, I thought I would sail about.';
    const [a, b, c] = [original, edited, other].map((text) => generateTextCode(text, 256).iscc);
    assert.ok(isccHammingDistance(a!, b!) < 64);
    assert.ok(isccHammingDistance(a!, c!) > 80);
    assert.equal(decodeIscc(a!).bits, 256);
  });

  it('rejects non-strings, lone surrogates and unsupported bit lengths', () => {
    for (const [text, bits] of [
      [42, 64],
      ['ok\udc00', 64],
      ['ok', 0],
      ['ok', 320],
      ['ok', 64.5],
    ] as const) {
      assert.throws(
        () => generateTextCode(text as string, bits),
        (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
      );
    }
  });
});
