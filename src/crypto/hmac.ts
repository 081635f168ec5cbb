import { hashBytes, type HashAlgorithm } from './digest.ts';

const BLOCK_SIZE_BYTES = 64;

// RFC 2104 HMAC over SHA-256 or SM3 (both have 64-byte blocks); GB/T 15852.2 specifies the same
// construction for SM3.
export function computeHmac(algorithm: HashAlgorithm, key: Uint8Array, message: Uint8Array): Uint8Array {
  const paddedKey = new Uint8Array(BLOCK_SIZE_BYTES);
  paddedKey.set(key.length > BLOCK_SIZE_BYTES ? hashBytes(algorithm, key) : key);
  const inner = new Uint8Array(BLOCK_SIZE_BYTES + message.length);
  const outer = new Uint8Array(BLOCK_SIZE_BYTES + 32);
  for (let i = 0; i < BLOCK_SIZE_BYTES; i++) {
    inner[i] = paddedKey[i]! ^ 0x36;
    outer[i] = paddedKey[i]! ^ 0x5c;
  }
  inner.set(message, BLOCK_SIZE_BYTES);
  outer.set(hashBytes(algorithm, inner), BLOCK_SIZE_BYTES);
  return hashBytes(algorithm, outer);
}
