import { FingerprintError } from '../errors.ts';
import { decodeIscc, type DecodedIscc } from './codec.ts';

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

function typeIdOf(decoded: DecodedIscc): string {
  return `${decoded.mainType}-${decoded.subType}-V${decoded.version}-${decoded.bits}`;
}

function decodePair(a: string, b: string): [DecodedIscc, DecodedIscc] {
  const left = decodeIscc(a);
  const right = decodeIscc(b);
  const leftType = typeIdOf(left);
  const rightType = typeIdOf(right);
  if (leftType !== rightType || left.units?.join() !== right.units?.join()) {
    throw new FingerprintError(
      'ISCC_TYPE_MISMATCH',
      'only codes with the same main type, sub type, version and length can be compared',
      { details: { expectedType: leftType, actualType: rightType } },
    );
  }
  return [left, right];
}

/** Number of differing digest bits between two codes of the same type and length. */
export function isccHammingDistance(a: string, b: string): number {
  const [left, right] = decodePair(a, b);
  let distance = 0;
  for (let i = 0; i < left.digest.length; i++) distance += POPCOUNT[left.digest[i]! ^ right.digest[i]!]!;
  return distance;
}

/** Similarity in whole percent (0–100), truncated as iscc-core's `iscc_similarity` does. */
export function isccSimilarity(a: string, b: string): number {
  const bits = decodeIscc(a).bits;
  const distance = isccHammingDistance(a, b);
  return Math.trunc(((bits - distance) / bits) * 100);
}
