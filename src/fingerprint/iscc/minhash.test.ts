import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addMinhashFeatures,
  createMinhashState,
  digestMinhash256,
  hashFeatureReference,
  MINHASH_PERMUTATIONS,
} from './minhash.ts';

function nextRandom(state: { seed: number }): number {
  state.seed = (Math.imul(state.seed, 1664525) + 1013904223) >>> 0;
  return state.seed;
}

describe('MinHash', () => {
  it('agrees with the BigInt reference on 3,000 seeded features and the edge values', () => {
    const random = { seed: 20240521 };
    const features = [0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
    while (features.length < 3000) features.push(nextRandom(random));
    for (const feature of features) {
      const state = createMinhashState();
      addMinhashFeatures(state, Uint32Array.of(feature));
      for (let k = 0; k < MINHASH_PERMUTATIONS; k++) {
        assert.equal(state[k], hashFeatureReference(k, feature), `feature ${feature}, function ${k}`);
      }
    }
  });

  it('agrees with the reference where the 2^61 − 1 reduction takes its rare branch', () => {
    // Features found by search for which bits 32–60 of a·f + b are all ones.
    const cases: [number, number][] = [
      [5475217, 63],
      [6619777, 55],
      [10064950, 58],
      [10908467, 51],
      [21706649, 58],
      [25294424, 57],
    ];
    for (const [feature, k] of cases) {
      const state = createMinhashState();
      addMinhashFeatures(state, Uint32Array.of(feature));
      assert.equal(state[k], hashFeatureReference(k, feature));
    }
  });

  it('keeps the minimum of each function across batches', () => {
    const features = Uint32Array.from({ length: 500 }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);
    const once = createMinhashState();
    addMinhashFeatures(once, features);
    const split = createMinhashState();
    addMinhashFeatures(split, features.subarray(0, 123));
    addMinhashFeatures(split, features.subarray(123));
    assert.deepEqual(split, once);
    for (let k = 0; k < MINHASH_PERMUTATIONS; k++) {
      const expected = Math.min(...Array.from(features, (f) => hashFeatureReference(k, f)));
      assert.equal(once[k], expected);
    }
  });

  it('folds more features than one kernel batch holds', () => {
    const random = { seed: 5 };
    const features = Uint32Array.from({ length: 40_000 }, () => nextRandom(random));
    const state = createMinhashState();
    addMinhashFeatures(state, features);
    for (const k of [0, 31, 63]) {
      let expected = Infinity;
      for (const feature of features) expected = Math.min(expected, hashFeatureReference(k, feature));
      assert.equal(state[k], expected, `function ${k}`);
    }
  });

  it('compresses bit 0 of every minimum first, then bit 1, 2 and 3', () => {
    const state = createMinhashState().fill(0);
    state[0] = 0b0001;
    state[1] = 0b0010;
    state[63] = 0b1000;
    const digest = digestMinhash256(state);
    assert.equal(digest[0], 0x80);
    assert.equal(digest[8], 0x40);
    assert.equal(digest[31], 0x01);
    assert.equal(
      digest.reduce((sum, byte) => sum + byte.toString(2).split('1').length - 1, 0),
      3,
    );
  });
});
