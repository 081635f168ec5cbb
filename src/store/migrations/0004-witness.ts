// The witness service (C2SP tlog-witness): per origin, the latest checkpoint cosigned, and the
// alarms (forks, rejected proofs, audit mismatches) that freeze an origin for good.
export const MIGRATION_0004_WITNESS = `
CREATE TABLE witness_checkpoints (
  origin text PRIMARY KEY,
  tree_size bigint NOT NULL CHECK (tree_size >= 0),
  root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
  note text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE witness_alarms (
  alarm_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  origin text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('fork', 'proof-rejected', 'audit-mismatch')),
  known_note text,
  conflicting_note text NOT NULL,
  evidence text NOT NULL,
  detected_at timestamptz NOT NULL
);

CREATE INDEX witness_alarms_origin ON witness_alarms (origin, alarm_id);
`;
