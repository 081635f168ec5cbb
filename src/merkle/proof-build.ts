import { MerkleError } from './errors.ts';
import type { Hasher } from './hasher.ts';
import { consistencyProofNodes, inclusionProofNodes, type NodeId, type ProofNodes } from './proof-nodes.ts';

/**
 * Reads the hash of a stored perfect subtree (see NodeId). MUST return a hash of the hasher's size
 * or throw; returning nothing is reported as NODE_MISSING.
 */
export type GetNode = (level: number, index: number) => Uint8Array;

function readNode(hasher: Hasher, getNode: GetNode, node: NodeId): Uint8Array {
  const hash = getNode(node.level, node.index) as Uint8Array | undefined | null;
  if (hash === undefined || hash === null) {
    throw new MerkleError('NODE_MISSING', `node at level ${node.level}, index ${node.index} is missing`, {
      details: { level: node.level, index: node.index },
    });
  }
  if (!(hash instanceof Uint8Array) || hash.length !== hasher.size) {
    throw new MerkleError(
      'HASH_SIZE_INVALID',
      `node at level ${node.level}, index ${node.index} is not a ${hasher.size}-byte hash`,
      { details: { level: node.level, index: node.index } },
    );
  }
  return hash;
}

/** Turns proof nodes into proof hashes, building each ephemeral node from its stored subtrees. */
export function resolveProofNodes(hasher: Hasher, proofNodes: ProofNodes, getNode: GetNode): Uint8Array[] {
  return proofNodes.elements.map((group) => {
    if (group.length === 0) {
      throw new MerkleError('NODE_MISSING', 'a proof element lists no nodes');
    }
    let hash = readNode(hasher, getNode, group[group.length - 1]!);
    for (let i = group.length - 2; i >= 0; i--) {
      hash = hasher.hashChildren(readNode(hasher, getNode, group[i]!), hash);
    }
    return hash;
  });
}

/** The RFC 9162 §2.1.3.1 inclusion proof of `leafIndex` in the tree of `treeSize` leaves. */
export function inclusionProof(
  hasher: Hasher,
  leafIndex: number,
  treeSize: number,
  getNode: GetNode,
): Uint8Array[] {
  return resolveProofNodes(hasher, inclusionProofNodes(leafIndex, treeSize), getNode);
}

/** The RFC 9162 §2.1.4.1 consistency proof from `size1` to `size2` leaves (0 < size1 <= size2). */
export function consistencyProof(
  hasher: Hasher,
  size1: number,
  size2: number,
  getNode: GetNode,
): Uint8Array[] {
  return resolveProofNodes(hasher, consistencyProofNodes(size1, size2), getNode);
}
