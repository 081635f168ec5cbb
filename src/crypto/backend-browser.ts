import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 as nobleSha256, sha512 } from '@noble/hashes/sha2.js';
import type { IncrementalHash } from './backend-types.ts';
import { CryptoError } from './errors.ts';
import { createSm3Hash, hashSm3 } from './sm3.ts';

// Browser backend of the crypto primitives, with the same functions as backend-node.ts.
// Hashes are synchronous JavaScript rather than WebCrypto's crypto.subtle.digest, which only
// returns a Promise: Merkle hashing (leaf, node, proof checking) is synchronous throughout.

const Point = ed25519.Point;
const GROUP_ORDER = Point.Fn.ORDER;
const RANDOM_CHUNK_BYTES = 65_536;

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

export function sm3(data: Uint8Array): Uint8Array {
  return hashSm3(data);
}

export function createSha256(): IncrementalHash {
  const hash = nobleSha256.create();
  let finished = false;
  return {
    update(chunk) {
      if (finished) throw new CryptoError('HASH_FINALIZED', 'the hash was already finalized by digest()');
      hash.update(chunk);
      return this;
    },
    digest() {
      if (finished) throw new CryptoError('HASH_FINALIZED', 'the hash was already finalized by digest()');
      finished = true;
      return hash.digest();
    },
  };
}

export function createSm3(): IncrementalHash {
  return createSm3Hash();
}

export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

export function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(message, seed);
}

function littleEndianToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/**
 * RFC 8032 §5.1.7 with the exact acceptance rules of OpenSSL, so that a signature verifies in
 * the browser if and only if it verifies on the server: S must be below the group order, A may
 * be any encoding that decodes to a curve point (non-canonical y and small-order points
 * included), and the check is the cofactorless [S]B − [k]A, encoded, byte-equal to R.
 */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  const encodedR = signature.subarray(0, 32);
  const s = littleEndianToBigInt(signature.subarray(32));
  if (s >= GROUP_ORDER) return false;
  let a: InstanceType<typeof Point>;
  try {
    a = Point.fromBytes(publicKey, true);
  } catch {
    return false;
  }
  const hashed = new Uint8Array(64 + message.length);
  hashed.set(encodedR, 0);
  hashed.set(publicKey, 32);
  hashed.set(message, 64);
  const k = littleEndianToBigInt(sha512(hashed)) % GROUP_ORDER;
  const computedR = Point.BASE.multiplyUnsafe(s).subtract(a.multiplyUnsafe(k)).toBytes();
  let diff = 0;
  for (let i = 0; i < 32; i++) diff |= computedR[i]! ^ encodedR[i]!;
  return diff === 0;
}

export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += RANDOM_CHUNK_BYTES) {
    globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + RANDOM_CHUNK_BYTES)));
  }
  return out;
}
