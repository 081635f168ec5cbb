// Placeholder for migration 10, which another branch of issue 22 adds: the migration list must be
// numbered without gaps. Replace this file with that branch's migration when merging.
export const MIGRATION_0010_RESERVED = 'SELECT 1;';
