import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes } from '../crypto/index.ts';
import { CompactRange, computeRoot, countPeaks, type CompactRangeState } from './compact-range.ts';
import { MerkleError } from './errors.ts';
import { rangeNodes } from './proof-nodes.ts';
import { naiveRoot, ReferenceTree, uint64Leaf } from './test-support/reference-tree.ts';
import { referenceHasher as hasher, referenceLeaves, referenceRoots } from './test-support/vectors.ts';

const leafHashes = Array.from({ length: 300 }, (_, i) => hasher.hashLeaf(uint64Leaf(i)));
const tree = new ReferenceTree(hasher, leafHashes);

function expectError(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof MerkleError && error.code === code);
}

describe('CompactRange', () => {
  it('gives the RFC 6962 reference roots for sizes 0 to 8', () => {
    const range = new CompactRange(hasher);
    assert.equal(referenceRoots.length, 9);
    for (const { treeSize, root } of referenceRoots) {
      while (range.treeSize < treeSize) range.appendLeaf(referenceLeaves[range.treeSize]!);
      assert.equal(bytesToHex(range.root()), bytesToHex(root), `size ${treeSize}`);
    }
  });

  it('agrees with the reference tree after every append up to 300 leaves', () => {
    const range = new CompactRange(hasher);
    assert.deepEqual(range.root(), hasher.emptyRoot());
    for (let i = 0; i < 300; i++) {
      range.append(leafHashes[i]!);
      assert.deepEqual(range.root(), tree.root(i + 1), `size ${i + 1}`);
    }
  });

  it('keeps exactly the peaks of the tree as its state', () => {
    const range = new CompactRange(hasher);
    for (let size = 1; size <= 300; size++) {
      range.append(leafHashes[size - 1]!);
      const state = range.state();
      assert.equal(state.treeSize, size);
      assert.equal(state.peaks.length, countPeaks(size));
      assert.deepEqual(
        state.peaks,
        rangeNodes(0, size).map((node) => tree.node(node.level, node.index)),
      );
    }
  });

  it('resumes from a state saved as JSON and goes on to the same roots', () => {
    for (const stopAt of [0, 1, 2, 3, 7, 64, 100, 255]) {
      const range = new CompactRange(hasher);
      for (let i = 0; i < stopAt; i++) range.append(leafHashes[i]!);
      const saved = JSON.stringify({ treeSize: range.treeSize, peaks: range.state().peaks.map(bytesToHex) });
      const parsed = JSON.parse(saved) as { treeSize: number; peaks: string[] };
      const resumed = CompactRange.fromState(hasher, {
        treeSize: parsed.treeSize,
        peaks: parsed.peaks.map(hexToBytes),
      });
      for (let i = stopAt; i < 300; i++) resumed.append(leafHashes[i]!);
      assert.deepEqual(resumed.root(), tree.root(300));
    }
  });

  it('is not changed by edits to its inputs, its state or a clone', () => {
    const range = new CompactRange(hasher);
    const leaf = leafHashes[0]!.slice();
    range.append(leaf);
    leaf.fill(0);
    const state = range.state();
    (state.peaks[0] as Uint8Array).fill(0);
    const clone = range.clone();
    clone.append(leafHashes[1]!);
    assert.deepEqual(range.root(), tree.root(1));
    assert.deepEqual(clone.root(), tree.root(2));
    const root = range.root();
    root.fill(0);
    assert.deepEqual(range.root(), tree.root(1));
  });

  it('rejects a state whose peak count does not match its size, or bad hashes', () => {
    const peak = leafHashes[0]!;
    const bad: CompactRangeState[] = [
      { treeSize: 3, peaks: [peak] },
      { treeSize: 0, peaks: [peak] },
      { treeSize: 4, peaks: [peak, peak] },
      { treeSize: 1, peaks: 'x' as unknown as Uint8Array[] },
    ];
    for (const state of bad)
      expectError(() => CompactRange.fromState(hasher, state), 'COMPACT_RANGE_INVALID');
    expectError(
      () => CompactRange.fromState(hasher, { treeSize: 1, peaks: [new Uint8Array(31)] }),
      'HASH_SIZE_INVALID',
    );
    expectError(() => CompactRange.fromState(hasher, { treeSize: -1, peaks: [] }), 'TREE_SIZE_INVALID');
    expectError(
      () => CompactRange.fromState(hasher, { treeSize: 2 ** 53, peaks: [peak] }),
      'TREE_SIZE_INVALID',
    );
  });

  it('rejects a leaf hash of the wrong size and growing past 2^53-1 leaves', () => {
    expectError(() => new CompactRange(hasher).append(new Uint8Array(33)), 'HASH_SIZE_INVALID');
    const peaks = Array.from({ length: 53 }, () => leafHashes[0]!);
    const full = CompactRange.fromState(hasher, { treeSize: Number.MAX_SAFE_INTEGER, peaks });
    expectError(() => full.append(leafHashes[1]!), 'TREE_SIZE_INVALID');
  });

  it('appends through merges at sizes near 2^53', () => {
    const peaks = Array.from({ length: 52 }, (_, i) => leafHashes[i]!);
    const range = CompactRange.fromState(hasher, { treeSize: Number.MAX_SAFE_INTEGER - 1, peaks });
    range.append(leafHashes[100]!);
    assert.equal(range.treeSize, Number.MAX_SAFE_INTEGER);
    assert.equal(range.state().peaks.length, 53);
  });
});

describe('computeRoot', () => {
  it('equals the naive recursive MTH for every size up to 64', () => {
    for (let size = 0; size <= 64; size++) {
      const hashes = leafHashes.slice(0, size);
      const expected = naiveRoot(hasher, hashes);
      assert.deepEqual(computeRoot(hasher, hashes), expected);
      assert.deepEqual(tree.root(size), expected);
    }
  });
});
