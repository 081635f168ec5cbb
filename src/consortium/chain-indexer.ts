import {
  parseEntry,
  readEntryTypeAndUnit,
  type Entry,
  type EntryLimits,
  type StoredEntry,
} from '../ledger/index.ts';
import { checkEntryAuthority, type TrustedChain, type TrustFile } from '../verify/index.ts';
import { ANCHOR_ENTRY_TYPE, readAnchorEntry } from './anchor-entry.ts';
import type {
  ChainIndexStorage,
  DailyCount,
  IndexedAnchor,
  IndexedVerification,
  UnitEntry,
} from './chain-index-storage.ts';
import { CROSS_CHAIN, readBeijingDay, readWorkType } from './daily-count.ts';
import { ConsortiumError } from './errors.ts';
import { readVerificationEntry, VERIFICATION_ENTRY_TYPE } from './verification-entry.ts';

// Reads the chain in order and keeps what the node's statistics and cross-chain proofs need:
// entries per unit and type, verification records and anchors. The index is derived data: each
// batch is committed with the position it reached, so a restart resumes where it stopped and two
// indexers of one chain cannot count an entry twice. A `verification` entry is kept as a court
// verification only when it carries a valid signature by a key the consortium file authorises for
// verifications on this chain (src/verify/entry-authority.ts); older records written before roles
// existed, by any unit, are counted as entries of their type and nothing more.

const WHOLLY_READ_TYPES: ReadonlySet<string> = new Set([VERIFICATION_ENTRY_TYPE, ANCHOR_ENTRY_TYPE]);

/**
 * The court verification an entry records: a well-formed `verification` entry with a valid
 * signature by a key the consortium file authorises for verifications on `chain`; else null.
 */
export function readCourtVerification(
  chain: TrustedChain,
  trust: TrustFile,
  leafIndex: number,
  entry: Entry,
): IndexedVerification | null {
  const verification = readVerificationEntry(chain, leafIndex, entry);
  if (verification === null || !checkEntryAuthority(entry, chain, trust).ok) return null;
  return verification;
}

export interface ChainIndexerOptions {
  /** Pause between looks for new entries, in milliseconds. */
  pollMs: number;
  /** Most entries read and committed in one batch. */
  batchEntries: number;
}

export const DEFAULT_CHAIN_INDEXER_OPTIONS: Readonly<ChainIndexerOptions> = Object.freeze({
  pollMs: 200,
  batchEntries: 4_096,
});

export interface ChainIndexerConfig {
  readonly chain: TrustedChain;
  /** The consortium file: which keys may sign verification records on `chain`. */
  readonly trust: TrustFile;
  readonly storage: ChainIndexStorage;
  /** Entries sequenced so far. */
  readonly countEntries: () => number;
  /** Stored entries with start ≤ leafIndex < end, in order. */
  readonly readEntries: (start: number, end: number) => Promise<StoredEntry[]>;
  readonly limits: EntryLimits;
  readonly options?: Partial<ChainIndexerOptions>;
  /** Where failures are reported; MUST NOT throw. */
  readonly onError?: (message: string, error: unknown) => void;
}

function resolveOptions(options: Partial<ChainIndexerOptions> = {}): ChainIndexerOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_CHAIN_INDEXER_OPTIONS, key)) {
      throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', `unknown indexer option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_CHAIN_INDEXER_OPTIONS, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConsortiumError(
        'CONSORTIUM_OPTIONS_INVALID',
        `indexer option ${key} must be a positive integer`,
        {
          details: { key, value },
        },
      );
    }
  }
  return resolved;
}

export class ChainIndexer {
  readonly options: ChainIndexerOptions;
  readonly #config: ChainIndexerConfig;
  #indexedSize = 0;
  #running: Promise<number> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(config: ChainIndexerConfig) {
    this.#config = config;
    this.options = resolveOptions(config.options);
  }

  /** Entries indexed so far, as last read or written. */
  get indexedSize(): number {
    return this.#indexedSize;
  }

  start(): void {
    this.#schedule();
  }

  /** Indexes every entry sequenced now; resolves the indexed size (one run at a time). */
  catchUp(): Promise<number> {
    this.#running ??= this.#catchUp().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  async #catchUp(): Promise<number> {
    const { storage, chain } = this.#config;
    this.#indexedSize = await storage.readIndexedSize(chain.origin);
    const target = this.#config.countEntries();
    while (!this.#closed && this.#indexedSize < target) {
      const from = this.#indexedSize;
      const to = Math.min(target, from + this.options.batchEntries);
      const entries = await this.#config.readEntries(from, to);
      if (entries.length !== to - from) {
        throw new ConsortiumError('CHAIN_READ_FAILED', `entries ${from} to ${to} could not all be read`, {
          details: { from, to, read: entries.length },
        });
      }
      const committed = await storage.commitIndexBatch(this.#summarize(from, to, entries));
      this.#indexedSize = committed ? to : await storage.readIndexedSize(chain.origin);
    }
    return this.#indexedSize;
  }

  #summarize(fromIndex: number, toIndex: number, entries: readonly StoredEntry[]) {
    const { chain, limits } = this.#config;
    const counts = new Map<string, { unit: string; type: string; entries: number }>();
    const daily = new Map<string, { -readonly [K in keyof DailyCount]: DailyCount[K] }>();
    const verifications: IndexedVerification[] = [];
    const anchors: IndexedAnchor[] = [];
    const unitEntries: UnitEntry[] = [];
    const count = (unit: string, type: string, time: string, subtype: string, leafIndex: number): void => {
      unitEntries.push({ unit, leafIndex });
      const key = `${unit}\n${type}`;
      const counted = counts.get(key);
      if (counted === undefined) counts.set(key, { unit, type, entries: 1 });
      else counted.entries++;
      const day = readBeijingDay(time);
      const dayKey = `${day}\n${key}\n${subtype}`;
      const dayCounted = daily.get(dayKey);
      if (dayCounted === undefined) daily.set(dayKey, { day, unit, type, subtype, entries: 1 });
      else dayCounted.entries++;
    };
    for (const stored of entries) {
      // Only verification records and anchors are read whole; other entries are counted by the
      // type and unit their last members carry (the ledger checked each entry when it was appended).
      const header = readEntryTypeAndUnit(stored.entry);
      if (header !== null && !WHOLLY_READ_TYPES.has(header.type)) {
        count(
          header.unit,
          header.type,
          header.time,
          readWorkType(header.type, stored.entry),
          stored.leafIndex,
        );
        continue;
      }
      let entry;
      try {
        entry = parseEntry(stored.entry, limits, chain.origin);
      } catch (error) {
        this.#config.onError?.(
          `${chain.name}: entry ${stored.leafIndex} is not a valid entry; not indexed`,
          error,
        );
        continue;
      }
      const verification = readCourtVerification(chain, this.#config.trust, stored.leafIndex, entry);
      const subtype = verification?.crossChain === true ? CROSS_CHAIN : '';
      count(entry.unit, entry.type, entry.time, subtype, stored.leafIndex);
      if (verification !== null) verifications.push(verification);
      const anchor = readAnchorEntry(chain, stored.leafIndex, entry);
      if (anchor !== null) anchors.push(anchor);
    }
    return {
      origin: chain.origin,
      fromIndex,
      toIndex,
      counts: [...counts.values()],
      dailyCounts: [...daily.values()],
      unitEntries,
      verifications,
      anchors,
    };
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.catchUp()
        .catch((error: unknown) =>
          this.#config.onError?.(`${this.#config.chain.name}: indexing failed`, error),
        )
        .finally(() => this.#schedule());
    }, this.options.pollMs);
    this.#timer.unref?.();
  }
}
