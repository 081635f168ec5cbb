import { hexToBytes } from '../../crypto/index.ts';
import { rfc6962 } from '../hasher.ts';
import vectors from '../testdata/rfc6962-sha256.json' with { type: 'json' };

// The RFC 6962 reference vectors of testdata/rfc6962-sha256.json as bytes.

export const referenceHasher = rfc6962('sha256');
export const referenceLeaves = vectors.leaves.map((leaf) => hexToBytes(leaf));
export const referenceLeafHashes = referenceLeaves.map((leaf) => referenceHasher.hashLeaf(leaf));

/** The root of the reference tree of `treeSize` leaves, 0..8. */
export function referenceRoot(treeSize: number): Uint8Array {
  const entry = vectors.roots.find((root) => root.treeSize === treeSize);
  if (entry === undefined) throw new Error(`no reference root for size ${treeSize}`);
  return hexToBytes(entry.root);
}

export const inclusionVectors = vectors.inclusionProofs.map((vector) => ({
  leafIndex: vector.leafIndex,
  treeSize: vector.treeSize,
  proof: vector.proof.map((hash) => hexToBytes(hash)),
}));

export const consistencyVectors = vectors.consistencyProofs.map((vector) => ({
  size1: vector.size1,
  size2: vector.size2,
  proof: vector.proof.map((hash) => hexToBytes(hash)),
}));

export const referenceRoots = vectors.roots.map((root) => ({
  treeSize: root.treeSize,
  root: hexToBytes(root.root),
}));
