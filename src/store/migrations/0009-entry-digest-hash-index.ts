// Finding entries by digest (migration 3) through a hash index instead of a B-tree on the same
// 71-byte slice. Digests are random, so every insert into the B-tree lands on a random leaf page;
// once the index outgrows memory that slows appends (at 10^7 entries on a PostgreSQL server:
// 0.76–0.85 of the rate at 10^4, against 0.95–1.0 with a hash index, which keeps 4-byte hash codes
// and is a quarter the size). Lookups by digest are equality only, which is what a hash index does.
export const MIGRATION_0009_ENTRY_DIGEST_HASH_INDEX = `
DROP INDEX ledger_entries_digest;
CREATE INDEX ledger_entries_digest_hash ON ledger_entries USING hash (substring(entry FROM 12 FOR 71));
`;
