import { base64ToBytes, bytesToBase64 } from '../../crypto/index.ts';
import { FingerprintError } from '../errors.ts';
import { computeMinHash } from './minhash.ts';
import { normalizeText } from './normalize.ts';
import { hashShingles } from './shingles.ts';

// A near-duplicate signature for rewritten text (洗稿): synonyms, reordered sentences, added or
// dropped paragraphs and a change of script leave most short character n-grams of the normalised
// text in place, so the share of shared n-grams stays high while unrelated texts on the same topic
// share few. Broder, "On the resemblance and containment of documents" (1997) for the measures.

export const TEXT_SIGNATURE_VERSION = 1;
const BIN_COUNT = 256;
const MAX_TEXT_LENGTH = 32 * 1024 * 1024;

/**
 * Similarity at or above which two texts are taken for one work and its rewrite: the middle of the
 * gap on the test corpus (test/fixtures/texts), where the exact containment of rewrites of one
 * work, even two different rewrites of it, was 0.25 or more and that of unrelated texts on the same
 * topics 0.11 at most; 256 bins keep the estimate within about ±0.05 of the exact value.
 */
export const TEXT_SIMILARITY_THRESHOLD = 0.18;

/** JSON-safe; store it as it is and compare it with compareTextSignatures. */
export interface TextSignature {
  version: typeof TEXT_SIGNATURE_VERSION;
  /** Number of distinct shingles (character n-grams) of the normalised text. */
  shingleCount: number;
  /**
   * 256 one-permutation MinHash values, the low 16 bits of each (b-bit minwise hashing, Li and König,
   * WWW 2010: a chance agreement of 2^-16 a value is negligible), big-endian, base64.
   */
  minHash: string;
}

export function computeTextSignature(text: string): TextSignature {
  if (typeof text !== 'string')
    throw new FingerprintError('TEXT_INVALID', 'a text signature is computed from a string');
  if (text.length > MAX_TEXT_LENGTH) {
    throw new FingerprintError(
      'TEXT_INVALID',
      `a text longer than ${MAX_TEXT_LENGTH} characters is not signed`,
      {
        details: { length: text.length, maxLength: MAX_TEXT_LENGTH },
      },
    );
  }
  const shingles = hashShingles(normalizeText(text));
  const bins = computeMinHash(shingles, BIN_COUNT);
  const bytes = new Uint8Array(BIN_COUNT * 2);
  const view = new DataView(bytes.buffer);
  bins.forEach((value, i) => view.setUint16(i * 2, value & 0xffff));
  return { version: TEXT_SIGNATURE_VERSION, shingleCount: shingles.length, minHash: bytesToBase64(bytes) };
}

function readBins(signature: TextSignature, name: string): Uint16Array {
  const fail = (reason: string) =>
    new FingerprintError('TEXT_INVALID', `${name} is not a text signature: ${reason}`);
  if (typeof signature !== 'object' || signature === null) throw fail('not an object');
  if (signature.version !== TEXT_SIGNATURE_VERSION) throw fail(`version must be ${TEXT_SIGNATURE_VERSION}`);
  if (!Number.isSafeInteger(signature.shingleCount) || signature.shingleCount < 0)
    throw fail('bad shingleCount');
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(signature.minHash);
  } catch (cause) {
    throw new FingerprintError('TEXT_INVALID', `${name} is not a text signature: minHash is not base64`, {
      cause,
    });
  }
  if (bytes.length !== BIN_COUNT * 2) throw fail(`minHash must hold ${BIN_COUNT * 2} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return Uint16Array.from({ length: BIN_COUNT }, (_, i) => view.getUint16(i * 2));
}

/** Estimated Jaccard similarity of the two shingle sets: the share of equal MinHash values. */
export function estimateJaccard(a: TextSignature, b: TextSignature): number {
  const binsA = readBins(a, 'the first signature');
  const binsB = readBins(b, 'the second signature');
  if (a.shingleCount === 0 || b.shingleCount === 0) return 0;
  let equal = 0;
  for (let i = 0; i < BIN_COUNT; i++) if (binsA[i] === binsB[i]) equal++;
  return equal / BIN_COUNT;
}

/**
 * Similarity in [0, 1]: the estimated share of the smaller text's shingles found in the other
 * (containment), derived from the Jaccard estimate and the two shingle counts, so a copy padded
 * with new paragraphs or cut short still scores as its source. Throws TEXT_INVALID for a malformed
 * signature.
 */
export function compareTextSignatures(a: TextSignature, b: TextSignature): number {
  const jaccard = estimateJaccard(a, b);
  if (jaccard === 0) return 0;
  const shared = (jaccard * (a.shingleCount + b.shingleCount)) / (1 + jaccard);
  return Math.min(1, shared / Math.min(a.shingleCount, b.shingleCount));
}
