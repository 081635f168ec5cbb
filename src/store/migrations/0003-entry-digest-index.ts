// Finding entries by the digest they deposit. An entry is RFC 8785 canonical JSON, whose keys are
// sorted, so every entry starts with `{"digest":"` (11 bytes) followed by its digest: the 71 bytes
// from byte 12 are a `sha256:<64 hex>` digest, or a `sm3:<64 hex>` digest and the `","` that
// follows it. An index on that slice needs no new column and no change to how entries are written.
export const MIGRATION_0003_ENTRY_DIGEST_INDEX = `
CREATE INDEX ledger_entries_digest ON ledger_entries (chain_id, substring(entry FROM 12 FOR 71));
`;
