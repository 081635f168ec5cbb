import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isSealchainError } from '../../errors/index.ts';
import { PDQ_DIHEDRAL_TRANSFORMS } from './dct.ts';
import { computePdq, computePdqDihedral } from './hash.ts';
import { synthesizeRgb } from './testdata/synthesize.ts';

interface ReferenceVector {
  width: number;
  height: number;
  seed: number;
  quality: number;
  hash: string;
  dihedral: { rotate90: string; flipY: string; flipPlus1: string };
}

const reference = JSON.parse(
  readFileSync(new URL('./testdata/reference-vectors.json', import.meta.url), 'utf8'),
) as {
  vectors: ReferenceVector[];
};

function hasCode(code: string) {
  return (error: unknown) => isSealchainError(error) && error.code === code;
}

describe('computePdq', () => {
  for (const vector of reference.vectors) {
    it(`matches the reference hash and quality of a ${vector.width}×${vector.height} image`, () => {
      const rgb = synthesizeRgb(vector.width, vector.height, vector.seed);
      const result = computePdq(rgb, vector.width, vector.height);
      assert.equal(result.hashHex, vector.hash);
      assert.equal(result.quality, vector.quality);
      assert.deepEqual(result.hash, Uint8Array.from(Buffer.from(vector.hash, 'hex')));
    });
  }

  it('gives a flat image quality 0', () => {
    const rgb = new Uint8Array(100 * 80 * 3).fill(200);
    assert.equal(computePdq(rgb, 100, 80).quality, 0);
  });

  it('hashes images below 5 pixels a side as all zeros, as the reference does', () => {
    const result = computePdq(synthesizeRgb(4, 30, 1), 4, 30);
    assert.equal(result.hashHex, '0'.repeat(64));
    assert.equal(result.quality, 0);
  });

  it('sets half the bits of a detailed image (median threshold)', () => {
    const { hash } = computePdq(synthesizeRgb(300, 200, 11), 300, 200);
    const ones = [...hash].reduce((sum, byte) => sum + byte.toString(2).replaceAll('0', '').length, 0);
    assert.equal(ones, 128);
  });

  it('rejects a buffer whose length is not width × height × 3', () => {
    assert.throws(() => computePdq(new Uint8Array(10 * 10 * 4), 10, 10), hasCode('IMAGE_INVALID'));
    assert.throws(() => computePdq(new Uint8Array(0), 0, 0), hasCode('IMAGE_INVALID'));
    assert.throws(() => computePdq(new Uint8Array(12), 2.5, 2), hasCode('IMAGE_INVALID'));
    assert.throws(() => computePdq([1, 2, 3] as unknown as Uint8Array, 1, 1), hasCode('IMAGE_INVALID'));
  });
});

describe('computePdqDihedral', () => {
  for (const vector of reference.vectors) {
    it(`matches the reference rotate90, flipY and flipPlus1 hashes of a ${vector.width}×${vector.height} image`, () => {
      const result = computePdqDihedral(
        synthesizeRgb(vector.width, vector.height, vector.seed),
        vector.width,
        vector.height,
      );
      assert.equal(result.variants.rotate90.hashHex, vector.dihedral.rotate90);
      assert.equal(result.variants.flipY.hashHex, vector.dihedral.flipY);
      assert.equal(result.variants.flipPlus1.hashHex, vector.dihedral.flipPlus1);
      assert.equal(result.quality, vector.quality);
    });
  }

  it('gives the plain hash as the original variant and eight distinct variants', () => {
    const rgb = synthesizeRgb(160, 120, 5);
    const dihedral = computePdqDihedral(rgb, 160, 120);
    assert.equal(dihedral.variants.original.hashHex, computePdq(rgb, 160, 120).hashHex);
    const distinct = new Set(PDQ_DIHEDRAL_TRANSFORMS.map((t) => dihedral.variants[t].hashHex));
    assert.equal(distinct.size, 8);
  });
});
