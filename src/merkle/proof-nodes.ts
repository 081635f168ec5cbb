import { bitLength, checkLeafIndex, checkTreeSize, largestPowerOfTwoBelow, trailingZeros } from './bits.ts';
import { MerkleError } from './errors.ts';
import { checkConsistencySizes } from './proof-length.ts';

/**
 * A perfect subtree: the node at `level` (0 for leaves) covering leaves
 * [index·2^level, (index+1)·2^level). These are the nodes a log stores, in tiles or otherwise.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/**
 * The stored nodes that make up a proof. `elements` has one entry per proof hash, in proof
 * order. An entry of one node is that node's hash. An entry of several nodes is an ephemeral node
 * on the right edge of the tree: its nodes are adjacent perfect subtrees, left to right, and the
 * proof hash is their Merkle tree hash, folded from the right:
 * hashChildren(n0, hashChildren(n1, … hashChildren(n[k-1], n[k]))).
 */
export interface ProofNodes {
  readonly elements: readonly (readonly NodeId[])[];
}

/**
 * The perfect subtrees covering leaves [begin, end), left to right, each as large as its position
 * allows (the compact range of [begin, end); for begin = 0 the peaks of a tree of size end).
 */
export function rangeNodes(begin: number, end: number): NodeId[] {
  checkTreeSize(begin, 'begin');
  checkTreeSize(end, 'end');
  if (begin > end) {
    throw new MerkleError('TREE_SIZE_INVALID', `range begin ${begin} is after its end ${end}`, {
      details: { begin, end },
    });
  }
  const nodes: NodeId[] = [];
  let position = begin;
  while (position < end) {
    const fitting = bitLength(end - position) - 1;
    const level = position === 0 ? fitting : Math.min(trailingZeros(position), fitting);
    const width = 2 ** level;
    nodes.push({ level, index: position / width });
    position += width;
  }
  return nodes;
}

function elementsFromRanges(ranges: readonly [number, number][]): NodeId[][] {
  return ranges.map(([begin, end]) => rangeNodes(begin, end)).reverse();
}

// RFC 9162 §2.1.3.1: PATH(m, D[n]) with its recursion unrolled from the root down; each step
// records the leaf range of one proof hash, the deepest last.
export function inclusionProofNodes(leafIndex: number, treeSize: number): ProofNodes {
  checkTreeSize(treeSize, 'treeSize');
  checkLeafIndex(leafIndex, treeSize);
  const ranges: [number, number][] = [];
  let low = 0;
  let high = treeSize;
  while (high - low > 1) {
    const k = largestPowerOfTwoBelow(high - low);
    if (leafIndex < low + k) {
      ranges.push([low + k, high]);
      high = low + k;
    } else {
      ranges.push([low, low + k]);
      low += k;
    }
  }
  return { elements: elementsFromRanges(ranges) };
}

// RFC 9162 §2.1.4.1: PROOF(m, D[n]) = SUBPROOF(m, D[n], true), unrolled the same way.
export function consistencyProofNodes(size1: number, size2: number): ProofNodes {
  checkConsistencySizes(size1, size2);
  const ranges: [number, number][] = [];
  let low = 0;
  let high = size2;
  let isWholeOldTree = true;
  for (;;) {
    const m = size1 - low;
    if (m === high - low) {
      if (!isWholeOldTree) ranges.push([low, high]);
      break;
    }
    const k = largestPowerOfTwoBelow(high - low);
    if (m <= k) {
      ranges.push([low + k, high]);
      high = low + k;
    } else {
      ranges.push([low, low + k]);
      low += k;
      isWholeOldTree = false;
    }
  }
  return { elements: elementsFromRanges(ranges) };
}

/** Every stored node a proof reads, in proof order, each once. */
export function listProofNodeIds(proofNodes: ProofNodes): NodeId[] {
  return proofNodes.elements.flat();
}
