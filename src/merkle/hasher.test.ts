import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, concatBytes, hexToBytes, sha256, sm3, utf8ToBytes } from '../crypto/index.ts';
import { MerkleError } from './errors.ts';
import { rfc6962 } from './hasher.ts';
import vectors from './testdata/rfc6962-sha256.json' with { type: 'json' };

const sha = rfc6962('sha256');

describe('rfc6962 hasher', () => {
  it('hashes leaves and children like the RFC 6962 reference vectors', () => {
    assert.ok(vectors.hashLeaf.length > 0 && vectors.hashChildren.length > 0);
    for (const vector of vectors.hashLeaf) {
      assert.equal(bytesToHex(sha.hashLeaf(utf8ToBytes(vector.leafUtf8))), vector.hash);
    }
    for (const vector of vectors.hashChildren) {
      const hash = sha.hashChildren(utf8ToBytes(vector.leftUtf8), utf8ToBytes(vector.rightUtf8));
      assert.equal(bytesToHex(hash), vector.hash);
    }
  });

  it('gives the SHA-256 of the empty string as the empty root', () => {
    assert.equal(bytesToHex(sha.emptyRoot()), vectors.roots[0]!.root);
  });

  it('uses SM3 with the same prefixes for a national-crypto chain', () => {
    const sm = rfc6962('sm3');
    const left = new Uint8Array(32).fill(1);
    const right = new Uint8Array(32).fill(2);
    assert.equal(sm.algorithm, 'sm3');
    assert.deepEqual(sm.emptyRoot(), sm3(new Uint8Array(0)));
    assert.deepEqual(sm.hashLeaf(utf8ToBytes('abc')), sm3(utf8ToBytes('\u0000abc')));
    assert.deepEqual(sm.hashChildren(left, right), sm3(concatBytes(Uint8Array.of(1), left, right)));
    assert.notDeepEqual(sm.hashLeaf(utf8ToBytes('abc')), sha.hashLeaf(utf8ToBytes('abc')));
  });

  it('hashes leaves of every size, below and above the reused buffer', () => {
    for (const size of [0, 1, 255, 256, 4094, 4095, 4096, 70_000, 3]) {
      const leaf = new Uint8Array(size).fill(size % 251);
      assert.deepEqual(
        sha.hashLeaf(leaf),
        sha256(concatBytes(Uint8Array.of(0), leaf)),
        `leaf of ${size} bytes`,
      );
    }
  });

  it('returns hashes that later calls do not overwrite', () => {
    const a = sha.hashChildren(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2));
    const aHex = bytesToHex(a);
    sha.hashChildren(new Uint8Array(32).fill(3), new Uint8Array(32).fill(4));
    assert.equal(bytesToHex(a), aHex);
    const emptyRoot = sha.emptyRoot();
    emptyRoot[0] = 0;
    assert.equal(bytesToHex(sha.emptyRoot()), vectors.roots[0]!.root);
  });

  it('rejects an unknown hash algorithm', () => {
    assert.throws(
      () => rfc6962('md5' as 'sha256'),
      (error: unknown) => error instanceof MerkleError && error.code === 'HASH_ALGORITHM_UNKNOWN',
    );
  });

  it('shares one frozen hasher per algorithm', () => {
    assert.equal(rfc6962('sha256'), sha);
    assert.ok(Object.isFrozen(sha));
    assert.equal(sha.size, 32);
    assert.deepEqual(sha.hashLeaf(new Uint8Array(0)), hexToBytes(vectors.roots[1]!.root));
  });
});
