// Application units and the node's admin credential. Keys and the token are stored only as
// SHA-256 hashes; a unit's name is unique forever because entries carry it.
export const MIGRATION_0002_UNITS = `
CREATE TABLE application_units (
  unit_id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  key_hash bytea NOT NULL CHECK (octet_length(key_hash) = 32),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE node_admin_token (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  token_hash bytea NOT NULL CHECK (octet_length(token_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);
`;
