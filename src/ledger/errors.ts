import { SealchainError } from '../errors/index.ts';

/** Failures of the chain: bad entries, overload, storage contracts broken, proofs out of range. */
export type LedgerErrorCode =
  /** An entry or append request is malformed; `details.field` names the field. */
  | 'ENTRY_INVALID'
  /** A batch holds more entries than one append may carry. */
  | 'BATCH_TOO_LARGE'
  /** The same unit reused an idempotency key for a different entry. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** Too many appends are waiting or the integrator is behind; `details.retryAfterMs` says when to retry. */
  | 'OVERLOADED'
  | 'LEDGER_OPTIONS_INVALID'
  | 'LEDGER_CLOSED'
  /**
   * The ledger refuses appends because the chain must not grow from this storage: a witness
   * cosigned a larger tree than storage holds (a restore from an older backup), so new entries
   * would take indexes already receipted and cosigned; `details` say which witness and sizes.
   */
  | 'LEDGER_HALTED'
  /** Storage saw another writer first (log head or tree head moved); the caller re-reads and retries. */
  | 'STORAGE_CONFLICT'
  /** Stored data contradicts itself (a leaf hash, a tile, a missing row); the chain stops rather than fork. */
  | 'STORAGE_CORRUPT'
  /** A storage call failed for an outside reason (database down); nothing was acknowledged. */
  | 'STORAGE_UNAVAILABLE'
  /** A leaf index at or beyond the tree size. */
  | 'INDEX_OUT_OF_RANGE'
  /** A tree size beyond the latest checkpoint, or sizes in the wrong order. */
  | 'TREE_SIZE_INVALID'
  /** No checkpoint has been signed yet. */
  | 'CHECKPOINT_NOT_FOUND'
  /** A tile or entry bundle that the tree does not (yet) have at that width. */
  | 'TILE_NOT_FOUND';

export class LedgerError extends SealchainError<LedgerErrorCode> {}
