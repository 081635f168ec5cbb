import { SealchainError } from '../errors/index.ts';

/** Failures of the storage layer: databases, migrations and the blob store. */
export type StoreErrorCode =
  /** The options given to open a database or blob store are malformed or unknown. */
  | 'STORE_OPTIONS_INVALID'
  /** The database could not be opened or reached. */
  | 'DATABASE_UNAVAILABLE'
  /** A statement failed for a reason the caller cannot fix by changing its input. */
  | 'DATABASE_ERROR'
  /** The database holds migrations this build does not know (it was opened by a newer build). */
  | 'SCHEMA_TOO_NEW'
  /** A stored migration's name differs from this build's migration of the same number. */
  | 'MIGRATION_MISMATCH'
  | 'MIGRATION_FAILED'
  /** Emscripten's file system lacks the hook that makes PGlite's fsync reach the disk. */
  | 'DURABILITY_UNAVAILABLE'
  | 'STORE_CLOSED'
  /** Another session of the PostgreSQL server holds the chain's sequencer lock. */
  | 'SEQUENCER_ALREADY_RUNNING'
  /** The session that held the sequencer lock ended; another sequencer may hold it now. */
  | 'SEQUENCER_LOCK_LOST'
  | 'BLOB_TOO_LARGE'
  | 'BLOB_NOT_FOUND'
  /** A blob address is not a 64-digit lower-case hexadecimal SHA-256. */
  | 'BLOB_ADDRESS_INVALID'
  /** The bytes written do not hash to the digest the caller expected. */
  | 'BLOB_DIGEST_MISMATCH'
  | 'BLOB_WRITE_FAILED';

export class StoreError extends SealchainError<StoreErrorCode> {}
