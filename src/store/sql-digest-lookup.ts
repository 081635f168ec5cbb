import { utf8ToBytes } from '../crypto/index.ts';
import type { StoredEntry } from '../ledger/index.ts';
import type { SqlClient } from './sql-client.ts';

interface EntryRow {
  leaf_index: bigint;
  entry: Uint8Array;
  leaf_hash: Uint8Array;
  unit: string;
  idempotency_key: string | null;
  receipt: string;
}

const DIGEST_PATTERN = /^(sha256|sm3):[0-9a-f]{64}$/;
const KEY_BYTES = 71;

/** The indexed 71-byte slice of every entry of this digest (see migrations 3 and 9). */
function digestKey(digest: string): Uint8Array {
  const key = utf8ToBytes(digest.startsWith('sm3:') ? `${digest}","` : digest);
  return key.length === KEY_BYTES ? key : new Uint8Array(0);
}

/** Finds stored entries by their digest through the hash index of migration 9. */
export class SqlDigestLookup {
  readonly #client: SqlClient;
  readonly #origin: string;

  constructor(client: SqlClient, origin: string) {
    this.#client = client;
    this.#origin = origin;
  }

  /** Up to `limit` entries of the chain whose digest is `digest`, oldest first; [] for a malformed digest. */
  async findEntriesByDigest(digest: string, limit: number): Promise<StoredEntry[]> {
    if (typeof digest !== 'string' || !DIGEST_PATTERN.test(digest)) return [];
    const rows = await this.#client.query<EntryRow>(
      `SELECT e.leaf_index, e.entry, e.leaf_hash, e.unit, e.idempotency_key, e.receipt
       FROM ledger_entries e JOIN ledger_chains c ON c.chain_id = e.chain_id
       WHERE c.origin = $1 AND substring(e.entry FROM 12 FOR 71) = $2
       ORDER BY e.leaf_index LIMIT $3`,
      [this.#origin, digestKey(digest), limit],
    );
    const prefix = utf8ToBytes(`{"digest":"${digest}"`);
    return rows
      .filter((row) => prefix.every((byte, i) => row.entry[i] === byte))
      .map((row) => ({
        leafIndex: Number(row.leaf_index),
        entry: row.entry,
        leafHash: row.leaf_hash,
        unit: row.unit,
        idempotencyKey: row.idempotency_key,
        receipt: row.receipt,
      }));
  }
}
