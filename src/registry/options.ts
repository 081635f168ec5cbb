import { tmpdir } from 'node:os';
import { PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY, TEXT_SIMILARITY_THRESHOLD } from '../fingerprint/index.ts';
import { RegistryError } from './errors.ts';
import type { SimilarityThresholds } from './work-index.ts';

export interface RegistryOptions extends SimilarityThresholds {
  /** Largest file registered, in bytes; enforced while the upload streams. */
  maxFileBytes: number;
  /** Largest image decoded (width × height, pixels): the decompression-bomb guard. */
  imageMaxPixels: number;
  /** Most earlier similar registrations listed on an answer, an entry and a certificate. */
  maxSimilarListed: number;
  /** Most works one list or search answers with. */
  maxListLimit: number;
  /** Where uploads are held while they are checked (one file each, removed afterwards). */
  scratchDir: string;
}

export const DEFAULT_REGISTRY_OPTIONS: Readonly<RegistryOptions> = Object.freeze({
  maxFileBytes: 512 * 1024 * 1024,
  imageMaxPixels: 50_000_000,
  // ISCC Content-Codes of re-encoded, resized copies lie within 8 of 64 bits in the fingerprint
  // module's tests and unrelated works 16 or more apart; 10 keeps a margin on both sides.
  contentCodeMaxDistance: 10,
  pdqMaxDistance: PDQ_MATCH_DISTANCE,
  pdqMinQuality: PDQ_MIN_QUALITY,
  textMinSimilarity: TEXT_SIMILARITY_THRESHOLD,
  maxSimilarListed: 20,
  maxListLimit: 100,
  scratchDir: tmpdir(),
});

/** Merges options over the defaults; REGISTRY_OPTIONS_INVALID for an unknown key or a bad value. */
export function resolveRegistryOptions(options: Partial<RegistryOptions> = {}): RegistryOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_REGISTRY_OPTIONS, key)) {
      throw new RegistryError('REGISTRY_OPTIONS_INVALID', `unknown registry option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_REGISTRY_OPTIONS, ...options };
  for (const key of [
    'maxFileBytes',
    'imageMaxPixels',
    'maxSimilarListed',
    'maxListLimit',
    'pdqMinQuality',
  ] as const) {
    if (!Number.isSafeInteger(resolved[key]) || resolved[key] < 1) {
      throw new RegistryError(
        'REGISTRY_OPTIONS_INVALID',
        `registry option ${key} must be a positive integer`,
      );
    }
  }
  for (const key of ['contentCodeMaxDistance', 'pdqMaxDistance'] as const) {
    if (!Number.isSafeInteger(resolved[key]) || resolved[key] < 0 || resolved[key] > 64) {
      throw new RegistryError('REGISTRY_OPTIONS_INVALID', `registry option ${key} must be 0 to 64 bits`);
    }
  }
  if (!(resolved.textMinSimilarity > 0 && resolved.textMinSimilarity <= 1)) {
    throw new RegistryError(
      'REGISTRY_OPTIONS_INVALID',
      'registry option textMinSimilarity must lie in (0, 1]',
    );
  }
  if (typeof resolved.scratchDir !== 'string' || resolved.scratchDir === '') {
    throw new RegistryError('REGISTRY_OPTIONS_INVALID', 'registry option scratchDir must be a directory');
  }
  return resolved;
}
