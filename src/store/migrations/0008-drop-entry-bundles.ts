// C2SP entry bundles are the entries themselves, length-prefixed: the ledger builds them from
// ledger_entries when they are served, so the copy that integration used to write is dropped.
export const MIGRATION_0008_DROP_ENTRY_BUNDLES = `
DROP TABLE ledger_entry_bundles;
`;
