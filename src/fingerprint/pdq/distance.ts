import { hexToBytes } from '../../crypto/index.ts';
import { FingerprintError } from '../errors.ts';
import { popcount32 } from '../index/popcount.ts';
import { PDQ_DIHEDRAL_TRANSFORMS, type PdqDihedralTransform } from './dct.ts';
import { PDQ_HASH_BYTES, type PdqDihedralHashes, type PdqHash } from './hash.ts';

// Thresholds of the PDQ hashing doc and the ThreatExchange README: distance ≤ 31 of 256 bits is a
// match, and a hash below quality 50 carries too little image detail to be trusted.
export const PDQ_MATCH_DISTANCE = 31;
export const PDQ_MIN_QUALITY = 50;

function checkHash(hash: Uint8Array, name: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== PDQ_HASH_BYTES) {
    throw new FingerprintError('PDQ_HASH_INVALID', `${name} must be a PDQ hash of ${PDQ_HASH_BYTES} bytes`, {
      details: { expectedLength: PDQ_HASH_BYTES, actualLength: (hash as { length?: unknown })?.length },
    });
  }
}

/** Hamming distance (0–256) between two PDQ hashes. Throws PDQ_HASH_INVALID unless both are 32 bytes. */
export function pdqDistance(a: Uint8Array, b: Uint8Array): number {
  checkHash(a, 'the first hash');
  checkHash(b, 'the second hash');
  let distance = 0;
  for (let i = 0; i < PDQ_HASH_BYTES; i += 4) {
    const x = ((a[i]! ^ b[i]!) << 24) | ((a[i + 1]! ^ b[i + 1]!) << 16) | ((a[i + 2]! ^ b[i + 2]!) << 8);
    distance += popcount32(x | (a[i + 3]! ^ b[i + 3]!));
  }
  return distance;
}

/** Parses the reference's 64-hex-digit text form. Throws PDQ_HASH_INVALID. */
export function parsePdqHex(hashHex: string): Uint8Array {
  if (typeof hashHex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hashHex)) {
    throw new FingerprintError('PDQ_HASH_INVALID', 'a PDQ hash is written as 64 hexadecimal digits');
  }
  return hexToBytes(hashHex);
}

export interface PdqMatchOptions {
  /** Largest Hamming distance (bits of 256) still counted as the same image. */
  maxDistance: number;
  /** Smallest quality (0–100) each hash must have for a match to count. */
  minQuality: number;
}

export const DEFAULT_PDQ_MATCH: PdqMatchOptions = {
  maxDistance: PDQ_MATCH_DISTANCE,
  minQuality: PDQ_MIN_QUALITY,
};

/** True when both hashes are of trustworthy quality and within the match distance. */
export function matchPdq(a: PdqHash, b: PdqHash, options: PdqMatchOptions = DEFAULT_PDQ_MATCH): boolean {
  if (a.quality < options.minQuality || b.quality < options.minQuality) return false;
  return pdqDistance(a.hash, b.hash) <= options.maxDistance;
}

export interface PdqDihedralMatch {
  /** The transform of the query image that comes closest to the candidate. */
  transform: PdqDihedralTransform;
  distance: number;
  matched: boolean;
}

/**
 * Compares a candidate with every rotation and reflection of the query, so a mirrored or rotated
 * copy is found too; returns the closest variant.
 */
export function matchPdqDihedral(
  query: PdqDihedralHashes,
  candidate: PdqHash,
  options: PdqMatchOptions = DEFAULT_PDQ_MATCH,
): PdqDihedralMatch {
  let best: PdqDihedralMatch = { transform: 'original', distance: Number.POSITIVE_INFINITY, matched: false };
  for (const transform of PDQ_DIHEDRAL_TRANSFORMS) {
    const distance = pdqDistance(query.variants[transform].hash, candidate.hash);
    if (distance < best.distance) best = { transform, distance, matched: false };
  }
  best.matched =
    query.quality >= options.minQuality &&
    candidate.quality >= options.minQuality &&
    best.distance <= options.maxDistance;
  return best;
}
