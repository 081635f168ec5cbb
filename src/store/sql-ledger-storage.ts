import type { HashAlgorithm } from '../crypto/index.ts';
import {
  LedgerError,
  type IdempotencyLookup,
  type IntegrationCommit,
  type LedgerStorage,
  type StoredCheckpoint,
  type StoredEntry,
  type StoredEntryBundle,
} from '../ledger/index.ts';
import type { Tile, TileId } from '../merkle/index.ts';
import { StoreError } from './errors.ts';
import { readSqlState, SQLSTATE_UNIQUE_VIOLATION, type SqlClient } from './sql-client.ts';

interface EntryRow {
  leaf_index: bigint;
  entry: Uint8Array;
  leaf_hash: Uint8Array;
  unit: string;
  idempotency_key: string | null;
  receipt: string;
}

interface CheckpointRow {
  tree_size: bigint;
  root_hash: Uint8Array | null;
  checkpoint: string | null;
}

const ENTRY_COLUMNS = 'leaf_index, entry, leaf_hash, unit, idempotency_key, receipt';

function rowToEntry(row: EntryRow): StoredEntry {
  return {
    leafIndex: Number(row.leaf_index),
    entry: row.entry,
    leafHash: row.leaf_hash,
    unit: row.unit,
    idempotencyKey: row.idempotency_key,
    receipt: row.receipt,
  };
}

function rowToCheckpoint(row: CheckpointRow): StoredCheckpoint | null {
  if (row.tree_size === 0n || row.root_hash === null || row.checkpoint === null) return null;
  return { treeSize: Number(row.tree_size), rootHash: row.root_hash, note: row.checkpoint };
}

function conflict(message: string, details: Record<string, unknown> = {}): LedgerError {
  return new LedgerError('STORAGE_CONFLICT', message, { details });
}

/** LedgerStorage for one chain in PostgreSQL (PGlite or a server), on the tables of migration 1. */
export class SqlLedgerStorage implements LedgerStorage {
  readonly origin: string;
  readonly hashAlgorithm: HashAlgorithm;
  readonly #client: SqlClient;
  readonly #chainId: number;

  private constructor(client: SqlClient, chainId: number, origin: string, hashAlgorithm: HashAlgorithm) {
    this.#client = client;
    this.#chainId = chainId;
    this.origin = origin;
    this.hashAlgorithm = hashAlgorithm;
  }

  /** Opens the chain `origin`, creating it on first use; a chain keeps the hash it was created with. */
  static async open(
    client: SqlClient,
    origin: string,
    hashAlgorithm: HashAlgorithm,
  ): Promise<SqlLedgerStorage> {
    if (typeof origin !== 'string' || origin.length === 0 || origin.length > 255 || /[\s]/u.test(origin)) {
      throw new StoreError('STORE_OPTIONS_INVALID', 'a chain origin is 1 to 255 characters without spaces');
    }
    const chain = await client.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO ledger_chains (origin, hash_algorithm) VALUES ($1, $2) ON CONFLICT (origin) DO NOTHING',
        [origin, hashAlgorithm],
      );
      const [row] = await tx.query<{ chain_id: number; hash_algorithm: HashAlgorithm }>(
        'SELECT chain_id, hash_algorithm FROM ledger_chains WHERE origin = $1',
        [origin],
      );
      await tx.query(
        'INSERT INTO ledger_tree_heads (chain_id, tree_size) VALUES ($1, 0) ON CONFLICT (chain_id) DO NOTHING',
        [row!.chain_id],
      );
      return row!;
    });
    if (chain.hash_algorithm !== hashAlgorithm) {
      throw new StoreError(
        'STORE_OPTIONS_INVALID',
        `chain ${origin} hashes with ${chain.hash_algorithm}, not ${hashAlgorithm}`,
        { details: { origin, storedHashAlgorithm: chain.hash_algorithm, hashAlgorithm } },
      );
    }
    return new SqlLedgerStorage(client, chain.chain_id, origin, hashAlgorithm);
  }

  async countEntries(): Promise<number> {
    const [row] = await this.#client.query<{ entry_count: bigint }>(
      'SELECT entry_count FROM ledger_chains WHERE chain_id = $1',
      [this.#chainId],
    );
    return Number(row!.entry_count);
  }

  async appendEntries(expectedCount: number, entries: readonly StoredEntry[]): Promise<void> {
    entries.forEach((entry, i) => {
      if (entry.leafIndex !== expectedCount + i) {
        throw new LedgerError('STORAGE_CORRUPT', 'appended entries must have consecutive leaf indexes', {
          details: { expectedIndex: expectedCount + i, leafIndex: entry.leafIndex },
        });
      }
    });
    if (entries.length === 0) return;
    try {
      await this.#client.transaction(async (tx) => {
        const moved = await tx.query(
          'UPDATE ledger_chains SET entry_count = $3 WHERE chain_id = $1 AND entry_count = $2 RETURNING chain_id',
          [this.#chainId, expectedCount, expectedCount + entries.length],
        );
        if (moved.length !== 1)
          throw conflict('the log head moved: another writer appended first', { expectedCount });
        await tx.query(
          `INSERT INTO ledger_entries (chain_id, ${ENTRY_COLUMNS})
           SELECT $1, * FROM unnest($2::bigint[], $3::bytea[], $4::bytea[], $5::text[], $6::text[], $7::text[])`,
          [
            this.#chainId,
            entries.map((entry) => entry.leafIndex),
            entries.map((entry) => entry.entry),
            entries.map((entry) => entry.leafHash),
            entries.map((entry) => entry.unit),
            entries.map((entry) => entry.idempotencyKey),
            entries.map((entry) => entry.receipt),
          ],
        );
      });
    } catch (error) {
      if (readSqlState(error) === SQLSTATE_UNIQUE_VIOLATION) {
        throw conflict('an entry with the same index or idempotency key is already stored');
      }
      throw error;
    }
  }

  async findIdempotentEntries(keys: readonly IdempotencyLookup[]): Promise<StoredEntry[]> {
    if (keys.length === 0) return [];
    const rows = await this.#client.query<EntryRow>(
      `SELECT e.leaf_index, e.entry, e.leaf_hash, e.unit, e.idempotency_key, e.receipt
       FROM unnest($2::text[], $3::text[]) AS k (unit, idempotency_key)
       JOIN ledger_entries e ON e.unit = k.unit AND e.idempotency_key = k.idempotency_key
       WHERE e.chain_id = $1 AND e.idempotency_key IS NOT NULL`,
      [this.#chainId, keys.map((key) => key.unit), keys.map((key) => key.idempotencyKey)],
    );
    return rows.map(rowToEntry);
  }

  async readEntries(start: number, end: number): Promise<StoredEntry[]> {
    if (end <= start) return [];
    const rows = await this.#client.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entries
       WHERE chain_id = $1 AND leaf_index >= $2 AND leaf_index < $3 ORDER BY leaf_index`,
      [this.#chainId, start, end],
    );
    return rows.map(rowToEntry);
  }

  async readLatestCheckpoint(): Promise<StoredCheckpoint | null> {
    const [row] = await this.#client.query<CheckpointRow>(
      'SELECT tree_size, root_hash, checkpoint FROM ledger_tree_heads WHERE chain_id = $1',
      [this.#chainId],
    );
    return rowToCheckpoint(row!);
  }

  async listCheckpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]> {
    const rows = await this.#client.query<CheckpointRow>(
      `SELECT tree_size, root_hash, checkpoint FROM ledger_checkpoints
       WHERE chain_id = $1 AND tree_size > $2 ORDER BY tree_size LIMIT $3`,
      [this.#chainId, afterSize, limit],
    );
    return rows.map((row) => rowToCheckpoint(row)!);
  }

  async readTiles(ids: readonly TileId[]): Promise<Tile[]> {
    if (ids.length === 0) return [];
    const rows = await this.#client.query<{
      tile_level: number;
      tile_index: bigint;
      width: number;
      hashes: Uint8Array;
    }>(
      `SELECT t.tile_level, t.tile_index, t.width, t.hashes
       FROM unnest($2::smallint[], $3::bigint[]) AS k (tile_level, tile_index)
       JOIN ledger_tiles t ON t.tile_level = k.tile_level AND t.tile_index = k.tile_index
       WHERE t.chain_id = $1`,
      [this.#chainId, ids.map((id) => id.level), ids.map((id) => id.index)],
    );
    return rows.map((row) => ({
      level: row.tile_level,
      index: Number(row.tile_index),
      width: row.width,
      hashes: row.hashes,
    }));
  }

  async readEntryBundle(index: number): Promise<StoredEntryBundle | null> {
    const [row] = await this.#client.query<{ width: number; bundle: Uint8Array }>(
      'SELECT width, bundle FROM ledger_entry_bundles WHERE chain_id = $1 AND bundle_index = $2',
      [this.#chainId, index],
    );
    return row === undefined ? null : { index, width: row.width, bundle: row.bundle };
  }

  async commitIntegration(commit: IntegrationCommit): Promise<void> {
    const { fromSize, checkpoint, tiles, bundles } = commit;
    if (!(checkpoint.treeSize > fromSize)) {
      throw conflict('a checkpoint must be larger than the one it follows', {
        fromSize,
        treeSize: checkpoint.treeSize,
      });
    }
    await this.#client.transaction(async (tx) => {
      const moved = await tx.query(
        `UPDATE ledger_tree_heads SET tree_size = $3, root_hash = $4, checkpoint = $5
         WHERE chain_id = $1 AND tree_size = $2 RETURNING chain_id`,
        [this.#chainId, fromSize, checkpoint.treeSize, checkpoint.rootHash, checkpoint.note],
      );
      if (moved.length !== 1)
        throw conflict('the tree head moved: another integrator committed first', { fromSize });
      await tx.query(
        'INSERT INTO ledger_checkpoints (chain_id, tree_size, root_hash, checkpoint) VALUES ($1, $2, $3, $4)',
        [this.#chainId, checkpoint.treeSize, checkpoint.rootHash, checkpoint.note],
      );
      if (tiles.length > 0) {
        await tx.query(
          `INSERT INTO ledger_tiles (chain_id, tile_level, tile_index, width, hashes)
           SELECT $1, * FROM unnest($2::smallint[], $3::bigint[], $4::smallint[], $5::bytea[])
           ON CONFLICT (chain_id, tile_level, tile_index) DO UPDATE
             SET width = EXCLUDED.width, hashes = EXCLUDED.hashes
             WHERE ledger_tiles.width < EXCLUDED.width`,
          [
            this.#chainId,
            tiles.map((tile) => tile.level),
            tiles.map((tile) => tile.index),
            tiles.map((tile) => tile.width),
            tiles.map((tile) => tile.hashes),
          ],
        );
      }
      if (bundles.length > 0) {
        await tx.query(
          `INSERT INTO ledger_entry_bundles (chain_id, bundle_index, width, bundle)
           SELECT $1, * FROM unnest($2::bigint[], $3::smallint[], $4::bytea[])
           ON CONFLICT (chain_id, bundle_index) DO UPDATE
             SET width = EXCLUDED.width, bundle = EXCLUDED.bundle
             WHERE ledger_entry_bundles.width < EXCLUDED.width`,
          [
            this.#chainId,
            bundles.map((bundle) => bundle.index),
            bundles.map((bundle) => bundle.width),
            bundles.map((bundle) => bundle.bundle),
          ],
        );
      }
    });
  }
}
