export {
  BlobStore,
  DEFAULT_BLOB_STORE_OPTIONS,
  type BlobStoreOptions,
  type StoredBlob,
  type WriteBlobOptions,
} from './blob-store.ts';
export { createPgliteDirInChild } from './create-pglite-dir.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export { applyMigrations, MIGRATIONS, type Migration } from './migrate.ts';
export {
  DEFAULT_DATABASE_OPTIONS,
  openDatabase,
  resolveDatabaseOptions,
  type DatabaseOptions,
} from './open-database.ts';
export { PgClient, type PgClientOptions } from './pg-client.ts';
export { PgliteClient, type PgliteClientOptions } from './pglite-client.ts';
export { SqlLedgerStorage } from './sql-ledger-storage.ts';
export {
  computeSequencerLockKey,
  DEFAULT_SEQUENCER_LOCK_OPTIONS,
  lockSequencer,
  resolveSequencerLockOptions,
  type SequencerLock,
  type SequencerLockOptions,
  type SequencerLockTarget,
} from './sequencer-lock.ts';
export {
  isValidSchemaName,
  readSqlState,
  SQLSTATE_UNIQUE_VIOLATION,
  type SqlClient,
  type SqlExecutor,
} from './sql-client.ts';
export { SqlChainIndexStorage } from './sql-chain-index-storage.ts';
export { SqlDigestLookup } from './sql-digest-lookup.ts';
export { SqlFinalityStorage } from './sql-finality-storage.ts';
export { SqlRegistryStorage } from './sql-registry-storage.ts';
export { SqlUnitStorage } from './sql-unit-storage.ts';
export { SqlLoginFailureStorage } from './sql-login-failure-storage.ts';
export { SqlUserStorage } from './sql-user-storage.ts';
export { SqlCaptureStorage } from './sql-capture-storage.ts';
export { SqlJobStorage } from './sql-job-storage.ts';
export { SqlWitnessStorage } from './sql-witness-storage.ts';
