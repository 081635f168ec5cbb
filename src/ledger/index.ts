export {
  buildEntry,
  checkEntryFields,
  ENTRY_VERSION,
  formatEntrySignedMessage,
  matchesEntryFields,
  parseEntry,
  type Entry,
  type EntryFields,
  type EntryLimits,
  type EntrySignature,
} from './entry.ts';
export { LedgerError, type LedgerErrorCode } from './errors.ts';
export { DEFAULT_LEDGER_OPTIONS, resolveLedgerOptions, type LedgerOptions } from './options.ts';
export type {
  IdempotencyLookup,
  IntegrationCommit,
  LedgerStorage,
  StoredCheckpoint,
  StoredEntry,
  StoredEntryBundle,
} from './storage.ts';
