import type { HashAlgorithm } from '../crypto/index.ts';
import {
  LedgerError,
  type IdempotencyLookup,
  type IntegrationCommit,
  type LedgerStorage,
  type StoredCheckpoint,
  type StoredEntry,
} from '../ledger/index.ts';
import type { Tile, TileId } from '../merkle/index.ts';
import { StoreError } from './errors.ts';
import { decodePackedEntries, packEntriesForInsert, selectPackedEntries } from './packed-entries.ts';
import { readSqlState, SQLSTATE_UNIQUE_VIOLATION, type SqlClient } from './sql-client.ts';

interface CheckpointRow {
  tree_size: bigint;
  root_hash: Uint8Array | null;
  checkpoint: string | null;
}

// Rows per packed read: a bound on the size of the one value a read returns.
const READ_CHUNK_ENTRIES = 4_096;

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
    const packed = packEntriesForInsert(entries);
    let row: { moved: bigint; inserted: bigint } | undefined;
    try {
      // One statement, so one round trip and one implicit transaction: the head moves and the
      // rows go in together, or (another writer moved the head first) neither happens.
      [row] = await this.#client.query<{ moved: bigint; inserted: bigint }>(
        `WITH moved AS (
           UPDATE ledger_chains SET entry_count = $2::bigint + $10::bigint
           WHERE chain_id = $1 AND entry_count = $2 RETURNING chain_id),
         inserted AS (
           INSERT INTO ledger_entries (chain_id, leaf_index, entry, leaf_hash, unit, idempotency_key, receipt)
           SELECT moved.chain_id, $2::bigint + n - 1, substring($3::bytea FROM s + 1 FOR l),
                  substring($3::bytea FROM s + l + 1 FOR $4::int), u, k,
                  convert_from(substring($3::bytea FROM s + l + $4::int + 1 FOR r), 'UTF8')
           FROM moved, unnest($5::int4[], $6::int4[], $7::int4[], $8::text[], $9::text[])
                         WITH ORDINALITY AS x (s, l, r, u, k, n)
           RETURNING 1)
         SELECT (SELECT count(*) FROM moved) AS moved, (SELECT count(*) FROM inserted) AS inserted`,
        [
          this.#chainId,
          expectedCount,
          packed.leaves,
          packed.leafHashBytes,
          packed.entryOffsets,
          packed.entryLengths,
          packed.receiptLengths,
          packed.units,
          packed.idempotencyKeys,
          entries.length,
        ],
      );
    } catch (error) {
      if (readSqlState(error) === SQLSTATE_UNIQUE_VIOLATION) {
        throw conflict('an entry with the same index or idempotency key is already stored');
      }
      throw error;
    }
    if (row?.moved !== 1n)
      throw conflict('the log head moved: another writer appended first', { expectedCount });
    if (row.inserted !== BigInt(entries.length)) {
      throw new LedgerError(
        'STORAGE_CORRUPT',
        'the database stored another number of entries than appended',
        {
          details: { appended: entries.length, stored: Number(row.inserted) },
        },
      );
    }
  }

  async findIdempotentEntries(keys: readonly IdempotencyLookup[]): Promise<StoredEntry[]> {
    if (keys.length === 0) return [];
    const [row] = await this.#client.query<{ packed: Uint8Array | null }>(
      selectPackedEntries(
        `e.chain_id = $1 AND e.idempotency_key IS NOT NULL AND (e.unit, e.idempotency_key) IN
           (SELECT * FROM unnest($2::text[], $3::text[]))`,
      ),
      [this.#chainId, keys.map((key) => key.unit), keys.map((key) => key.idempotencyKey)],
    );
    return decodePackedEntries(row!.packed);
  }

  async readEntries(start: number, end: number): Promise<StoredEntry[]> {
    const entries: StoredEntry[] = [];
    for (let from = start; from < end; from += READ_CHUNK_ENTRIES) {
      const [row] = await this.#client.query<{ packed: Uint8Array | null }>(
        selectPackedEntries('e.chain_id = $1 AND e.leaf_index >= $2 AND e.leaf_index < $3'),
        [this.#chainId, from, Math.min(end, from + READ_CHUNK_ENTRIES)],
      );
      for (const entry of decodePackedEntries(row!.packed)) entries.push(entry);
    }
    return entries;
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

  async commitIntegration(commit: IntegrationCommit): Promise<void> {
    const { fromSize, checkpoint, tiles } = commit;
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
    });
  }
}
