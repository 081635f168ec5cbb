import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { popcount32 } from './popcount.ts';
import { countCombinations, listMasksOfWeight, planSubstrings, readSubstring } from './substrings.ts';

describe('planSubstrings', () => {
  it('cuts 256 bits into 13 contiguous substrings of 19 or 20 bits, longer ones first', () => {
    const plan = planSubstrings(256, 13);
    assert.equal(
      plan.reduce((sum, s) => sum + s.length, 0),
      256,
    );
    assert.deepEqual(
      plan.map((s) => s.length),
      [20, 20, 20, 20, 20, 20, 20, 20, 20, 19, 19, 19, 19],
    );
    plan.forEach((s, i) => assert.equal(s.start, i === 0 ? 0 : plan[i - 1]!.start + plan[i - 1]!.length));
  });
});

describe('readSubstring', () => {
  it('reads bits counted from the most significant bit of word 0, across a word boundary', () => {
    const words = Uint32Array.from([0x0000_0003, 0xc000_0000]);
    assert.equal(readSubstring(words, 0, { start: 30, length: 4 }), 0b1111);
    assert.equal(readSubstring(words, 0, { start: 29, length: 6 }), 0b011110);
    assert.equal(readSubstring(words, 0, { start: 0, length: 24 }), 0);
    assert.equal(readSubstring(words, 1, { start: 0, length: 2 }), 0b11);
  });
});

describe('listMasksOfWeight', () => {
  it('lists every mask of a weight exactly once, in increasing order', () => {
    for (const [length, weight] of [
      [16, 0],
      [16, 1],
      [16, 3],
      [21, 2],
      [12, 12],
    ] as const) {
      const masks = [...listMasksOfWeight(length, weight)];
      assert.equal(masks.length, countCombinations(length, weight));
      assert.ok(masks.every((mask) => popcount32(mask) === weight && mask < 2 ** length));
      assert.ok(masks.every((mask, i) => i === 0 || mask > masks[i - 1]!));
    }
  });
});

describe('popcount32', () => {
  it('counts bits of values across the 32-bit range', () => {
    assert.equal(popcount32(0), 0);
    assert.equal(popcount32(0xffffffff), 32);
    assert.equal(popcount32(0x80000001), 2);
    assert.equal(popcount32(0x12345678), 13);
  });
});
