import { LedgerError, type StoredEntry } from '../ledger/index.ts';

// Entry rows cross the driver boundary packed into one bytea each way. Both drivers speak the text
// protocol, where every bytea is a hex string and every row and parameter has a fixed cost in
// JavaScript; one packed value per statement is 4 times cheaper on PGlite than a row per entry.

/**
 * A query of one row and one column, `packed`: the ledger_entries rows that `where` selects (it may
 * use the alias `e` and parameters), in leaf-index order, each as its leaf index (int8), then entry,
 * leaf hash, unit, idempotency key (length -1 for NULL) and receipt, each after its int4 byte
 * length. NULL when no row matches. decodePackedEntries reads it.
 */
export function selectPackedEntries(where: string): string {
  return `SELECT string_agg(int8send(p.leaf_index)
      || int4send(octet_length(p.entry)) || p.entry
      || int4send(octet_length(p.leaf_hash)) || p.leaf_hash
      || int4send(octet_length(p.unit)) || p.unit
      || coalesce(int4send(octet_length(p.idempotency_key)) || p.idempotency_key, '\\xffffffff'::bytea)
      || int4send(octet_length(p.receipt)) || p.receipt, ''::bytea ORDER BY p.leaf_index) AS packed
    FROM (SELECT e.leaf_index, e.entry, e.leaf_hash, convert_to(e.unit, 'UTF8') AS unit,
            convert_to(e.idempotency_key, 'UTF8') AS idempotency_key, convert_to(e.receipt, 'UTF8') AS receipt
          FROM ledger_entries e WHERE ${where}) p`;
}

const NULL_LENGTH = 0xffffffff;

function malformed(offset: number): LedgerError {
  return new LedgerError('STORAGE_CORRUPT', 'a packed entry row from the database is truncated', {
    details: { offset },
  });
}

/** Reads the rows packed by selectPackedEntries; STORAGE_CORRUPT if the bytes end inside a row. */
export function decodePackedEntries(packed: Uint8Array | null): StoredEntry[] {
  if (packed === null) return [];
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  // The database checks that text is valid UTF-8; Buffer decodes short strings far faster than TextDecoder.
  const text = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const entries: StoredEntry[] = [];
  let offset = 0;
  const readLength = (): number => {
    if (offset + 4 > packed.length) throw malformed(offset);
    const length = view.getUint32(offset);
    offset += 4;
    if (length !== NULL_LENGTH && offset + length > packed.length) throw malformed(offset);
    return length;
  };
  const readBytes = (): Uint8Array => {
    const length = readLength();
    if (length === NULL_LENGTH) throw malformed(offset);
    offset += length;
    return packed.slice(offset - length, offset);
  };
  const readText = (): string | null => {
    const length = readLength();
    if (length === NULL_LENGTH) return null;
    offset += length;
    return text.toString('utf8', offset - length, offset);
  };
  while (offset < packed.length) {
    if (offset + 8 > packed.length) throw malformed(offset);
    const leafIndex = Number(view.getBigInt64(offset));
    offset += 8;
    const entry = readBytes();
    const leafHash = readBytes();
    const unit = readText();
    const idempotencyKey = readText();
    const receipt = readText();
    if (unit === null || receipt === null) throw malformed(offset);
    entries.push({ leafIndex, entry, leafHash, unit, idempotencyKey, receipt });
  }
  return entries;
}

/**
 * Parameters of an INSERT that unpacks entries in SQL: every entry followed by its leaf hash and
 * its receipt's UTF-8 bytes in one bytea, where each entry starts, the entry and receipt lengths,
 * the common leaf hash length, and the short text columns as arrays.
 */
export function packEntriesForInsert(entries: readonly StoredEntry[]): {
  leaves: Uint8Array;
  entryOffsets: number[];
  entryLengths: number[];
  receiptLengths: number[];
  leafHashBytes: number;
  units: string[];
  idempotencyKeys: (string | null)[];
} {
  const leafHashBytes = entries[0]?.leafHash.length ?? 0;
  let total = 0;
  for (const entry of entries) {
    if (entry.leafHash.length !== leafHashBytes) {
      throw new LedgerError('STORAGE_CORRUPT', 'appended leaf hashes must all have one length', {
        details: { leafIndex: entry.leafIndex, leafHashBytes: entry.leafHash.length },
      });
    }
    // At most 3 bytes of UTF-8 for each UTF-16 code unit.
    total += entry.entry.length + leafHashBytes + 3 * entry.receipt.length;
  }
  const leaves = Buffer.allocUnsafeSlow(total);
  const entryOffsets: number[] = [];
  const receiptLengths: number[] = [];
  let offset = 0;
  for (const entry of entries) {
    entryOffsets.push(offset);
    leaves.set(entry.entry, offset);
    leaves.set(entry.leafHash, offset + entry.entry.length);
    offset += entry.entry.length + leafHashBytes;
    const written = leaves.write(entry.receipt, offset, 'utf8');
    receiptLengths.push(written);
    offset += written;
  }
  return {
    leaves: new Uint8Array(leaves.buffer, 0, offset),
    entryOffsets,
    entryLengths: entries.map((entry) => entry.entry.length),
    receiptLengths,
    leafHashBytes,
    units: entries.map((entry) => entry.unit),
    idempotencyKeys: entries.map((entry) => entry.idempotencyKey),
  };
}
