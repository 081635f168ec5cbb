import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex } from '../crypto/index.ts';
import { MerkleError } from './errors.ts';
import { rootFromInclusionProof, verifyInclusion } from './inclusion.ts';
import { flipBit, flipProofBit, resizedProofs } from './test-support/mutations.ts';
import { ReferenceTree, uint64Leaf } from './test-support/reference-tree.ts';
import {
  inclusionVectors,
  referenceHasher as hasher,
  referenceLeafHashes,
  referenceRoot,
} from './test-support/vectors.ts';

const tree = new ReferenceTree(
  hasher,
  Array.from({ length: 300 }, (_, i) => hasher.hashLeaf(uint64Leaf(i))),
);

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof MerkleError, `expected a MerkleError, got ${String(error)}`);
    return error.code;
  }
  return 'ACCEPTED';
}

describe('verifyInclusion', () => {
  it('accepts every RFC 6962 reference inclusion proof', () => {
    assert.ok(inclusionVectors.length >= 5);
    for (const vector of inclusionVectors) {
      const leafHash = referenceLeafHashes[vector.leafIndex]!;
      const root = referenceRoot(vector.treeSize);
      verifyInclusion(hasher, vector.leafIndex, vector.treeSize, leafHash, vector.proof, root);
      assert.deepEqual(
        rootFromInclusionProof(hasher, vector.leafIndex, vector.treeSize, leafHash, vector.proof),
        root,
      );
    }
  });

  it('accepts a one-leaf tree whose root is the leaf hash, with an empty proof', () => {
    const leafHash = hasher.hashLeaf(new Uint8Array([1, 2, 3]));
    verifyInclusion(hasher, 0, 1, leafHash, [], leafHash);
    assert.equal(
      codeOf(() => verifyInclusion(hasher, 0, 1, leafHash, [], hasher.emptyRoot())),
      'INCLUSION_PROOF_INVALID',
    );
  });

  it('reports both roots in hex when the proof leads elsewhere', () => {
    const proof = tree.inclusionPath(3, 10);
    const wrongRoot = tree.root(11);
    try {
      verifyInclusion(hasher, 3, 10, tree.leafHash(3), proof, wrongRoot);
      assert.fail('a proof against the wrong root was accepted');
    } catch (error) {
      assert.ok(error instanceof MerkleError);
      assert.equal(error.code, 'INCLUSION_PROOF_INVALID');
      assert.equal(error.details.expectedRoot, bytesToHex(wrongRoot));
      assert.equal(error.details.computedRoot, bytesToHex(tree.root(10)));
    }
  });

  it('rejects an index outside the tree, and sizes and indexes that are not safe integers', () => {
    const leafHash = tree.leafHash(0);
    const root = tree.root(4);
    const proof = tree.inclusionPath(0, 4);
    const cases: [number, number, string][] = [
      [4, 4, 'INDEX_OUT_OF_RANGE'],
      [5, 4, 'INDEX_OUT_OF_RANGE'],
      [0, 0, 'INDEX_OUT_OF_RANGE'],
      [-1, 4, 'INDEX_OUT_OF_RANGE'],
      [0.5, 4, 'INDEX_OUT_OF_RANGE'],
      [Number.NaN, 4, 'INDEX_OUT_OF_RANGE'],
      [0, -4, 'TREE_SIZE_INVALID'],
      [0, 4.5, 'TREE_SIZE_INVALID'],
      [0, Number.POSITIVE_INFINITY, 'TREE_SIZE_INVALID'],
      [0, 2 ** 53, 'TREE_SIZE_INVALID'],
    ];
    for (const [leafIndex, treeSize, code] of cases) {
      assert.equal(
        codeOf(() => verifyInclusion(hasher, leafIndex, treeSize, leafHash, proof, root)),
        code,
      );
    }
    assert.equal(
      codeOf(() => verifyInclusion(hasher, 0, '4' as unknown as number, leafHash, proof, root)),
      'TREE_SIZE_INVALID',
    );
  });

  it('rejects a leaf hash, root or proof element that is not 32 bytes', () => {
    const leafHash = tree.leafHash(2);
    const root = tree.root(7);
    const proof = tree.inclusionPath(2, 7);
    for (const bad of [new Uint8Array(0), new Uint8Array(31), new Uint8Array(33)]) {
      assert.equal(
        codeOf(() => verifyInclusion(hasher, 2, 7, bad, proof, root)),
        'HASH_SIZE_INVALID',
      );
      assert.equal(
        codeOf(() => verifyInclusion(hasher, 2, 7, leafHash, proof, bad)),
        'HASH_SIZE_INVALID',
      );
      assert.equal(
        codeOf(() => verifyInclusion(hasher, 2, 7, leafHash, [proof[0]!, bad, proof[2]!], root)),
        'HASH_SIZE_INVALID',
      );
    }
    assert.equal(
      codeOf(() => verifyInclusion(hasher, 2, 7, leafHash, 'proof' as unknown as Uint8Array[], root)),
      'PROOF_SIZE_INVALID',
    );
    assert.equal(
      codeOf(() => verifyInclusion(hasher, 2, 7, leafHash, [null] as unknown as Uint8Array[], root)),
      'HASH_SIZE_INVALID',
    );
  });

  const cases = [
    [0, 1],
    [0, 2],
    [1, 2],
    [2, 3],
    [5, 8],
    [6, 7],
    [0, 13],
    [12, 13],
    [37, 64],
    [99, 100],
    [128, 255],
    [255, 256],
    [256, 257],
    [170, 300],
  ] as const;

  it('rejects every single-bit change of a proof element, the leaf hash or the root', () => {
    for (const [leafIndex, treeSize] of cases) {
      const leafHash = tree.leafHash(leafIndex);
      const root = tree.root(treeSize);
      const proof = tree.inclusionPath(leafIndex, treeSize);
      verifyInclusion(hasher, leafIndex, treeSize, leafHash, proof, root);
      for (let bit = 0; bit < 256; bit++) {
        for (let element = 0; element < proof.length; element++) {
          const damaged = flipProofBit(proof, element, bit);
          assert.equal(
            codeOf(() => verifyInclusion(hasher, leafIndex, treeSize, leafHash, damaged, root)),
            'INCLUSION_PROOF_INVALID',
          );
        }
        assert.equal(
          codeOf(() => verifyInclusion(hasher, leafIndex, treeSize, leafHash, proof, flipBit(root, bit))),
          'INCLUSION_PROOF_INVALID',
        );
        assert.equal(
          codeOf(() => verifyInclusion(hasher, leafIndex, treeSize, flipBit(leafHash, bit), proof, root)),
          'INCLUSION_PROOF_INVALID',
        );
      }
    }
  });

  it('rejects a proof with a hash dropped or added anywhere', () => {
    for (const [leafIndex, treeSize] of cases) {
      const leafHash = tree.leafHash(leafIndex);
      const root = tree.root(treeSize);
      const proof = tree.inclusionPath(leafIndex, treeSize);
      for (const extra of [root, leafHash, proof[0] ?? root]) {
        for (const resized of resizedProofs(proof, extra)) {
          assert.equal(
            codeOf(() => verifyInclusion(hasher, leafIndex, treeSize, leafHash, resized, root)),
            'PROOF_SIZE_INVALID',
          );
        }
      }
    }
  });

  it('rejects a proof presented for another index or for another tree size and its root', () => {
    for (const [leafIndex, treeSize] of cases) {
      const leafHash = tree.leafHash(leafIndex);
      const proof = tree.inclusionPath(leafIndex, treeSize);
      for (let otherIndex = 0; otherIndex < treeSize; otherIndex++) {
        if (otherIndex === leafIndex) continue;
        const code = codeOf(() =>
          verifyInclusion(hasher, otherIndex, treeSize, leafHash, proof, tree.root(treeSize)),
        );
        assert.notEqual(code, 'ACCEPTED', `index ${otherIndex} instead of ${leafIndex} in ${treeSize}`);
      }
      for (let otherSize = leafIndex + 1; otherSize <= 300; otherSize++) {
        if (otherSize === treeSize) continue;
        const code = codeOf(() =>
          verifyInclusion(hasher, leafIndex, otherSize, leafHash, proof, tree.root(otherSize)),
        );
        assert.notEqual(code, 'ACCEPTED', `size ${otherSize} instead of ${treeSize} for leaf ${leafIndex}`);
      }
    }
  });
});
