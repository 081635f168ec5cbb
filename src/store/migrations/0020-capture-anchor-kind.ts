// A capture taken by a worker process is handed off to the chain's node as kind `capture-anchor`
// (src/capture capture-queue.ts), so the lookup of a capture by its entry covers both kinds.
export const MIGRATION_0020_CAPTURE_ANCHOR_KIND = `
DROP INDEX jobs_capture_anchor;
CREATE INDEX jobs_capture_anchor ON jobs ((state->'anchor'->>'chain'), (state->'anchor'->>'index'))
  WHERE kind IN ('capture', 'capture-anchor');
`;
