// Works registration (src/registry): registrations and licences with their chain entries,
// registration-number sequences per kind and year, and the codes the similarity indexes are
// rebuilt from at start. A file is registered once: its SHA-256 is unique.
export const MIGRATION_0006_REGISTRY = `
CREATE TABLE registry_sequences (
  kind text NOT NULL,
  year integer NOT NULL,
  last_sequence integer NOT NULL,
  PRIMARY KEY (kind, year)
);

CREATE TABLE registry_works (
  work_id bigserial PRIMARY KEY,
  number text NOT NULL UNIQUE,
  sha256 text NOT NULL UNIQUE,
  unit text NOT NULL,
  holder_name text NOT NULL,
  title text NOT NULL,
  record jsonb NOT NULL,
  content_kind text,
  content_code text,
  pdq_hash text,
  pdq_quality integer,
  text_signature jsonb,
  entry_index bigint,
  entry_leaf_hash text,
  entry_time text
);
CREATE INDEX registry_works_holder ON registry_works (holder_name, work_id);
CREATE INDEX registry_works_incomplete ON registry_works (work_id) WHERE entry_index IS NULL;

CREATE TABLE registry_licenses (
  license_id bigserial PRIMARY KEY,
  number text NOT NULL UNIQUE,
  work_number text NOT NULL REFERENCES registry_works (number),
  unit text NOT NULL,
  record jsonb NOT NULL,
  entry_index bigint,
  entry_leaf_hash text,
  entry_time text,
  revocation jsonb,
  revocation_index bigint,
  revocation_leaf_hash text,
  revocation_time text
);
CREATE INDEX registry_licenses_work ON registry_licenses (work_number, license_id);
`;
