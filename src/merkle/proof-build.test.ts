import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyConsistency } from './consistency.ts';
import { MerkleError } from './errors.ts';
import { verifyInclusion } from './inclusion.ts';
import { consistencyProof, inclusionProof, resolveProofNodes, type GetNode } from './proof-build.ts';
import { consistencyProofLength, inclusionProofLength } from './proof-length.ts';
import { consistencyProofNodes, inclusionProofNodes, listProofNodeIds } from './proof-nodes.ts';
import { flipProofBit } from './test-support/mutations.ts';
import { createPrng } from './test-support/prng.ts';
import { ReferenceTree, uint64Leaf } from './test-support/reference-tree.ts';
import {
  consistencyVectors,
  inclusionVectors,
  referenceHasher as hasher,
  referenceLeafHashes,
} from './test-support/vectors.ts';

const small = new ReferenceTree(
  hasher,
  Array.from({ length: 300 }, (_, i) => hasher.hashLeaf(uint64Leaf(i))),
);

/** A node source that also checks every requested node is a complete subtree of `treeSize`. */
function storedNodes(tree: ReferenceTree, treeSize: number, reads: string[] = []): GetNode {
  return (level, index) => {
    assert.ok(
      (index + 1) * 2 ** level <= treeSize,
      `node (${level}, ${index}) is not stored at size ${treeSize}`,
    );
    reads.push(`${level}/${index}`);
    return tree.node(level, index);
  };
}

function expectError(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof MerkleError && error.code === code);
}

describe('inclusionProof', () => {
  it('builds the RFC 6962 reference inclusion proofs', () => {
    const tree = new ReferenceTree(hasher, referenceLeafHashes);
    for (const vector of inclusionVectors) {
      const proof = inclusionProof(
        hasher,
        vector.leafIndex,
        vector.treeSize,
        storedNodes(tree, vector.treeSize),
      );
      assert.deepEqual(proof, vector.proof);
    }
  });

  it('equals the reference PATH and verifies for every index of every size from 1 to 300', () => {
    const prng = createPrng(1);
    let checked = 0;
    for (let treeSize = 1; treeSize <= 300; treeSize++) {
      const root = small.root(treeSize);
      for (let leafIndex = 0; leafIndex < treeSize; leafIndex++) {
        const proof = inclusionProof(hasher, leafIndex, treeSize, storedNodes(small, treeSize));
        assert.deepEqual(proof, small.inclusionPath(leafIndex, treeSize), `leaf ${leafIndex} of ${treeSize}`);
        assert.equal(proof.length, inclusionProofLength(leafIndex, treeSize));
        verifyInclusion(hasher, leafIndex, treeSize, small.leafHash(leafIndex), proof, root);
        if (proof.length > 0) {
          const damaged = flipProofBit(proof, prng.nextInt(proof.length), prng.nextInt(256));
          expectError(
            () => verifyInclusion(hasher, leafIndex, treeSize, small.leafHash(leafIndex), damaged, root),
            'INCLUSION_PROOF_INVALID',
          );
        }
        checked++;
      }
    }
    assert.equal(checked, (300 * 301) / 2);
  });

  it('reads each stored node once and has at most one ephemeral element', () => {
    for (let treeSize = 1; treeSize <= 300; treeSize++) {
      for (let leafIndex = 0; leafIndex < treeSize; leafIndex++) {
        const nodes = inclusionProofNodes(leafIndex, treeSize);
        const reads: string[] = [];
        resolveProofNodes(hasher, nodes, storedNodes(small, treeSize, reads));
        assert.equal(new Set(reads).size, reads.length);
        assert.equal(reads.length, listProofNodeIds(nodes).length);
        assert.ok(nodes.elements.filter((group) => group.length > 1).length <= 1);
      }
    }
  });

  it('rejects a node source that returns nothing or a hash of the wrong size', () => {
    const missing = (() => undefined) as unknown as GetNode;
    expectError(() => inclusionProof(hasher, 3, 10, missing), 'NODE_MISSING');
    expectError(() => inclusionProof(hasher, 3, 10, () => new Uint8Array(31)), 'HASH_SIZE_INVALID');
    expectError(() => inclusionProof(hasher, 10, 10, storedNodes(small, 10)), 'INDEX_OUT_OF_RANGE');
    expectError(() => inclusionProof(hasher, 0, -1, storedNodes(small, 10)), 'TREE_SIZE_INVALID');
    expectError(() => resolveProofNodes(hasher, { elements: [[]] }, storedNodes(small, 10)), 'NODE_MISSING');
  });
});

describe('consistencyProof', () => {
  it('builds the RFC 6962 reference consistency proofs', () => {
    const tree = new ReferenceTree(hasher, referenceLeafHashes);
    for (const { size1, size2, proof } of consistencyVectors) {
      assert.deepEqual(consistencyProof(hasher, size1, size2, storedNodes(tree, size2)), proof);
    }
  });

  it('equals the reference PROOF and verifies for every pair of sizes up to 130', () => {
    const prng = createPrng(2);
    for (let size2 = 1; size2 <= 130; size2++) {
      const root2 = small.root(size2);
      for (let size1 = 1; size1 <= size2; size1++) {
        const root1 = small.root(size1);
        const proof = consistencyProof(hasher, size1, size2, storedNodes(small, size2));
        assert.deepEqual(proof, small.consistencyProof(size1, size2), `${size1} → ${size2}`);
        assert.equal(proof.length, consistencyProofLength(size1, size2));
        verifyConsistency(hasher, size1, size2, proof, root1, root2);
        if (proof.length > 0) {
          const damaged = flipProofBit(proof, prng.nextInt(proof.length), prng.nextInt(256));
          expectError(
            () => verifyConsistency(hasher, size1, size2, damaged, root1, root2),
            'CONSISTENCY_PROOF_INVALID',
          );
        }
      }
    }
  });

  it('has at most one ephemeral element', () => {
    for (let size2 = 1; size2 <= 300; size2++) {
      for (let size1 = 1; size1 <= size2; size1++) {
        const nodes = consistencyProofNodes(size1, size2);
        assert.ok(nodes.elements.filter((group) => group.length > 1).length <= 1);
      }
    }
  });

  it('rejects size1 of 0 and size1 above size2', () => {
    expectError(() => consistencyProof(hasher, 0, 5, storedNodes(small, 5)), 'TREE_SIZE_INVALID');
    expectError(() => consistencyProof(hasher, 6, 5, storedNodes(small, 5)), 'TREE_SIZE_INVALID');
  });
});

describe('proofs in a tree of a million leaves', () => {
  const treeSize = 2 ** 20;
  const leafHashes = createPrng(3).fill(new Uint8Array(treeSize * hasher.size));
  const large = new ReferenceTree(hasher, leafHashes);

  it('builds inclusion proofs equal to the reference that verify, for random indexes and sizes', () => {
    const prng = createPrng(4);
    for (let run = 0; run < 300; run++) {
      const size = 1 + prng.nextInt(treeSize);
      const leafIndex = prng.nextInt(size);
      const proof = inclusionProof(hasher, leafIndex, size, storedNodes(large, size));
      assert.deepEqual(proof, large.inclusionPath(leafIndex, size));
      verifyInclusion(hasher, leafIndex, size, large.leafHash(leafIndex), proof, large.root(size));
    }
  });

  it('builds consistency proofs equal to the reference that verify, for random pairs of sizes', () => {
    const prng = createPrng(5);
    for (let run = 0; run < 300; run++) {
      const size2 = 1 + prng.nextInt(treeSize);
      const size1 = run % 10 === 0 ? 2 ** prng.nextInt(20) : 1 + prng.nextInt(size2);
      if (size1 > size2) continue;
      const proof = consistencyProof(hasher, size1, size2, storedNodes(large, size2));
      assert.deepEqual(proof, large.consistencyProof(size1, size2));
      verifyConsistency(hasher, size1, size2, proof, large.root(size1), large.root(size2));
    }
  });
});
