import type { HashAlgorithm } from '../crypto/index.ts';
import type { Tile, TileId } from '../merkle/index.ts';

/** One sequenced entry as stored: what the sequencer committed and receipted. */
export interface StoredEntry {
  readonly leafIndex: number;
  /** The entry's RFC 8785 canonical JSON, UTF-8: the exact leaf bytes. */
  readonly entry: Uint8Array;
  /** RFC 9162 leaf hash of `entry`. */
  readonly leafHash: Uint8Array;
  readonly unit: string;
  readonly idempotencyKey: string | null;
  /** The signed receipt note returned when the entry was appended. */
  readonly receipt: string;
}

export interface StoredCheckpoint {
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  /** The signed C2SP checkpoint note. */
  readonly note: string;
}

/** Everything one integration step writes, atomically. */
export interface IntegrationCommit {
  /** The tree size of the latest checkpoint this step started from. */
  readonly fromSize: number;
  readonly checkpoint: StoredCheckpoint;
  /** New and grown tiles; a stored tile is replaced only by a wider one of the same position. */
  readonly tiles: readonly Tile[];
}

export interface IdempotencyLookup {
  readonly unit: string;
  readonly idempotencyKey: string;
}

/**
 * What the chain needs from a database, for one chain (origin). C2SP entry bundles are not stored:
 * they are the entries themselves, length-prefixed, and are built from them when served. Implementations MUST make every
 * write method atomic and durable: when it resolves the data survives a crash of the process and
 * of the machine; when it rejects nothing was written. Read methods MUST see every write that
 * resolved before they were called. Errors other than those named are reported as
 * LedgerError('STORAGE_UNAVAILABLE') by the caller.
 */
export interface LedgerStorage {
  readonly origin: string;
  readonly hashAlgorithm: HashAlgorithm;

  /** Number of sequenced entries (the next leaf index). */
  countEntries(): Promise<number>;

  /**
   * Appends entries with leaf indexes expectedCount, expectedCount + 1, … in one transaction.
   * MUST reject LedgerError('STORAGE_CONFLICT') and write nothing when the stored count is not
   * `expectedCount`, or when (unit, idempotencyKey) of an entry is already stored. MUST reject
   * LedgerError('STORAGE_CORRUPT') when the entries' indexes are not consecutive from expectedCount.
   */
  appendEntries(expectedCount: number, entries: readonly StoredEntry[]): Promise<void>;

  /** The stored entries carrying any of the given (unit, idempotency key) pairs, in any order. */
  findIdempotentEntries(keys: readonly IdempotencyLookup[]): Promise<StoredEntry[]>;

  /**
   * Entries with start <= leafIndex < end, in index order. MUST return all of them when
   * end <= countEntries(); a shorter answer is what the caller reports as STORAGE_CORRUPT.
   */
  readEntries(start: number, end: number): Promise<StoredEntry[]>;

  /** The checkpoint of the largest tree size, or null before the first integration. */
  readLatestCheckpoint(): Promise<StoredCheckpoint | null>;

  /** Up to `limit` stored checkpoints with treeSize > afterSize, smallest first. */
  listCheckpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]>;

  /**
   * The stored tiles at the given positions (their `width` is ignored), each at its stored width,
   * in any order; positions with no tile are left out.
   */
  readTiles(ids: readonly TileId[]): Promise<Tile[]>;

  /**
   * Writes tiles and the checkpoint in one transaction and makes the checkpoint the
   * latest. MUST reject LedgerError('STORAGE_CONFLICT') and write nothing unless the latest
   * checkpoint's tree size is `fromSize` (0 when there is none) and checkpoint.treeSize > fromSize,
   * so checkpoints only grow and two integrators can never fork the tree.
   */
  commitIntegration(commit: IntegrationCommit): Promise<void>;
}
