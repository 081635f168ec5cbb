// Databases for tests: a fresh embedded PGlite directory (copied from a template initialised once
// per machine, because initdb takes seconds) or a fresh random schema on the PostgreSQL server
// named by SEALCHAIN_TEST_DATABASE_URL. Each test gets its own, so files and reruns never collide.
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { bytesToHex, randomBytes } from '../../crypto/index.ts';
import { openDatabase, type DatabaseOptions } from '../open-database.ts';
import { PgClient } from '../pg-client.ts';
import type { SqlClient } from '../sql-client.ts';

export type TestBackend = 'pglite' | 'server';
export const TEST_BACKENDS: readonly TestBackend[] = ['pglite', 'server'];

export const TEST_DATABASE_URL: string | undefined = process.env.SEALCHAIN_TEST_DATABASE_URL || undefined;
const REQUIRE_TOOLS = process.env.SEALCHAIN_REQUIRE_TOOLS === '1';

/**
 * Why the server half of a suite cannot run, or undefined when it can. With
 * SEALCHAIN_REQUIRE_TOOLS=1 a missing server is a failure, not a skip.
 */
export function findServerSkipReason(backend: TestBackend): string | undefined {
  if (backend !== 'server' || TEST_DATABASE_URL !== undefined) return undefined;
  const reason = 'SEALCHAIN_TEST_DATABASE_URL not set: PostgreSQL server tests skipped';
  if (REQUIRE_TOOLS) throw new Error(`${reason}, but SEALCHAIN_REQUIRE_TOOLS=1 requires them`);
  return reason;
}

/** Skips the test `t` when the backend is unavailable; returns true when it was skipped. */
export function skipUnavailable(t: { skip(message?: string): void }, backend: TestBackend): boolean {
  const reason = findServerSkipReason(backend);
  if (reason === undefined) return false;
  t.skip(reason);
  return true;
}

function readPgliteVersion(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

const TEMPLATE_DIR = join(tmpdir(), `sealchain-pglite-template-${readPgliteVersion()}`);

async function ensurePgliteTemplate(): Promise<string> {
  if (existsSync(join(TEMPLATE_DIR, 'PG_VERSION'))) return TEMPLATE_DIR;
  const building = mkdtempSync(join(tmpdir(), 'sealchain-pglite-template-build-'));
  const db = await PGlite.create(building);
  await db.query('CHECKPOINT');
  await db.close();
  try {
    renameSync(building, TEMPLATE_DIR);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return TEMPLATE_DIR;
}

/** A fresh PGlite data directory (not opened); remove it with `rmSync` when done. */
export async function createPgliteDir(): Promise<string> {
  const template = await ensurePgliteTemplate();
  const dir = mkdtempSync(join(tmpdir(), 'sealchain-pglite-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}

export interface TestDatabase {
  backend: TestBackend;
  /** Options that reopen this same database (after `client.close()`), e.g. in a child process. */
  options: Partial<DatabaseOptions>;
  client: SqlClient;
  /** Closes the client if still open and deletes the directory or schema. */
  dispose(): Promise<void>;
}

export function createTestSchemaName(): string {
  return `test_${bytesToHex(randomBytes(8))}`;
}

export async function openTestDatabase(backend: TestBackend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const dir = await createPgliteDir();
    const options: Partial<DatabaseOptions> = { pgliteDir: dir };
    const client = await openDatabase(options);
    return {
      backend,
      options,
      client,
      async dispose() {
        await client.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (TEST_DATABASE_URL === undefined) throw new Error('SEALCHAIN_TEST_DATABASE_URL is not set');
  const schema = createTestSchemaName();
  const options: Partial<DatabaseOptions> = { databaseUrl: TEST_DATABASE_URL, schema, poolSize: 4 };
  const client = await openDatabase(options);
  return {
    backend,
    options,
    client,
    async dispose() {
      await client.close();
      await dropTestSchema(schema);
    },
  };
}

/** Runs `fn` with a client of its own on the test server (to look at or end other sessions). */
export async function withServerAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  if (TEST_DATABASE_URL === undefined) throw new Error('SEALCHAIN_TEST_DATABASE_URL is not set');
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

export async function dropTestSchema(schema: string): Promise<void> {
  if (TEST_DATABASE_URL === undefined) return;
  const admin = await PgClient.open({ connectionString: TEST_DATABASE_URL, schema: 'public', poolSize: 1 });
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.close();
  }
}

/**
 * One database per backend for a whole test file, opened on first use and disposed after the
 * file's tests: call at the top level of the file. Tests keep apart by using their own chain
 * origins or table names, which is far cheaper than a fresh PGlite directory per test.
 */
export function shareTestDatabases(): (backend: TestBackend) => Promise<TestDatabase> {
  const opened = new Map<TestBackend, Promise<TestDatabase>>();
  after(async () => {
    for (const database of opened.values()) await (await database).dispose();
  });
  return (backend) => {
    let database = opened.get(backend);
    if (database === undefined) {
      database = openTestDatabase(backend);
      opened.set(backend, database);
    }
    return database;
  };
}

/** A chain origin no other test uses. */
export function createTestOrigin(): string {
  return `t${bytesToHex(randomBytes(6))}.sealchain.test/log`;
}
