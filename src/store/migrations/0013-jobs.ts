// The durable job queue (src/jobs JobStorage) and its recurring schedules. Capture jobs move into
// it as jobs of kind `capture`: their steps (phase, package, anchor) become the job's state, a
// failed capture a dead letter, and a capture left running is queued again.
export const MIGRATION_0013_JOBS = `
CREATE TABLE jobs (
  job_id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  organisation text,
  priority integer NOT NULL DEFAULT 0,
  idempotency_key text,
  fair_tag bigint NOT NULL DEFAULT 0,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead', 'cancelled')),
  run_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL CHECK (max_attempts >= 1),
  lease_owner text,
  lease_expires_at timestamptz,
  cancel_requested boolean NOT NULL DEFAULT false,
  progress_percent smallint CHECK (progress_percent BETWEEN 0 AND 100),
  progress_message text,
  state jsonb,
  result jsonb,
  last_error jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz
);

CREATE UNIQUE INDEX jobs_idempotency ON jobs (kind, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_ready ON jobs (kind, priority DESC, fair_tag, seq) WHERE status = 'queued';
CREATE INDEX jobs_queued_by_organisation ON jobs (kind, organisation, fair_tag) WHERE status = 'queued';
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status = 'running';
CREATE INDEX jobs_by_status ON jobs (status, kind, seq);
CREATE INDEX jobs_capture_anchor ON jobs ((state->'anchor'->>'chain'), (state->'anchor'->>'index'))
  WHERE kind = 'capture';

CREATE TABLE job_schedules (
  name text PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  organisation text,
  priority integer NOT NULL,
  max_attempts integer NOT NULL CHECK (max_attempts >= 1),
  interval_ms bigint NOT NULL CHECK (interval_ms > 0),
  next_run_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX job_schedules_due ON job_schedules (next_run_at);

INSERT INTO jobs (job_id, kind, payload, organisation, fair_tag, status, run_at, attempts, max_attempts,
  state, last_error, created_at, updated_at, started_at, finished_at)
SELECT job_id, 'capture', jsonb_build_object('url', url, 'options', options), unit, 0,
  CASE status WHEN 'failed' THEN 'dead' WHEN 'running' THEN 'queued' ELSE status END,
  created_at, attempts, 3,
  jsonb_build_object('phase', CASE status WHEN 'running' THEN 'queued' ELSE phase END,
    'result', result, 'anchor', anchor),
  error, created_at, updated_at, started_at, finished_at
FROM capture_jobs ORDER BY queue_seq;

DROP TABLE capture_jobs;
`;
