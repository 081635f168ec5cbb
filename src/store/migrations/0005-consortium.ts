// The sequencer side of the consortium: the cosigned version of each checkpoint the ledger signed
// (kept beside the ledger's own tables, which stay as they are), the size each witness last
// cosigned, the witnesses' reports of a fork, and the index a node derives from its own chain
// (entries per unit and type, verification records, anchors of other chains' checkpoints).
export const MIGRATION_0005_CONSORTIUM = `
CREATE TABLE consortium_checkpoints (
  origin text NOT NULL,
  tree_size bigint NOT NULL CHECK (tree_size > 0),
  root_hash bytea NOT NULL,
  note text NOT NULL,
  cosigners text[] NOT NULL,
  final boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (origin, tree_size)
);

CREATE INDEX consortium_checkpoints_final ON consortium_checkpoints (origin, tree_size) WHERE final;

CREATE TABLE consortium_witness_sizes (
  origin text NOT NULL,
  witness text NOT NULL,
  tree_size bigint NOT NULL CHECK (tree_size >= 0),
  PRIMARY KEY (origin, witness)
);

CREATE TABLE consortium_fork_reports (
  report_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  origin text NOT NULL,
  witness text NOT NULL,
  tree_size bigint NOT NULL,
  code text NOT NULL,
  reason text NOT NULL,
  checkpoint_note text NOT NULL,
  reported_at timestamptz NOT NULL
);

CREATE TABLE consortium_index_heads (
  origin text PRIMARY KEY,
  indexed_size bigint NOT NULL CHECK (indexed_size >= 0)
);

CREATE TABLE consortium_unit_counts (
  origin text NOT NULL,
  unit text NOT NULL,
  entry_type text NOT NULL,
  entries bigint NOT NULL CHECK (entries >= 0),
  PRIMARY KEY (origin, unit, entry_type)
);

CREATE TABLE consortium_verifications (
  origin text NOT NULL,
  leaf_index bigint NOT NULL,
  verified_chain text NOT NULL,
  verified_origin text NOT NULL,
  verified_index bigint NOT NULL,
  verified_leaf_hash text NOT NULL,
  verified boolean NOT NULL,
  cross_chain boolean NOT NULL,
  case_number text,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (origin, leaf_index)
);

CREATE INDEX consortium_verifications_case ON consortium_verifications (origin, case_number, leaf_index)
  WHERE case_number IS NOT NULL;

CREATE TABLE consortium_anchors (
  origin text NOT NULL,
  leaf_index bigint NOT NULL,
  anchored_origin text NOT NULL,
  anchored_tree_size bigint NOT NULL CHECK (anchored_tree_size > 0),
  checkpoint_note text NOT NULL,
  PRIMARY KEY (origin, leaf_index)
);

CREATE INDEX consortium_anchors_covering ON consortium_anchors (origin, anchored_origin, anchored_tree_size, leaf_index);
`;
