import { join } from 'node:path';
import { StoreError } from './errors.ts';
import { applyMigrations } from './migrate.ts';
import { PgClient } from './pg-client.ts';
import { PgliteClient } from './pglite-client.ts';
import type { SqlClient } from './sql-client.ts';

export interface DatabaseOptions {
  /** `postgres://…` uses a PostgreSQL server; undefined uses embedded PGlite in `pgliteDir`. */
  databaseUrl: string | undefined;
  /** Directory of the embedded database, or `memory://` for a throw-away one. */
  pgliteDir: string;
  /** Schema that holds the tables; created when absent. */
  schema: string;
  /** Connections in the server pool (count). */
  poolSize: number;
}

export const DEFAULT_DATABASE_OPTIONS: Readonly<DatabaseOptions> = Object.freeze({
  databaseUrl: undefined,
  pgliteDir: join('data', 'pglite'),
  schema: 'public',
  poolSize: 10,
});

/** Merges `options` over the defaults; rejects keys the defaults do not have. */
export function resolveDatabaseOptions(options: Partial<DatabaseOptions> = {}): DatabaseOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_DATABASE_OPTIONS, key)) {
      throw new StoreError('STORE_OPTIONS_INVALID', `unknown database option "${key}"`);
    }
  }
  const resolved = { ...DEFAULT_DATABASE_OPTIONS, ...options };
  if (resolved.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(resolved.databaseUrl)) {
    throw new StoreError('STORE_OPTIONS_INVALID', 'databaseUrl must start with postgres:// or postgresql://');
  }
  return resolved;
}

/** Opens the configured database and applies every pending migration before returning it. */
export async function openDatabase(options: Partial<DatabaseOptions> = {}): Promise<SqlClient> {
  const resolved = resolveDatabaseOptions(options);
  const client: SqlClient =
    resolved.databaseUrl === undefined
      ? await PgliteClient.open({ dataDir: resolved.pgliteDir, schema: resolved.schema })
      : await PgClient.open({
          connectionString: resolved.databaseUrl,
          schema: resolved.schema,
          poolSize: resolved.poolSize,
        });
  try {
    await applyMigrations(client);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return client;
}
