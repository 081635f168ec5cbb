// The storage port of failed logins and the locks they set, kept in the database beside the
// accounts so that a restart, or another API node on the same database, keeps a lockout. Keys are
// `account:<name>` and `address:<client address>`; times are milliseconds since the epoch of the
// throttle's clock. Implementations: src/store/sql-login-failure-storage.ts.

/**
 * Contract: every method MUST be safe to call concurrently, from several processes sharing the
 * database; a failure recorded by one MUST be counted by the others' next call.
 */
export interface LoginFailureStorage {
  /** Records a failure of `key` at `atMs`; MUST return how many of its failures are at or after `sinceMs`, this one included. */
  recordFailure(key: string, atMs: number, sinceMs: number): Promise<number>;
  /** Locks `key` until `untilMs` (a later lock already set is kept) and MUST forget its failures. */
  lock(key: string, untilMs: number): Promise<void>;
  /** The lock ends of those `keys` locked after `nowMs`. */
  readLocks(keys: readonly string[], nowMs: number): Promise<Map<string, number>>;
  /** Forgets the failures and the lock of `key` (a successful login). */
  forget(key: string): Promise<void>;
  /** Deletes failures before `failedBeforeMs` and locks that ended before `lockedBeforeMs`. */
  deleteStale(failedBeforeMs: number, lockedBeforeMs: number): Promise<void>;
}
