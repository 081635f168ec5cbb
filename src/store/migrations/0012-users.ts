// User accounts (issue 14): a user is a principal (application_units: name, organisation, roles)
// with a password (scrypt, PHC string), an optional TOTP second factor and a disabled mark.
// Sessions are stored by the SHA-256 of their id only, with their CSRF token.
export const MIGRATION_0012_USERS = `
CREATE TABLE user_accounts (
  unit_id text PRIMARY KEY REFERENCES application_units (unit_id),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  password_change_required boolean NOT NULL,
  totp_secret bytea,
  totp_pending_secret bytea,
  totp_last_step bigint,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL
);

CREATE TABLE user_sessions (
  id_hash bytea PRIMARY KEY CHECK (octet_length(id_hash) = 32),
  unit_id text NOT NULL REFERENCES user_accounts (unit_id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);

CREATE INDEX user_sessions_unit ON user_sessions (unit_id);
`;
