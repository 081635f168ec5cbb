import { SealchainError } from '../errors/index.ts';

export type MerkleErrorCode =
  | 'HASH_ALGORITHM_UNKNOWN'
  | 'HASH_SIZE_INVALID'
  | 'INDEX_OUT_OF_RANGE'
  | 'TREE_SIZE_INVALID'
  | 'PROOF_SIZE_INVALID'
  | 'INCLUSION_PROOF_INVALID'
  | 'CONSISTENCY_PROOF_INVALID'
  | 'NODE_MISSING'
  | 'COMPACT_RANGE_INVALID'
  | 'TILE_PATH_INVALID'
  | 'TILE_DATA_INVALID'
  | 'ENTRY_BUNDLE_INVALID';

/**
 * Every failure of the merkle module. Root mismatches carry `details.expectedRoot` and
 * `details.computedRoot` as lower-case hex; size mismatches carry `expectedLength`/`actualLength`.
 */
export class MerkleError extends SealchainError<MerkleErrorCode> {}
