export { FingerprintError, type FingerprintErrorCode } from './errors.ts';
export { PDQ_DIHEDRAL_TRANSFORMS, type PdqDihedralTransform } from './pdq/dct.ts';
export {
  DEFAULT_PDQ_MATCH,
  matchPdq,
  matchPdqDihedral,
  parsePdqHex,
  PDQ_MATCH_DISTANCE,
  PDQ_MIN_QUALITY,
  pdqDistance,
  type PdqDihedralMatch,
  type PdqMatchOptions,
} from './pdq/distance.ts';
export {
  computePdq,
  computePdqDihedral,
  PDQ_HASH_BYTES,
  type PdqDihedralHashes,
  type PdqHash,
} from './pdq/hash.ts';
export {
  DEFAULT_PDQ_IMAGE,
  pdqDihedralFromImageFile,
  pdqFromImageFile,
  type PdqImageOptions,
} from './pdq/image-file.ts';
