import * as backend from '#crypto-backend';
import type { IncrementalHash } from './backend-types.ts';
import { bytesToHex, hexToBytes } from './bytes.ts';
import { CryptoError } from './errors.ts';

/** The hash functions a chain may use: SHA-256 (FIPS 180-4) or SM3 (GB/T 32905-2016). */
export type HashAlgorithm = 'sha256' | 'sm3';

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'sm3'];
export const DIGEST_SIZE_BYTES = 32;

export function isHashAlgorithm(value: unknown): value is HashAlgorithm {
  return value === 'sha256' || value === 'sm3';
}

export function sha256(data: Uint8Array): Uint8Array {
  return backend.sha256(data);
}

export function sm3(data: Uint8Array): Uint8Array {
  return backend.sm3(data);
}

export function hashBytes(algorithm: HashAlgorithm, data: Uint8Array): Uint8Array {
  if (algorithm === 'sha256') return backend.sha256(data);
  if (algorithm === 'sm3') return backend.sm3(data);
  throw new CryptoError('HASH_ALGORITHM_UNKNOWN', `unknown hash algorithm ${String(algorithm)}`);
}

export function createHasher(algorithm: HashAlgorithm): IncrementalHash {
  if (algorithm === 'sha256') return backend.createSha256();
  if (algorithm === 'sm3') return backend.createSm3();
  throw new CryptoError('HASH_ALGORITHM_UNKNOWN', `unknown hash algorithm ${String(algorithm)}`);
}

/** A digest in its text form, `sha256:<64 hex>` or `sm3:<64 hex>`, as entries carry it. */
export interface TaggedDigest {
  algorithm: HashAlgorithm;
  value: Uint8Array;
}

const TAGGED_DIGEST_PATTERN = /^(sha256|sm3):([0-9a-f]{64})$/;

/** Parses `sha256:<hex>` / `sm3:<hex>` (lower-case hex, 32 bytes); throws ENCODING_INVALID. */
export function parseTaggedDigest(text: string): TaggedDigest {
  const match = typeof text === 'string' ? TAGGED_DIGEST_PATTERN.exec(text) : null;
  if (!match) {
    throw new CryptoError(
      'ENCODING_INVALID',
      'a digest must be "sha256:" or "sm3:" followed by 64 lower-case hexadecimal digits',
    );
  }
  return { algorithm: match[1] as HashAlgorithm, value: hexToBytes(match[2]!) };
}

/** True when `text` is what parseTaggedDigest accepts, without building the digest's bytes. */
export function isTaggedDigest(text: unknown): text is string {
  return typeof text === 'string' && TAGGED_DIGEST_PATTERN.test(text);
}

export function formatTaggedDigest(digest: TaggedDigest): string {
  return `${digest.algorithm}:${bytesToHex(digest.value)}`;
}

export type { IncrementalHash };
