import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex } from '../crypto/index.ts';
import { rootFromConsistencyProof, verifyConsistency } from './consistency.ts';
import { MerkleError } from './errors.ts';
import { flipBit, flipProofBit, resizedProofs } from './test-support/mutations.ts';
import { ReferenceTree, uint64Leaf } from './test-support/reference-tree.ts';
import { consistencyVectors, referenceHasher as hasher, referenceRoot } from './test-support/vectors.ts';

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

describe('verifyConsistency', () => {
  it('accepts every RFC 6962 reference consistency proof', () => {
    assert.ok(consistencyVectors.length >= 5);
    for (const { size1, size2, proof } of consistencyVectors) {
      const root1 = referenceRoot(size1);
      const root2 = referenceRoot(size2);
      verifyConsistency(hasher, size1, size2, proof, root1, root2);
      assert.deepEqual(rootFromConsistencyProof(hasher, size1, size2, proof, root1), root2);
    }
  });

  it('accepts equal sizes with an empty proof and equal roots, and nothing else for equal sizes', () => {
    const root = tree.root(9);
    verifyConsistency(hasher, 9, 9, [], root, root);
    assert.equal(
      codeOf(() => verifyConsistency(hasher, 9, 9, [], root, tree.root(8))),
      'CONSISTENCY_PROOF_INVALID',
    );
    assert.equal(
      codeOf(() => verifyConsistency(hasher, 9, 9, [root], root, root)),
      'PROOF_SIZE_INVALID',
    );
  });

  it('rejects size1 larger than size2, size1 of 0 and sizes that are not safe integers', () => {
    const root = tree.root(4);
    const cases: [number, number][] = [
      [5, 4],
      [0, 4],
      [0, 0],
      [-1, 4],
      [1.5, 4],
      [1, Number.NaN],
      [1, 2 ** 53],
    ];
    for (const [size1, size2] of cases) {
      assert.equal(
        codeOf(() => verifyConsistency(hasher, size1, size2, [root], root, root)),
        'TREE_SIZE_INVALID',
      );
    }
  });

  it('rejects an empty proof between different sizes and hashes that are not 32 bytes', () => {
    const root1 = tree.root(3);
    const root2 = tree.root(7);
    const proof = tree.consistencyProof(3, 7);
    assert.equal(
      codeOf(() => verifyConsistency(hasher, 3, 7, [], root1, root2)),
      'PROOF_SIZE_INVALID',
    );
    for (const bad of [new Uint8Array(0), new Uint8Array(31), new Uint8Array(64)]) {
      assert.equal(
        codeOf(() => verifyConsistency(hasher, 3, 7, proof, bad, root2)),
        'HASH_SIZE_INVALID',
      );
      assert.equal(
        codeOf(() => verifyConsistency(hasher, 3, 7, proof, root1, bad)),
        'HASH_SIZE_INVALID',
      );
      assert.equal(
        codeOf(() => verifyConsistency(hasher, 3, 7, [bad, ...proof.slice(1)], root1, root2)),
        'HASH_SIZE_INVALID',
      );
    }
  });

  it('reports both roots in hex when the proof does not lead to root1 or to root2', () => {
    const proof = tree.consistencyProof(5, 12);
    const details = (run: () => void): Readonly<Record<string, unknown>> => {
      try {
        run();
      } catch (error) {
        assert.ok(error instanceof MerkleError);
        assert.equal(error.code, 'CONSISTENCY_PROOF_INVALID');
        return error.details;
      }
      return assert.fail('a wrong root was accepted');
    };
    const wrong = tree.root(6);
    assert.deepEqual(
      details(() => verifyConsistency(hasher, 5, 12, proof, wrong, tree.root(12))),
      {
        expectedRoot: bytesToHex(wrong),
        computedRoot: bytesToHex(tree.root(5)),
      },
    );
    assert.deepEqual(
      details(() => verifyConsistency(hasher, 5, 12, proof, tree.root(5), wrong)),
      {
        expectedRoot: bytesToHex(wrong),
        computedRoot: bytesToHex(tree.root(12)),
      },
    );
  });

  const cases = [
    [1, 2],
    [1, 8],
    [2, 5],
    [3, 7],
    [4, 5],
    [6, 8],
    [6, 7],
    [7, 300],
    [8, 300],
    [31, 32],
    [100, 257],
    [128, 256],
    [200, 299],
    [255, 256],
  ] as const;

  it('rejects every single-bit change of a proof element or of either root', () => {
    for (const [size1, size2] of cases) {
      const root1 = tree.root(size1);
      const root2 = tree.root(size2);
      const proof = tree.consistencyProof(size1, size2);
      verifyConsistency(hasher, size1, size2, proof, root1, root2);
      for (let bit = 0; bit < 256; bit++) {
        for (let element = 0; element < proof.length; element++) {
          const damaged = flipProofBit(proof, element, bit);
          assert.equal(
            codeOf(() => verifyConsistency(hasher, size1, size2, damaged, root1, root2)),
            'CONSISTENCY_PROOF_INVALID',
            `${size1}→${size2}: element ${element} bit ${bit}`,
          );
        }
        assert.equal(
          codeOf(() => verifyConsistency(hasher, size1, size2, proof, flipBit(root1, bit), root2)),
          'CONSISTENCY_PROOF_INVALID',
        );
        assert.equal(
          codeOf(() => verifyConsistency(hasher, size1, size2, proof, root1, flipBit(root2, bit))),
          'CONSISTENCY_PROOF_INVALID',
        );
      }
    }
  });

  it('rejects a proof with a hash dropped or added anywhere', () => {
    for (const [size1, size2] of cases) {
      const root1 = tree.root(size1);
      const root2 = tree.root(size2);
      const proof = tree.consistencyProof(size1, size2);
      for (const extra of [root1, root2, proof[0]!]) {
        for (const resized of resizedProofs(proof, extra)) {
          assert.equal(
            codeOf(() => verifyConsistency(hasher, size1, size2, resized, root1, root2)),
            'PROOF_SIZE_INVALID',
          );
        }
      }
    }
  });

  it('rejects a proof presented for other sizes with the roots of those sizes', () => {
    for (const [size1, size2] of cases) {
      const proof = tree.consistencyProof(size1, size2);
      for (let other1 = 1; other1 <= size2; other1++) {
        if (other1 === size1) continue;
        const code = codeOf(() =>
          verifyConsistency(hasher, other1, size2, proof, tree.root(other1), tree.root(size2)),
        );
        assert.notEqual(code, 'ACCEPTED', `size1 ${other1} instead of ${size1} (size2 ${size2})`);
      }
      for (let other2 = size1; other2 <= 300; other2++) {
        if (other2 === size2) continue;
        const code = codeOf(() =>
          verifyConsistency(hasher, size1, other2, proof, tree.root(size1), tree.root(other2)),
        );
        assert.notEqual(code, 'ACCEPTED', `size2 ${other2} instead of ${size2} (size1 ${size1})`);
      }
    }
  });

  it('rejects swapped roots', () => {
    for (const [size1, size2] of cases) {
      const proof = tree.consistencyProof(size1, size2);
      const code = codeOf(() =>
        verifyConsistency(hasher, size1, size2, proof, tree.root(size2), tree.root(size1)),
      );
      assert.equal(code, 'CONSISTENCY_PROOF_INVALID');
    }
  });
});
