// A creator's own works (GET /v1/me/works) are read by registrant, newest first: without this index
// each page scans every registration.
export const MIGRATION_0016_REGISTRY_REGISTRANT_INDEX = `
CREATE INDEX registry_works_registrant ON registry_works (unit, work_id) WHERE entry_index IS NOT NULL;
`;
