// Statistics count as court verifications only `verification` entries signed by a key the
// consortium file authorises for them (issue 22); records written before roles existed, by any
// unit, were indexed as verifications. The index is derived data: it is cleared here and rebuilt
// from the entries by the indexer under the new rule (as migration 0015 did).
export const MIGRATION_0019_COURT_VERIFICATIONS = `
DELETE FROM consortium_unit_counts;
DELETE FROM consortium_daily_type_counts;
DELETE FROM consortium_daily_unit_counts;
DELETE FROM consortium_unit_entries;
DELETE FROM consortium_verifications;
DELETE FROM consortium_anchors;
DELETE FROM consortium_index_heads;
`;
