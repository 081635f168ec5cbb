import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bitLength, isPowerOfTwo, largestPowerOfTwoBelow, trailingZeros } from './bits.ts';
import { MerkleError } from './errors.ts';
import { consistencyProofLength, inclusionProofLength } from './proof-length.ts';
import { consistencyProofNodes, inclusionProofNodes, rangeNodes, type NodeId } from './proof-nodes.ts';
import { createPrng } from './test-support/prng.ts';

const MAX = Number.MAX_SAFE_INTEGER;

function randomSize(prng: ReturnType<typeof createPrng>): number {
  const bits = 1 + prng.nextInt(53);
  const size = Math.floor(prng.next() * 2 ** bits) + (prng.nextInt(2) === 0 ? 0 : prng.nextInt(4));
  return Math.min(MAX, Math.max(1, size));
}

function coverage(node: NodeId): [bigint, bigint] {
  const width = 1n << BigInt(node.level);
  return [BigInt(node.index) * width, (BigInt(node.index) + 1n) * width];
}

/** The nodes are adjacent left to right and cover [begin, end) exactly; returns that range. */
function checkAdjacent(nodes: readonly NodeId[]): [bigint, bigint] {
  const [begin] = coverage(nodes[0]!);
  let end = begin;
  for (const node of nodes) {
    const [from, to] = coverage(node);
    assert.equal(from, end, 'nodes are not adjacent');
    end = to;
  }
  return [begin, end];
}

describe('integer helpers', () => {
  it('agree with BigInt arithmetic over the whole safe range', () => {
    const prng = createPrng(10);
    const values = [1, 2, 3, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52, MAX - 1, MAX];
    for (let i = 0; i < 5000; i++) values.push(randomSize(prng));
    for (const value of values) {
      const big = BigInt(value);
      assert.equal(bitLength(value), big.toString(2).length, `bitLength(${value})`);
      assert.equal(trailingZeros(value), big.toString(2).length - big.toString(2).lastIndexOf('1') - 1);
      assert.equal(isPowerOfTwo(value), (big & (big - 1n)) === 0n);
      if (value >= 2) {
        const k = BigInt(largestPowerOfTwoBelow(value));
        assert.ok(k < big && k * 2n >= big && (k & (k - 1n)) === 0n, `largestPowerOfTwoBelow(${value})`);
      }
    }
    assert.equal(bitLength(0), 0);
  });
});

describe('rangeNodes', () => {
  it('covers any range with adjacent, aligned, maximal subtrees', () => {
    const prng = createPrng(11);
    for (let run = 0; run < 3000; run++) {
      const end = randomSize(prng);
      const begin = run % 3 === 0 ? 0 : Math.floor(prng.next() * end);
      const nodes = rangeNodes(begin, end);
      if (begin === end) {
        assert.deepEqual(nodes, []);
        continue;
      }
      assert.deepEqual(checkAdjacent(nodes), [BigInt(begin), BigInt(end)]);
      for (let i = 1; i < nodes.length; i++) {
        const a = nodes[i - 1]!;
        const b = nodes[i]!;
        assert.ok(!(a.level === b.level && a.index % 2 === 0), 'two siblings left unmerged');
      }
      assert.ok(nodes.length <= 2 * 53);
    }
  });

  it('gives the peaks of a tree, one per set bit of its size', () => {
    assert.deepEqual(rangeNodes(0, 13), [
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    assert.equal(rangeNodes(0, MAX).length, 53);
  });

  it('rejects a range whose begin is after its end', () => {
    assert.throws(
      () => rangeNodes(5, 4),
      (error: unknown) => error instanceof MerkleError && error.code === 'TREE_SIZE_INVALID',
    );
  });
});

describe('proof nodes at sizes up to 2^53-1', () => {
  it('partition the tree around the leaf for inclusion and match the RFC proof length', () => {
    const prng = createPrng(12);
    for (let run = 0; run < 3000; run++) {
      const treeSize = run === 0 ? MAX : randomSize(prng);
      const leafIndex = run === 0 ? MAX - 1 : Math.floor(prng.next() * treeSize);
      const { elements } = inclusionProofNodes(leafIndex, treeSize);
      assert.equal(elements.length, inclusionProofLength(leafIndex, treeSize));
      const ranges = [[BigInt(leafIndex), BigInt(leafIndex) + 1n], ...elements.map(checkAdjacent)];
      ranges.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
      let end = 0n;
      for (const [from, to] of ranges) {
        assert.equal(from, end);
        end = to!;
      }
      assert.equal(end, BigInt(treeSize));
    }
  });

  it('stay inside the newer tree for consistency and match the RFC proof length', () => {
    const prng = createPrng(13);
    for (let run = 0; run < 3000; run++) {
      const size2 = run === 0 ? MAX : randomSize(prng);
      const size1 = run === 0 ? MAX - 1 : 1 + Math.floor(prng.next() * size2);
      const { elements } = consistencyProofNodes(size1, size2);
      assert.equal(elements.length, consistencyProofLength(size1, size2));
      for (const group of elements) assert.ok(checkAdjacent(group)[1] <= BigInt(size2));
    }
  });
});
