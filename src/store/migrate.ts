import { StoreError } from './errors.ts';
import { MIGRATION_0001_LEDGER } from './migrations/0001-ledger.ts';
import { MIGRATION_0002_UNITS } from './migrations/0002-units.ts';
import { MIGRATION_0003_ENTRY_DIGEST_INDEX } from './migrations/0003-entry-digest-index.ts';
import { MIGRATION_0004_WITNESS } from './migrations/0004-witness.ts';
import { MIGRATION_0005_CONSORTIUM } from './migrations/0005-consortium.ts';
import { MIGRATION_0006_REGISTRY } from './migrations/0006-registry.ts';
import { MIGRATION_0007_CAPTURE_JOBS } from './migrations/0007-capture-jobs.ts';
import { MIGRATION_0008_DROP_ENTRY_BUNDLES } from './migrations/0008-drop-entry-bundles.ts';
import { MIGRATION_0009_ENTRY_DIGEST_HASH_INDEX } from './migrations/0009-entry-digest-hash-index.ts';
import { MIGRATION_0010_PRINCIPALS } from './migrations/0010-principals.ts';
import { MIGRATION_0011_REGISTRY_REVIEW } from './migrations/0011-registry-review.ts';
import { MIGRATION_0012_USERS } from './migrations/0012-users.ts';
import { MIGRATION_0013_JOBS } from './migrations/0013-jobs.ts';
import { MIGRATION_0015_DAILY_COUNTS } from './migrations/0015-daily-counts.ts';
import { MIGRATION_0016_REGISTRY_REGISTRANT_INDEX } from './migrations/0016-registry-registrant-index.ts';
import { MIGRATION_0017_LOGIN_FAILURES } from './migrations/0017-login-failures.ts';
import { MIGRATION_0018_CAPTURE_JOBS_BY_UNIT } from './migrations/0018-capture-jobs-by-unit.ts';
import { MIGRATION_0019_COURT_VERIFICATIONS } from './migrations/0019-court-verifications.ts';
import { MIGRATION_0020_CAPTURE_ANCHOR_KIND } from './migrations/0020-capture-anchor-kind.ts';
import type { SqlClient } from './sql-client.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema change, in order. A migration, once released, is never edited: add the next one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'ledger', sql: MIGRATION_0001_LEDGER },
  { version: 2, name: 'units', sql: MIGRATION_0002_UNITS },
  { version: 3, name: 'entry-digest-index', sql: MIGRATION_0003_ENTRY_DIGEST_INDEX },
  { version: 4, name: 'witness', sql: MIGRATION_0004_WITNESS },
  { version: 5, name: 'consortium', sql: MIGRATION_0005_CONSORTIUM },
  { version: 6, name: 'registry', sql: MIGRATION_0006_REGISTRY },
  { version: 7, name: 'capture-jobs', sql: MIGRATION_0007_CAPTURE_JOBS },
  { version: 8, name: 'drop-entry-bundles', sql: MIGRATION_0008_DROP_ENTRY_BUNDLES },
  { version: 9, name: 'entry-digest-hash-index', sql: MIGRATION_0009_ENTRY_DIGEST_HASH_INDEX },
  { version: 10, name: 'principals', sql: MIGRATION_0010_PRINCIPALS },
  { version: 11, name: 'registry-review', sql: MIGRATION_0011_REGISTRY_REVIEW },
  { version: 12, name: 'users', sql: MIGRATION_0012_USERS },
  { version: 13, name: 'jobs', sql: MIGRATION_0013_JOBS },
  { version: 15, name: 'daily-counts', sql: MIGRATION_0015_DAILY_COUNTS },
  { version: 16, name: 'registry-registrant-index', sql: MIGRATION_0016_REGISTRY_REGISTRANT_INDEX },
  { version: 17, name: 'login-failures', sql: MIGRATION_0017_LOGIN_FAILURES },
  { version: 18, name: 'capture-jobs-by-unit', sql: MIGRATION_0018_CAPTURE_JOBS_BY_UNIT },
  { version: 19, name: 'court-verifications', sql: MIGRATION_0019_COURT_VERIFICATIONS },
  { version: 20, name: 'capture-anchor-kind', sql: MIGRATION_0020_CAPTURE_ANCHOR_KIND },
];

interface AppliedRow {
  version: number;
  name: string;
}

/**
 * Brings the client's schema up to the newest migration in one transaction, under an advisory
 * lock so that processes opening the same database at once apply each migration exactly once.
 * Returns the versions applied now (empty when the schema was already current).
 */
export async function applyMigrations(
  client: SqlClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  checkMigrationList(migrations);
  return client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.schema_migrations'))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = await tx.query<AppliedRow>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    );
    const known = new Map(migrations.map((migration) => [migration.version, migration]));
    for (const row of applied) {
      const migration = known.get(row.version);
      if (migration === undefined) {
        throw new StoreError(
          'SCHEMA_TOO_NEW',
          `the database has migration ${row.version} (${row.name}), which this build does not know; upgrade sealchain`,
          { details: { version: row.version, name: row.name } },
        );
      }
      if (migration.name !== row.name) {
        throw new StoreError(
          'MIGRATION_MISMATCH',
          `migration ${row.version} is "${row.name}" in the database`,
          {
            details: { version: row.version, expectedName: migration.name, storedName: row.name },
          },
        );
      }
    }
    const appliedVersions = new Set(applied.map((row) => row.version));
    const appliedNow: number[] = [];
    for (const migration of migrations) {
      if (appliedVersions.has(migration.version)) continue;
      try {
        await tx.execute(migration.sql);
      } catch (cause) {
        throw new StoreError(
          'MIGRATION_FAILED',
          `migration ${migration.version} (${migration.name}) failed`,
          {
            cause,
            details: { version: migration.version },
          },
        );
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      appliedNow.push(migration.version);
    }
    return appliedNow;
  });
}

function checkMigrationList(migrations: readonly Migration[]): void {
  // Numbers are assigned to branches ahead of their merge, so one may land before a lower one:
  // strictly increasing is the rule, and a missing migration is applied when it arrives.
  migrations.forEach((migration, position) => {
    const previous = position === 0 ? 0 : migrations[position - 1]!.version;
    if (!Number.isSafeInteger(migration.version) || migration.version <= previous) {
      throw new StoreError('STORE_OPTIONS_INVALID', 'migrations must be numbered in increasing order from 1');
    }
  });
}
