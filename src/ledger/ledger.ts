import { toVerifierKey, type SignerKey } from '../crypto/index.ts';
import { encodeEntryBundle, rfc6962, tileWidthInTree, type Hasher } from '../merkle/index.ts';
import { auditLedger, type AuditReport } from './audit.ts';
import { LedgerError } from './errors.ts';
import { integrateStep } from './integrator.ts';
import { resolveLedgerOptions, type LedgerOptions } from './options.ts';
import { buildConsistencyProof, buildInclusionProof } from './proofs.ts';
import { Sequencer, type AppendReceipt, type AppendRequest } from './sequencer.ts';
import { EntryBlocks } from './entry-blocks.ts';
import { RecentEntries } from './recent-entries.ts';
import type { LedgerStorage, StoredCheckpoint, StoredEntry } from './storage.ts';
import { TileCache } from './tile-cache.ts';

export interface LedgerConfig {
  storage: LedgerStorage;
  /** The sequencer's Ed25519 signer key: signs receipts and checkpoints. */
  signer: SignerKey;
  options?: Partial<LedgerOptions>;
  /** Run the integrator on a timer every integrationIntervalMs (default true). */
  autoIntegrate?: boolean;
  /** Milliseconds since the epoch (default Date.now). */
  clock?: () => number;
}

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  hashes: Uint8Array[];
}

export interface ConsistencyProof {
  size1: number;
  size2: number;
  hashes: Uint8Array[];
}

function checkCount(value: unknown, name: string, code: 'INDEX_OUT_OF_RANGE' | 'TREE_SIZE_INVALID'): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new LedgerError(code, `${name} must be a non-negative integer`, { details: { [name]: value } });
  }
  return value as number;
}

function toStorageError(error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  return new LedgerError('STORAGE_UNAVAILABLE', 'the ledger storage failed', { cause: error });
}

/**
 * One chain: sequencing with group commit and signed receipts, periodic integration into tiles
 * and checkpoints, proofs from stored tiles, and a full audit.
 */
export class Ledger {
  readonly origin: string;
  readonly hasher: Hasher;
  readonly options: LedgerOptions;
  readonly #storage: LedgerStorage;
  readonly #signer: SignerKey;
  readonly #sequencer: Sequencer;
  readonly #tiles: TileCache;
  readonly #entries: EntryBlocks;
  readonly #recent: RecentEntries;
  #checkpoint: StoredCheckpoint | null;
  #integrating: Promise<StoredCheckpoint | null> = Promise.resolve(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #integrationError: LedgerError | null = null;
  readonly #checkpointListeners = new Set<(checkpoint: StoredCheckpoint) => void>();

  private constructor(
    config: LedgerConfig,
    options: LedgerOptions,
    hasher: Hasher,
    sequencer: Sequencer,
    recent: RecentEntries,
    checkpoint: StoredCheckpoint | null,
  ) {
    this.origin = config.storage.origin;
    this.hasher = hasher;
    this.options = options;
    this.#storage = config.storage;
    this.#signer = config.signer;
    this.#sequencer = sequencer;
    this.#tiles = new TileCache(config.storage, hasher, options.tileCacheSize, options.partialTileCacheSize);
    this.#recent = recent;
    this.#entries = new EntryBlocks(
      async (start, end) => recent.read(start, end) ?? config.storage.readEntries(start, end),
      options.entryCacheBlocks,
    );
    this.#checkpoint = checkpoint;
  }

  static async open(config: LedgerConfig): Promise<Ledger> {
    const options = resolveLedgerOptions(config.options);
    const hasher = rfc6962(config.storage.hashAlgorithm);
    const clock = config.clock ?? Date.now;
    try {
      const checkpoint = await config.storage.readLatestCheckpoint();
      const recent = new RecentEntries(options.recentEntries);
      const sequencer = await Sequencer.open(
        {
          storage: config.storage,
          signer: config.signer,
          origin: config.storage.origin,
          hasher,
          options,
          clock,
          recent,
        },
        checkpoint?.treeSize ?? 0,
      );
      const ledger = new Ledger(config, options, hasher, sequencer, recent, checkpoint);
      if (config.autoIntegrate ?? true) ledger.#scheduleIntegration();
      return ledger;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  /** Appends one entry; resolves with its signed receipt once it is durably committed. */
  async append(request: AppendRequest): Promise<AppendReceipt> {
    const [receipt] = await this.#sequencer.submit([request]);
    return receipt!;
  }

  /** Appends entries all-or-nothing, in one transaction, with consecutive indexes. */
  appendBatch(requests: readonly AppendRequest[]): Promise<AppendReceipt[]> {
    return this.#sequencer.submit(requests);
  }

  /**
   * Refuses every later append with LEDGER_HALTED and `message`: for when growing the chain from
   * this storage would fork it (a witness holds a larger tree). Appends already queued go on.
   */
  halt(message: string, details: Record<string, unknown> = {}): void {
    this.#sequencer.halt(new LedgerError('LEDGER_HALTED', message, { details }));
  }

  /** Entries sequenced so far. */
  get size(): number {
    return this.#sequencer.size;
  }

  /** The error of the last background integration, or null once one succeeds. */
  get integrationError(): LedgerError | null {
    return this.#integrationError;
  }

  /** Age in milliseconds of the oldest receipted entry not yet in a checkpoint. */
  measureIntegrationLagMs(): number {
    return this.#sequencer.measureIntegrationLagMs();
  }

  /** Integrates everything sequenced so far (runs after any integration already under way). */
  integrate(): Promise<StoredCheckpoint | null> {
    const run = this.#integrating.catch(() => null).then(() => this.#integrateAll());
    this.#integrating = run;
    return run;
  }

  /**
   * Calls `listener` with each checkpoint this ledger signs, right after the integration that made
   * it commits, so that services in the same process need not poll storage for it (they still
   * should, rarely: a checkpoint written by another process is not announced). A listener that
   * throws is ignored. Returns the function that stops the calls.
   */
  watchCheckpoints(listener: (checkpoint: StoredCheckpoint) => void): () => void {
    this.#checkpointListeners.add(listener);
    return () => this.#checkpointListeners.delete(listener);
  }

  /** The latest checkpoint in storage, or null before the first. */
  async readCheckpoint(): Promise<StoredCheckpoint | null> {
    try {
      const latest = await this.#storage.readLatestCheckpoint();
      if (latest !== null && latest.treeSize > (this.#checkpoint?.treeSize ?? 0)) this.#checkpoint = latest;
      return latest;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  /**
   * Stored entries with start ≤ leafIndex < end, in order: from memory when this process committed
   * them lately, else from storage. Fewer than asked for only if storage lacks some.
   */
  async readEntries(start: number, end: number): Promise<StoredEntry[]> {
    checkCount(start, 'start', 'INDEX_OUT_OF_RANGE');
    checkCount(end, 'end', 'INDEX_OUT_OF_RANGE');
    if (end <= start) return [];
    const recent = this.#recent.read(start, end);
    if (recent !== null) return recent;
    return this.#storage.readEntries(start, end).catch((error: unknown) => {
      throw toStorageError(error);
    });
  }

  /** A stored entry; complete blocks of 256 are cached. INDEX_OUT_OF_RANGE beyond the sequenced entries. */
  async readEntry(leafIndex: number): Promise<StoredEntry> {
    checkCount(leafIndex, 'leafIndex', 'INDEX_OUT_OF_RANGE');
    const size = this.size;
    const entry =
      leafIndex < size
        ? await this.#entries.readEntry(leafIndex, size).catch((error: unknown) => {
            throw toStorageError(error);
          })
        : undefined;
    if (entry === undefined) {
      throw new LedgerError('INDEX_OUT_OF_RANGE', `there is no entry ${leafIndex}`, {
        details: { leafIndex, size },
      });
    }
    return entry;
  }

  /** RFC 9162 inclusion proof of `leafIndex` in the tree of `treeSize` (default: the latest checkpoint). */
  async proveInclusion(leafIndex: number, treeSize?: number): Promise<InclusionProof> {
    const size = await this.#resolveTreeSize(treeSize);
    checkCount(leafIndex, 'leafIndex', 'INDEX_OUT_OF_RANGE');
    if (leafIndex >= size) {
      throw new LedgerError('INDEX_OUT_OF_RANGE', `leaf ${leafIndex} is not in the tree of size ${size}`, {
        details: { leafIndex, treeSize: size },
      });
    }
    return {
      leafIndex,
      treeSize: size,
      hashes: await buildInclusionProof(this.#tiles, this.hasher, leafIndex, size),
    };
  }

  /** RFC 9162 consistency proof from `size1` to `size2` (default: the latest checkpoint). */
  async proveConsistency(size1: number, size2?: number): Promise<ConsistencyProof> {
    const to = await this.#resolveTreeSize(size2);
    checkCount(size1, 'size1', 'TREE_SIZE_INVALID');
    if (size1 < 1 || size1 > to) {
      throw new LedgerError('TREE_SIZE_INVALID', `size1 must be from 1 to ${to}`, {
        details: { size1, size2: to },
      });
    }
    return { size1, size2: to, hashes: await buildConsistencyProof(this.#tiles, this.hasher, size1, to) };
  }

  /** C2SP tile `level/index` of `width` hashes; TILE_NOT_FOUND unless stored at that width or wider. */
  async readTile(level: number, index: number, width: number): Promise<Uint8Array> {
    const [tile] = await this.#tiles.readTiles([{ level, index, width }]);
    return tile!.hashes;
  }

  /**
   * C2SP entry bundle `index` of `width` entries, built from the stored entries; TILE_NOT_FOUND
   * unless the latest checkpoint covers them.
   */
  async readEntryBundle(index: number, width: number): Promise<Uint8Array> {
    checkCount(index, 'index', 'INDEX_OUT_OF_RANGE');
    let integrated = this.#checkpoint?.treeSize ?? 0;
    if (tileWidthInTree(0, index, integrated) < width)
      integrated = (await this.readCheckpoint())?.treeSize ?? 0;
    const available = tileWidthInTree(0, index, integrated);
    if (!Number.isInteger(width) || width < 1 || available < width) {
      throw new LedgerError(
        'TILE_NOT_FOUND',
        `entry bundle ${index} of width ${width} is not in the tree (yet)`,
        {
          details: { index, width, storedWidth: available },
        },
      );
    }
    const entries = await this.#entries.readBlock(index, width, integrated).catch((error: unknown) => {
      throw toStorageError(error);
    });
    if (entries.length !== width) {
      throw new LedgerError('STORAGE_CORRUPT', `entries of bundle ${index} are missing from storage`, {
        details: { index, width, found: entries.length },
      });
    }
    return encodeEntryBundle(entries.map((entry) => entry.entry));
  }

  /** Recomputes the tree from the stored entries and checks everything stored against it. */
  audit(): Promise<AuditReport> {
    return auditLedger({
      storage: this.#storage,
      hasher: this.hasher,
      origin: this.origin,
      sequencerKey: toVerifierKey(this.#signer),
      options: this.options,
    });
  }

  /** Refuses new appends, commits those queued, integrates them, and stops the timer. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#sequencer.close();
    await this.integrate().catch(() => null);
  }

  async #resolveTreeSize(treeSize: number | undefined): Promise<number> {
    let latest = this.#checkpoint;
    if (latest === null || treeSize === undefined || treeSize > latest.treeSize)
      latest = await this.readCheckpoint();
    if (latest === null) throw new LedgerError('CHECKPOINT_NOT_FOUND', 'the chain has no checkpoint yet');
    if (treeSize === undefined) return latest.treeSize;
    checkCount(treeSize, 'treeSize', 'TREE_SIZE_INVALID');
    if (treeSize < 1 || treeSize > latest.treeSize) {
      throw new LedgerError('TREE_SIZE_INVALID', `tree size must be from 1 to ${latest.treeSize}`, {
        details: { treeSize, latestTreeSize: latest.treeSize },
      });
    }
    return treeSize;
  }

  async #integrateAll(): Promise<StoredCheckpoint | null> {
    const context = {
      storage: this.#storage,
      signer: this.#signer,
      origin: this.origin,
      hasher: this.hasher,
      options: this.options,
      readRecent: (start: number, end: number) => this.#recent.read(start, end),
    };
    try {
      for (;;) {
        const step = await integrateStep(context);
        if (step === null) break;
        this.#checkpoint = step.checkpoint;
        this.#sequencer.noteIntegrated(step.checkpoint.treeSize);
        this.#tiles.rememberTiles(step.tiles);
        this.#announceCheckpoint(step.checkpoint);
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.#integrationError = null;
      const latest = await this.readCheckpoint();
      if (latest !== null) this.#sequencer.noteIntegrated(latest.treeSize);
      return latest;
    } catch (error) {
      const failure = toStorageError(error);
      if (failure.code === 'STORAGE_CONFLICT') return this.readCheckpoint();
      this.#integrationError = failure;
      throw failure;
    }
  }

  #announceCheckpoint(checkpoint: StoredCheckpoint): void {
    for (const listener of this.#checkpointListeners) {
      try {
        listener(checkpoint);
      } catch {
        // A listener's failure is its own; integration goes on.
      }
    }
  }

  #scheduleIntegration(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.integrate()
        .catch(() => null)
        .finally(() => this.#scheduleIntegration());
    }, this.options.integrationIntervalMs);
    this.#timer.unref();
  }
}
