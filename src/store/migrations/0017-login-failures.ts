// Failed logins and account / address locks (issue 14), shared by every node on the database so a
// restart or a second API node does not reset a lockout. One row a failure, pruned after the
// counting window; one row a lock. Times in milliseconds of the throttle's clock.
export const MIGRATION_0017_LOGIN_FAILURES = `
CREATE TABLE login_failures (
  key text NOT NULL,
  at_ms bigint NOT NULL
);

CREATE INDEX login_failures_key ON login_failures (key, at_ms);
CREATE INDEX login_failures_at ON login_failures (at_ms);

CREATE TABLE login_locks (
  key text PRIMARY KEY,
  locked_until_ms bigint NOT NULL
);

CREATE INDEX login_locks_until ON login_locks (locked_until_ms);
`;
