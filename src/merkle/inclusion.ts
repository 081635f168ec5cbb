import { checkLeafIndex, checkTreeSize } from './bits.ts';
import { checkHash, type Hasher } from './hasher.ts';
import { checkProofHashes, checkRootsMatch } from './proof-input.ts';
import { checkProofLength, countPathSteps } from './proof-length.ts';

// RFC 9162 §2.1.3.2. The exact proof length is checked before hashing, which covers the
// algorithm's "sn is 0 before the path ends" and "sn is not 0 after it" failures.
export function rootFromInclusionProof(
  hasher: Hasher,
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  checkTreeSize(treeSize, 'treeSize');
  checkLeafIndex(leafIndex, treeSize);
  checkHash(hasher, leafHash, 'leafHash');
  checkProofHashes(hasher, proof);
  checkProofLength(proof, countPathSteps(leafIndex, treeSize - 1));
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (fn % 2 === 1 || fn === sn) {
      r = hasher.hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hasher.hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return r === leafHash ? leafHash.slice() : r;
}

/**
 * Checks that `leafHash` is the leaf at `leafIndex` of the tree of `treeSize` leaves whose root is
 * `root`. Throws MerkleError: INCLUSION_PROOF_INVALID (with expectedRoot/computedRoot),
 * PROOF_SIZE_INVALID, HASH_SIZE_INVALID, INDEX_OUT_OF_RANGE or TREE_SIZE_INVALID.
 */
export function verifyInclusion(
  hasher: Hasher,
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  checkHash(hasher, root, 'root');
  const computedRoot = rootFromInclusionProof(hasher, leafIndex, treeSize, leafHash, proof);
  checkRootsMatch(
    'INCLUSION_PROOF_INVALID',
    root,
    computedRoot,
    `the inclusion proof of leaf ${leafIndex} does not lead to the root of the tree of size ${treeSize}`,
  );
}
