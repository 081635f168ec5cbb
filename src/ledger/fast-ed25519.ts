import { createRequire } from 'node:module';

// Ed25519 (RFC 8032 §5.1.6, https://www.rfc-editor.org/rfc/rfc8032#section-5.1.6) through
// libsodium's crypto_sign_detached (sodium-native), for the receipts the sequencer signs on every
// deposit. Ed25519 signing is deterministic, so libsodium and OpenSSL give the same bytes for the
// same seed and message; libsodium does it in about 19 µs against 45 µs for node:crypto's sign(),
// which pays for a KeyObject lookup and an EVP context on every call. The core modules keep
// node:crypto (they must load in the browser verifier); this is the ledger's hot path only.

interface Sodium {
  crypto_sign_seed_keypair(publicKey: Uint8Array, secretKey: Uint8Array, seed: Uint8Array): void;
  crypto_sign_detached(signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array): void;
}

const require = createRequire(import.meta.url);

/** Where sodium-native loads from, for worker threads; null when it cannot load here. */
export const SODIUM_MODULE_PATH: string | null = (() => {
  try {
    const path = require.resolve('sodium-native');
    require(path);
    return path;
  } catch {
    return null;
  }
})();

/** Writes the 64-byte signature of `message` into `signature`. */
export type SignDetached = (message: Uint8Array, signature: Uint8Array) => void;

/**
 * A libsodium signer for the Ed25519 key with this 32-byte seed, or null when sodium-native cannot
 * load on this platform (the caller then signs with node:crypto).
 */
export function createSodiumSigner(seed: Uint8Array, modulePath = SODIUM_MODULE_PATH): SignDetached | null {
  if (modulePath === null) return null;
  const sodium = require(modulePath) as Sodium;
  const publicKey = new Uint8Array(32);
  const secretKey = new Uint8Array(64);
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, seed);
  return (message, signature) => sodium.crypto_sign_detached(signature, message, secretKey);
}
