// Entries per day (Beijing calendar day), kept by the chain indexer beside the all-time per-unit
// counts, so the dashboard's daily series are read from small tables, never by scanning entries
// (issue 14: fast at 10^7): per day, type and subtype (a work's workType, `cross-chain` for such
// verifications) for everyone, and per day, unit and type for operators. Beside them, each
// entry's unit, so a unit lists its own entries (GET /v1/me/entries) by an index, not a scan.
// The index is derived data: it is cleared here and rebuilt from the entries by the indexer, so
// entries indexed before this migration get their days too.
export const MIGRATION_0015_DAILY_COUNTS = `
CREATE TABLE consortium_daily_type_counts (
  origin text NOT NULL,
  day date NOT NULL,
  entry_type text NOT NULL,
  subtype text NOT NULL,
  entries bigint NOT NULL CHECK (entries >= 0),
  PRIMARY KEY (origin, day, entry_type, subtype)
);

CREATE TABLE consortium_daily_unit_counts (
  origin text NOT NULL,
  day date NOT NULL,
  unit text NOT NULL,
  entry_type text NOT NULL,
  entries bigint NOT NULL CHECK (entries >= 0),
  PRIMARY KEY (origin, day, unit, entry_type)
);

CREATE TABLE consortium_unit_entries (
  origin text NOT NULL,
  unit text NOT NULL,
  leaf_index bigint NOT NULL,
  PRIMARY KEY (origin, unit, leaf_index)
);

DELETE FROM consortium_unit_counts;
DELETE FROM consortium_verifications;
DELETE FROM consortium_anchors;
DELETE FROM consortium_index_heads;
`;
