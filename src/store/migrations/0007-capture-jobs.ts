// The web capture queue (src/capture CaptureJobStorage): one row per job, its progress, its
// result (the package written), its anchor (the chain entry and the stored bundle) or its error.
export const MIGRATION_0007_CAPTURE_JOBS = `
CREATE TABLE capture_jobs (
  job_id text PRIMARY KEY,
  queue_seq bigint GENERATED ALWAYS AS IDENTITY,
  unit text NOT NULL,
  url text NOT NULL,
  options jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  phase text,
  attempts integer NOT NULL CHECK (attempts >= 0),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  result jsonb,
  anchor jsonb,
  error jsonb
);

CREATE INDEX capture_jobs_queued ON capture_jobs (queue_seq) WHERE status = 'queued';
CREATE INDEX capture_jobs_running ON capture_jobs (status) WHERE status = 'running';
`;
