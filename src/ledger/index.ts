export {
  auditLedger,
  type AuditContext,
  type AuditDivergence,
  type AuditDivergenceKind,
  type AuditReport,
} from './audit.ts';
export {
  buildEntry,
  checkEntryFields,
  ENTRY_VERSION,
  formatEntrySignedMessage,
  matchesEntryFields,
  parseEntry,
  readEntryTypeAndUnit,
  type Entry,
  type EntryFields,
  type EntryLimits,
  type EntrySignature,
} from './entry.ts';
export { LedgerError, type LedgerErrorCode } from './errors.ts';
export { integrateStep, type IntegrationStep, type IntegratorContext } from './integrator.ts';
export { LruCache } from './lru-cache.ts';
export { Ledger, type ConsistencyProof, type InclusionProof, type LedgerConfig } from './ledger.ts';
export { DEFAULT_LEDGER_OPTIONS, resolveLedgerOptions, type LedgerOptions } from './options.ts';
export { buildConsistencyProof, buildInclusionProof } from './proofs.ts';
export { Sequencer, type AppendReceipt, type AppendRequest, type SequencerContext } from './sequencer.ts';
export type {
  IdempotencyLookup,
  IntegrationCommit,
  LedgerStorage,
  StoredCheckpoint,
  StoredEntry,
} from './storage.ts';
export type { StoredOrganisation, StoredUnit, UnitStorage } from './units.ts';
