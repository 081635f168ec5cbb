import { checkLeafIndex, checkTreeSize, isPowerOfTwo } from './bits.ts';
import { MerkleError } from './errors.ts';

/**
 * Runs the index bookkeeping of the RFC 9162 §2.1.3.2 / §2.1.4.2 verification loops without
 * hashing, starting from (fn, sn), and returns how many proof hashes the loop consumes before sn
 * reaches 0. A proof of any other length fails verification.
 */
export function countPathSteps(fn: number, sn: number): number {
  let steps = 0;
  while (sn !== 0) {
    steps++;
    if (fn % 2 === 0 && fn === sn) {
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return steps;
}

/** Number of hashes in the inclusion proof of `leafIndex` in a tree of `treeSize` leaves. */
export function inclusionProofLength(leafIndex: number, treeSize: number): number {
  checkTreeSize(treeSize, 'treeSize');
  checkLeafIndex(leafIndex, treeSize);
  return countPathSteps(leafIndex, treeSize - 1);
}

/** Number of hashes in the consistency proof from `size1` to `size2` (0 < size1 <= size2). */
export function consistencyProofLength(size1: number, size2: number): number {
  checkConsistencySizes(size1, size2);
  if (size1 === size2) return 0;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  return (isPowerOfTwo(size1) ? 0 : 1) + countPathSteps(fn, sn);
}

export function checkConsistencySizes(size1: unknown, size2: unknown): asserts size1 is number {
  checkTreeSize(size1, 'size1');
  checkTreeSize(size2, 'size2');
  if (size1 > size2) {
    throw new MerkleError('TREE_SIZE_INVALID', `size1 ${size1} is larger than size2 ${size2}`, {
      details: { size1, size2 },
    });
  }
  if (size1 === 0) {
    throw new MerkleError('TREE_SIZE_INVALID', 'a consistency proof from the empty tree proves nothing', {
      details: { size1, size2 },
    });
  }
}

export function checkProofLength(proof: readonly unknown[], expectedLength: number): void {
  if (proof.length !== expectedLength) {
    throw new MerkleError(
      'PROOF_SIZE_INVALID',
      `the proof has ${proof.length} hashes where ${expectedLength} are expected`,
      { details: { expectedLength, actualLength: proof.length } },
    );
  }
}
