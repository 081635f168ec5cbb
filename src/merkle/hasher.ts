import { isHashAlgorithm, sha256, sm3, type HashAlgorithm } from '../crypto/index.ts';
import { MerkleError } from './errors.ts';

/** The hash functions of an RFC 9162 tree: leaf, interior node and empty-tree hashes. */
export interface Hasher {
  readonly algorithm: HashAlgorithm;
  /** Output size of every hash, in bytes. */
  readonly size: number;
  /** H(0x00 ‖ leaf). */
  hashLeaf(leaf: Uint8Array): Uint8Array;
  /**
   * H(0x01 ‖ left ‖ right). Takes children of any length, as the reference vectors do; the proof
   * verifiers and builders check that every hash they are given is `size` bytes.
   */
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
  /** H(""), the root of the empty tree. */
  emptyRoot(): Uint8Array;
}

const HASH_SIZE_BYTES = 32;
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;
// Leaves up to this size are copied into a reused buffer instead of a fresh allocation.
const LEAF_SCRATCH_LIMIT_BYTES = 4096;

const hashers = new Map<HashAlgorithm, Hasher>();

// RFC 9162 §2.1.1: MTH({}) = HASH(), MTH({d}) = HASH(0x00 ‖ d), interior HASH(0x01 ‖ left ‖ right).
function createRfc6962Hasher(algorithm: HashAlgorithm): Hasher {
  const digest = algorithm === 'sha256' ? sha256 : sm3;
  const size = HASH_SIZE_BYTES;
  const nodeInput = new Uint8Array(1 + 2 * size);
  nodeInput[0] = NODE_PREFIX;
  const leafScratch = new Uint8Array(LEAF_SCRATCH_LIMIT_BYTES);
  leafScratch[0] = LEAF_PREFIX;
  let leafInput = leafScratch.subarray(0, 1);
  const emptyRoot = digest(new Uint8Array(0));

  return Object.freeze({
    algorithm,
    size,
    hashLeaf(leaf: Uint8Array): Uint8Array {
      if (!(leaf instanceof Uint8Array)) {
        throw new MerkleError('HASH_SIZE_INVALID', 'a leaf must be a Uint8Array');
      }
      const length = leaf.length + 1;
      if (length > LEAF_SCRATCH_LIMIT_BYTES) {
        const input = new Uint8Array(length);
        input[0] = LEAF_PREFIX;
        input.set(leaf, 1);
        return digest(input);
      }
      if (leafInput.length !== length) leafInput = new Uint8Array(leafScratch.buffer, 0, length);
      leafInput.set(leaf, 1);
      return digest(leafInput);
    },
    hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
      if (left.length === size && right.length === size) {
        nodeInput.set(left, 1);
        nodeInput.set(right, 1 + size);
        return digest(nodeInput);
      }
      const input = new Uint8Array(1 + left.length + right.length);
      input[0] = NODE_PREFIX;
      input.set(left, 1);
      input.set(right, 1 + left.length);
      return digest(input);
    },
    emptyRoot: () => emptyRoot.slice(),
  });
}

/** The RFC 6962 / RFC 9162 tree hasher over SHA-256 or SM3; one shared instance per algorithm. */
export function rfc6962(algorithm: HashAlgorithm): Hasher {
  if (!isHashAlgorithm(algorithm)) {
    throw new MerkleError('HASH_ALGORITHM_UNKNOWN', `unknown hash algorithm ${String(algorithm)}`);
  }
  let hasher = hashers.get(algorithm);
  if (hasher === undefined) {
    hasher = createRfc6962Hasher(algorithm);
    hashers.set(algorithm, hasher);
  }
  return hasher;
}

/** Throws HASH_SIZE_INVALID unless `value` is a Uint8Array of the hasher's size. */
export function checkHash(
  hasher: Hasher,
  value: unknown,
  name: string | (() => string),
): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== hasher.size) {
    if (typeof name === 'function') name = name();
    throw new MerkleError('HASH_SIZE_INVALID', `${name} must be a ${hasher.size}-byte hash`, {
      details: {
        name,
        expectedLength: hasher.size,
        actualLength: value instanceof Uint8Array ? value.length : null,
      },
    });
  }
}
