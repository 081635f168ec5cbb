import * as backend from '#crypto-backend';
import { CryptoError } from './errors.ts';

// Ed25519 (RFC 8032) with 32-byte seeds as private keys and 32-byte public keys.

export const ED25519_SEED_SIZE = 32;
export const ED25519_PUBLIC_KEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

function checkSize(bytes: Uint8Array, size: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== size) {
    throw new CryptoError('KEY_INVALID', `an Ed25519 ${what} must be ${size} bytes`);
  }
}

export function generateEd25519Seed(): Uint8Array {
  return backend.randomBytes(ED25519_SEED_SIZE);
}

export function deriveEd25519PublicKey(seed: Uint8Array): Uint8Array {
  checkSize(seed, ED25519_SEED_SIZE, 'private key');
  return backend.ed25519PublicKey(seed);
}

export function signEd25519(seed: Uint8Array, message: Uint8Array): Uint8Array {
  checkSize(seed, ED25519_SEED_SIZE, 'private key');
  return backend.ed25519Sign(seed, message);
}

/** Returns false for a wrong signature or malformed key or signature; never throws. */
export function checkEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || !(message instanceof Uint8Array)) return false;
  if (!(signature instanceof Uint8Array)) return false;
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE || signature.length !== ED25519_SIGNATURE_SIZE)
    return false;
  return backend.ed25519Verify(publicKey, message, signature);
}

export function randomBytes(length: number): Uint8Array {
  return backend.randomBytes(length);
}
