import { LedgerError } from './errors.ts';

export interface LedgerOptions {
  /** Pause between integrator runs, in milliseconds. */
  integrationIntervalMs: number;
  /** The chain's promise: a receipted entry is in a checkpoint within this many milliseconds. */
  maxMergeDelayMs: number;
  /** Most entries one group-commit transaction carries (and one appendBatch call may hold). */
  maxBatchEntries: number;
  /** Most entries waiting for a group commit; more are refused with OVERLOADED. */
  maxPendingEntries: number;
  /** Most sequenced but not yet integrated entries; more appends are refused with OVERLOADED. */
  maxUnintegratedEntries: number;
  /** Retry hint, in milliseconds, carried by OVERLOADED errors. */
  overloadRetryAfterMs: number;
  /** Fewest receipts in a group commit for them to be signed on worker threads (count). */
  receiptWorkerMinEntries: number;
  /** Most worker threads one chain signs receipts on (a group's receipts are split between them). */
  receiptWorkers: number;
  /** Most entries folded into one integration transaction. */
  maxIntegrationEntries: number;
  /** Largest entry, in bytes of canonical JSON (C2SP entry bundles allow 65,535). */
  maxEntryBytes: number;
  /** Largest `meta` object, in bytes of canonical JSON. */
  maxMetaBytes: number;
  /** Deepest nesting inside `meta`. */
  maxMetaDepth: number;
  /** Full tiles kept in memory with their hashed inner levels (count; about 16 KiB each). */
  tileCacheSize: number;
  /** Partial tiles kept in memory, by width (count). */
  partialTileCacheSize: number;
  /** Complete blocks of 256 stored entries kept in memory for reads and bundles (count; about 150 KiB each); 16 times as many entries read one by one are kept too. */
  entryCacheBlocks: number;
  /** Entries read per query by the audit. */
  auditBatchEntries: number;
  /** Rows just committed kept in memory for the integrator and the chain's indexer (count; about 1 KiB each). */
  recentEntries: number;
}

export const DEFAULT_LEDGER_OPTIONS: Readonly<LedgerOptions> = Object.freeze({
  integrationIntervalMs: 500,
  maxMergeDelayMs: 10_000,
  maxBatchEntries: 1_000,
  maxPendingEntries: 20_000,
  maxUnintegratedEntries: 200_000,
  overloadRetryAfterMs: 1_000,
  receiptWorkerMinEntries: 8,
  receiptWorkers: 2,
  maxIntegrationEntries: 16_384,
  maxEntryBytes: 65_535,
  maxMetaBytes: 16_384,
  maxMetaDepth: 8,
  tileCacheSize: 4_096,
  partialTileCacheSize: 256,
  entryCacheBlocks: 512,
  auditBatchEntries: 4_096,
  recentEntries: 32_768,
});

/** Merges `options` over the defaults; rejects unknown keys and values that are not positive integers. */
export function resolveLedgerOptions(options: Partial<LedgerOptions> = {}): LedgerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new LedgerError('LEDGER_OPTIONS_INVALID', 'ledger options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_LEDGER_OPTIONS, key)) {
      throw new LedgerError('LEDGER_OPTIONS_INVALID', `unknown ledger option "${key}"`, { details: { key } });
    }
  }
  const resolved = { ...DEFAULT_LEDGER_OPTIONS, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new LedgerError('LEDGER_OPTIONS_INVALID', `ledger option ${key} must be a positive integer`, {
        details: { key, value },
      });
    }
  }
  if (resolved.maxEntryBytes > DEFAULT_LEDGER_OPTIONS.maxEntryBytes) {
    throw new LedgerError(
      'LEDGER_OPTIONS_INVALID',
      'maxEntryBytes cannot exceed 65,535 (C2SP entry bundles)',
    );
  }
  if (resolved.maxPendingEntries < resolved.maxBatchEntries) {
    throw new LedgerError('LEDGER_OPTIONS_INVALID', 'maxPendingEntries must be at least maxBatchEntries');
  }
  return resolved;
}
