import { isPowerOfTwo } from './bits.ts';
import { checkHash, type Hasher } from './hasher.ts';
import { checkProofHashes, checkRootsMatch } from './proof-input.ts';
import { checkConsistencySizes, checkProofLength, consistencyProofLength } from './proof-length.ts';

/**
 * RFC 9162 §2.1.4.2: checks the proof against `root1` (CONSISTENCY_PROOF_INVALID with
 * expectedRoot/computedRoot if it does not lead there) and returns the root of the tree of `size2`
 * that it leads to. Requires 0 < size1 <= size2; size1 == size2 takes an empty proof.
 */
export function rootFromConsistencyProof(
  hasher: Hasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
): Uint8Array {
  checkConsistencySizes(size1, size2);
  checkHash(hasher, root1, 'root1');
  checkProofHashes(hasher, proof);
  checkProofLength(proof, consistencyProofLength(size1, size2));
  if (size1 === size2) return root1.slice();
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = fr;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (fn % 2 === 1 || fn === sn) {
      fr = hasher.hashChildren(c, fr);
      sr = hasher.hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hasher.hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  checkRootsMatch(
    'CONSISTENCY_PROOF_INVALID',
    root1,
    fr,
    `the consistency proof does not lead to the given root of the tree of size ${size1}`,
  );
  return sr === root1 ? root1.slice() : sr;
}

/**
 * Checks that the tree of `size2` leaves with root `root2` extends the tree of `size1` leaves with
 * root `root1`. Throws MerkleError: CONSISTENCY_PROOF_INVALID (with expectedRoot/computedRoot),
 * PROOF_SIZE_INVALID, HASH_SIZE_INVALID or TREE_SIZE_INVALID.
 */
export function verifyConsistency(
  hasher: Hasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  checkHash(hasher, root2, 'root2');
  const computedRoot = rootFromConsistencyProof(hasher, size1, size2, proof, root1);
  checkRootsMatch(
    'CONSISTENCY_PROOF_INVALID',
    root2,
    computedRoot,
    `the consistency proof does not lead to the given root of the tree of size ${size2}`,
  );
}
