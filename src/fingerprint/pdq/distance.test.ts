import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSealchainError } from '../../errors/index.ts';
import { matchPdq, matchPdqDihedral, parsePdqHex, pdqDistance } from './distance.ts';
import { computePdqDihedral, type PdqHash } from './hash.ts';
import { synthesizeRgb } from './testdata/synthesize.ts';

function withBitsFlipped(hash: Uint8Array, count: number): Uint8Array {
  const copy = hash.slice();
  for (let bit = 0; bit < count; bit++) copy[(bit * 7) % 32]! ^= 1 << (bit % 8);
  return copy;
}

function pdqHash(hash: Uint8Array, quality: number): PdqHash {
  return { hash, hashHex: Buffer.from(hash).toString('hex'), quality };
}

const hasCode = (code: string) => (error: unknown) => isSealchainError(error) && error.code === code;

describe('pdqDistance', () => {
  it('counts differing bits', () => {
    const a = new Uint8Array(32);
    assert.equal(pdqDistance(a, a), 0);
    assert.equal(pdqDistance(a, new Uint8Array(32).fill(255)), 256);
    assert.equal(pdqDistance(a, withBitsFlipped(a, 17)), 17);
  });

  it('rejects a hash that is not 32 bytes', () => {
    assert.throws(() => pdqDistance(new Uint8Array(31), new Uint8Array(32)), hasCode('PDQ_HASH_INVALID'));
  });
});

describe('parsePdqHex', () => {
  it('reads the reference text form and rejects anything else', () => {
    const hex = 'd8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22';
    assert.equal(Buffer.from(parsePdqHex(hex)).toString('hex'), hex);
    assert.throws(() => parsePdqHex(hex.slice(2)), hasCode('PDQ_HASH_INVALID'));
    assert.throws(() => parsePdqHex(`${hex.slice(1)}g`), hasCode('PDQ_HASH_INVALID'));
  });
});

describe('matchPdq', () => {
  const base = new Uint8Array(32).fill(0x5a);
  it('matches at distance 31 and not at 32', () => {
    assert.equal(matchPdq(pdqHash(base, 90), pdqHash(withBitsFlipped(base, 31), 90)), true);
    assert.equal(matchPdq(pdqHash(base, 90), pdqHash(withBitsFlipped(base, 32), 90)), false);
  });

  it('refuses a match when either hash is below quality 50', () => {
    assert.equal(matchPdq(pdqHash(base, 49), pdqHash(base, 100)), false);
    assert.equal(matchPdq(pdqHash(base, 100), pdqHash(base, 49)), false);
    assert.equal(matchPdq(pdqHash(base, 50), pdqHash(base, 50)), true);
  });
});

describe('matchPdqDihedral', () => {
  it('names the variant that a mirrored copy matches', () => {
    const query = computePdqDihedral(synthesizeRgb(120, 90, 3), 120, 90);
    const mirrored = { ...query.variants.flipY, quality: query.quality };
    const match = matchPdqDihedral(query, mirrored);
    assert.deepEqual(match, { transform: 'flipY', distance: 0, matched: true });
  });
});

describe('matchPdqDihedral at its bounds', () => {
  const query = computePdqDihedral(synthesizeRgb(120, 90, 3), 120, 90);
  const near = (bits: number, quality = 90): PdqHash =>
    pdqHash(withBitsFlipped(query.variants.rotate90.hash, bits), quality);

  it('matches a rotated copy at exactly the threshold distance and not one bit further', () => {
    assert.deepEqual(matchPdqDihedral({ ...query, quality: 90 }, near(31)), {
      transform: 'rotate90',
      distance: 31,
      matched: true,
    });
    assert.deepEqual(matchPdqDihedral({ ...query, quality: 90 }, near(32)), {
      transform: 'rotate90',
      distance: 32,
      matched: false,
    });
  });

  it('refuses a match at quality 49 on either side and accepts it at 50', () => {
    assert.equal(matchPdqDihedral({ ...query, quality: 49 }, near(0)).matched, false);
    assert.equal(matchPdqDihedral({ ...query, quality: 90 }, near(0, 49)).matched, false);
    assert.equal(matchPdqDihedral({ ...query, quality: 50 }, near(0, 50)).matched, true);
  });
});
