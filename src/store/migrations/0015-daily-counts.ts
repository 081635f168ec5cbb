// Entries per day (Beijing calendar day), unit, type and subtype (a work's workType), kept by the
// chain indexer beside the all-time per-unit counts, so the dashboard's daily series are read
// from at most days × units × types rows, never by scanning entries (issue 14: fast at 10^7).
// The index is derived data: it is cleared here and rebuilt from the entries by the indexer, so
// entries indexed before this migration get their days too.
export const MIGRATION_0015_DAILY_COUNTS = `
CREATE TABLE consortium_daily_counts (
  origin text NOT NULL,
  day date NOT NULL,
  unit text NOT NULL,
  entry_type text NOT NULL,
  subtype text NOT NULL DEFAULT '',
  entries bigint NOT NULL CHECK (entries >= 0),
  PRIMARY KEY (origin, day, unit, entry_type, subtype)
);

DELETE FROM consortium_unit_counts;
DELETE FROM consortium_verifications;
DELETE FROM consortium_anchors;
DELETE FROM consortium_index_heads;
`;
