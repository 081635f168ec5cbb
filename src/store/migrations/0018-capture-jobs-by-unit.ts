// A unit's own captures (GET /v1/me/captures) are listed newest first, by status or not: one index
// range per (unit, status) instead of a scan of every job of the node. A capture job's unit is the
// jobs table's `organisation` column (src/store/sql-capture-storage.ts). A capture handed from a
// worker to its chain's node is of kind `capture-anchor` meanwhile, and still listed.
export const MIGRATION_0018_CAPTURE_JOBS_BY_UNIT = `
CREATE INDEX jobs_capture_by_unit ON jobs (organisation, status, created_at DESC, job_id DESC)
  WHERE kind IN ('capture', 'capture-anchor');
`;
