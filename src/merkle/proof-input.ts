import { bytesToHex, equalBytes } from '../crypto/index.ts';
import { MerkleError, type MerkleErrorCode } from './errors.ts';
import { checkHash, type Hasher } from './hasher.ts';

/** Throws unless `proof` is an array of hashes of the hasher's size. */
export function checkProofHashes(hasher: Hasher, proof: unknown): asserts proof is readonly Uint8Array[] {
  if (!Array.isArray(proof)) {
    throw new MerkleError('PROOF_SIZE_INVALID', 'a proof must be an array of hashes');
  }
  for (let i = 0; i < proof.length; i++) checkHash(hasher, proof[i], () => `proof[${i}]`);
}

/** Throws `code` with both roots in hex unless they are equal. */
export function checkRootsMatch(
  code: MerkleErrorCode,
  expectedRoot: Uint8Array,
  computedRoot: Uint8Array,
  message: string,
): void {
  if (!equalBytes(expectedRoot, computedRoot)) {
    throw new MerkleError(code, message, {
      details: { expectedRoot: bytesToHex(expectedRoot), computedRoot: bytesToHex(computedRoot) },
    });
  }
}
