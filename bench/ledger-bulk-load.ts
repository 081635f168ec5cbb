// Grows a chain to a given size fast, for the scale bench, leaving a log that Ledger.audit accepts:
// the database generates the entries (canonical entry JSON with a digest and `meta.n` per index,
// all stamped with the time of the load)
// and their RFC 9162 leaf hashes in SQL, in 100,000-row statements; the leaf hashes are read back
// a chunk at a time and folded into C2SP tiles by src/merkle's integrateTiles, exactly as the
// integrator would; one checkpoint over the whole tree is signed at the end. Receipts are not part
// of the Merkle log and signing millions would take the whole time budget, so bulk-loaded entries
// carry a receipt-sized note whose signature is zeros (audit does not read receipts).
import type { SignerKey } from '../src/crypto/index.ts';
import type { StoredCheckpoint } from '../src/ledger/index.ts';
import {
  integrateTiles,
  partialTilesOfTree,
  rfc6962,
  TILE_WIDTH,
  type Tile,
  type TileId,
} from '../src/merkle/index.ts';
import { signCheckpoint } from '../src/note/index.ts';
import type { SqlClient, SqlLedgerStorage } from '../src/store/index.ts';

const INSERT_ROWS = 100_000;
// Past this many new rows, the digest index (random keys) is dropped for the load and built again
// in one pass, which is an order of magnitude faster than inserting 10^7 random keys one by one.
const REBUILD_INDEXES_ABOVE_ROWS = 500_000;
const REBUILT_INDEX = 'ledger_entries_digest_hash';
const TILE_CHUNK_LEAVES = 65_536;

function positionKey(id: { level: number; index: number }): string {
  return `${id.level}/${id.index}`;
}

async function insertGeneratedEntries(
  client: SqlClient,
  chainId: number,
  origin: string,
  from: number,
  to: number,
  time: string,
): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.query('SET LOCAL synchronous_commit = off');
    await tx.query(
      `INSERT INTO ledger_entries (chain_id, leaf_index, entry, leaf_hash, unit, idempotency_key, receipt)
       SELECT $1, i, e, h, 'bench-scale', NULL,
              'sealchain-receipt/v1' || E'\\n' || 'origin ' || $4 || E'\\nindex ' || i || E'\\nleaf ' ||
              encode(h, 'base64') || E'\\ntime ' || $5 || E'\\n\\n— ' || $4 || ' ' ||
              encode(decode(repeat('00', 68), 'hex'), 'base64') || E'\\n'
       FROM (SELECT i, e, sha256('\\x00'::bytea || e) AS h
             FROM (SELECT i, convert_to('{"digest":"sha256:' || encode(sha256(int8send(i)), 'hex') ||
                          '","meta":{"n":' || i || '},"time":"' || $5 || '","type":"evidence","unit":"bench-scale","v":1}',
                          'UTF8') AS e
                   FROM generate_series($2::bigint, $3::bigint - 1) AS i) g) r`,
      [chainId, from, to, origin, time],
    );
  });
}

async function readLeafHashes(
  client: SqlClient,
  chainId: number,
  from: number,
  to: number,
): Promise<Uint8Array[]> {
  const [row] = await client.query<{ hashes: Uint8Array }>(
    `SELECT string_agg(leaf_hash, ''::bytea ORDER BY leaf_index) AS hashes FROM ledger_entries
     WHERE chain_id = $1 AND leaf_index >= $2 AND leaf_index < $3`,
    [chainId, from, to],
  );
  const hashes = row!.hashes;
  if (hashes.length !== (to - from) * 32) throw new Error(`leaf hashes ${from}..${to} are incomplete`);
  return Array.from({ length: to - from }, (_, i) => hashes.subarray(i * 32, (i + 1) * 32));
}

async function writeTiles(client: SqlClient, chainId: number, tiles: readonly Tile[]): Promise<void> {
  if (tiles.length === 0) return;
  await client.query(
    `INSERT INTO ledger_tiles (chain_id, tile_level, tile_index, width, hashes)
     SELECT $1, * FROM unnest($2::smallint[], $3::bigint[], $4::smallint[], $5::bytea[])
     ON CONFLICT (chain_id, tile_level, tile_index) DO UPDATE
       SET width = EXCLUDED.width, hashes = EXCLUDED.hashes WHERE ledger_tiles.width < EXCLUDED.width`,
    [
      chainId,
      tiles.map((tile) => tile.level),
      tiles.map((tile) => tile.index),
      tiles.map((tile) => tile.width),
      tiles.map((tile) => tile.hashes),
    ],
  );
}

/**
 * Grows the chain of `storage` (integrated up to its size, with no ledger open on it) to `target`
 * entries and signs a checkpoint over them; returns that checkpoint.
 */
export async function bulkExtendLog(
  client: SqlClient,
  storage: SqlLedgerStorage,
  signer: SignerKey,
  target: number,
): Promise<StoredCheckpoint> {
  const hasher = rfc6962(storage.hashAlgorithm);
  const fromSize = await storage.countEntries();
  const latest = await storage.readLatestCheckpoint();
  if ((latest?.treeSize ?? 0) !== fromSize) throw new Error('integrate the chain before extending it');
  const [chain] = await client.query<{ chain_id: number }>(
    'SELECT chain_id FROM ledger_chains WHERE origin = $1',
    [storage.origin],
  );
  const chainId = chain!.chain_id;
  const time = new Date().toISOString();
  const [index] = await client.query<{ indexdef: string }>(
    'SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1',
    [REBUILT_INDEX],
  );
  const rebuild = index !== undefined && target - fromSize > REBUILD_INDEXES_ABOVE_ROWS;
  if (rebuild) await client.execute(`DROP INDEX ${REBUILT_INDEX}`);
  for (let from = fromSize; from < target; from += INSERT_ROWS) {
    const to = Math.min(target, from + INSERT_ROWS);
    await insertGeneratedEntries(client, chainId, storage.origin, from, to, time);
  }
  if (rebuild) await client.execute(index!.indexdef);
  await client.query('UPDATE ledger_chains SET entry_count = $2 WHERE chain_id = $1', [chainId, target]);

  const partial = new Map<string, Tile>();
  for (const tile of await storage.readTiles(partialTilesOfTree(fromSize)))
    partial.set(positionKey(tile), tile);
  const readTile = (id: TileId) => partial.get(positionKey(id))!.hashes.slice(0, id.width * hasher.size);
  let root = latest?.rootHash ?? hasher.emptyRoot();
  for (let from = fromSize; from < target; from += TILE_CHUNK_LEAVES) {
    const to = Math.min(target, from + TILE_CHUNK_LEAVES);
    const integration = integrateTiles(
      hasher,
      from,
      await readLeafHashes(client, chainId, from, to),
      readTile,
    );
    const full = integration.tiles.filter((tile) => tile.width === TILE_WIDTH);
    await writeTiles(client, chainId, full);
    for (const tile of full) partial.delete(positionKey(tile));
    for (const tile of integration.tiles) if (tile.width < TILE_WIDTH) partial.set(positionKey(tile), tile);
    root = integration.root;
  }
  const note = signCheckpoint(
    { origin: storage.origin, treeSize: target, rootHash: root, extensions: [] },
    signer,
  );
  const checkpoint: StoredCheckpoint = { treeSize: target, rootHash: root, note };
  const finalPartial = partialTilesOfTree(target).map((id) => partial.get(positionKey(id))!);
  await storage.commitIntegration({ fromSize, checkpoint, tiles: finalPartial });
  return checkpoint;
}
