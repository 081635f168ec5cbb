import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSealchainError } from '../src/errors/index.ts';
import { MIGRATIONS, applyMigrations } from '../src/store/migrate.ts';
import { openDatabase, resolveDatabaseOptions } from '../src/store/open-database.ts';
import { PgliteClient } from '../src/store/pglite-client.ts';
import { readSqlState, SQLSTATE_UNIQUE_VIOLATION } from '../src/store/sql-client.ts';
import {
  createPgliteDir,
  createTestSchemaName,
  dropTestSchema,
  shareTestDatabases,
  skipUnavailable,
  TEST_BACKENDS,
  TEST_DATABASE_URL,
} from '../src/store/test-support/databases.ts';
import { rmSync } from 'node:fs';

const useDatabase = shareTestDatabases();

function hasCode(code: string) {
  return (error: unknown) => isSealchainError(error) && error.code === code;
}

for (const backend of TEST_BACKENDS) {
  describe(`SQL client and migrations on ${backend}`, () => {
    it('applies every migration once and records it in schema_migrations', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const rows = await db.client.query<{ version: number; name: string }>(
        'SELECT version, name FROM schema_migrations ORDER BY version',
      );
      assert.deepEqual(
        rows.map((row) => [row.version, row.name]),
        MIGRATIONS.map((migration) => [migration.version, migration.name]),
      );
      assert.deepEqual(await applyMigrations(db.client), []);
    });

    it('returns bigint, plain Uint8Array and null whatever the driver', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const [row] = await db.client.query<Record<string, unknown>>(
        'SELECT $1::bigint AS big, $2::bytea AS bytes, NULL::text AS nothing, 7::integer AS small',
        [9007199254740993n, Uint8Array.of(0, 1, 255)],
      );
      assert.equal(row!.big, 9007199254740993n);
      assert.equal(Object.getPrototypeOf(row!.bytes), Uint8Array.prototype);
      assert.deepEqual(row!.bytes, Uint8Array.of(0, 1, 255));
      assert.equal(row!.nothing, null);
      assert.equal(row!.small, 7);
    });

    it('passes bytea values, arrays of them and views into larger buffers byte for byte', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const backing = Uint8Array.from({ length: 300 }, (_, i) => i & 255);
      const view = backing.subarray(10, 270);
      const [row] = await db.client.query<{ one: Uint8Array; many: string; empty: Uint8Array }>(
        `SELECT $1::bytea AS one, array_to_string(ARRAY(SELECT encode(b, 'hex') FROM unnest($2::bytea[]) b), ',') AS many,
                $3::bytea AS empty`,
        [view, [Uint8Array.of(0x5c, 0x22, 0x2c), new Uint8Array(0), view], new Uint8Array(0)],
      );
      assert.deepEqual(row!.one, view.slice());
      assert.equal(row!.many, ['5c222c', '', Buffer.from(view).toString('hex')].join(','));
      assert.deepEqual(row!.empty, new Uint8Array(0));
    });

    it('answers a statement run again and again, and hundreds of distinct ones, on every connection', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const repeated = await Promise.all(
        Array.from({ length: 40 }, (_, i) => db.client.query<{ n: number }>('SELECT $1::int + 1 AS n', [i])),
      );
      assert.deepEqual(
        repeated.map(([row]) => row!.n),
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      for (let i = 0; i < 600; i++) {
        const [row] = await db.client.query<{ n: number }>(`SELECT $1::int + ${i} AS n`, [1]);
        assert.equal(row!.n, i + 1);
      }
    });

    it('rolls back a transaction whose function throws', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      await db.client.execute('CREATE TABLE rollback_probe (n integer)');
      await assert.rejects(
        db.client.transaction(async (tx) => {
          await tx.query('INSERT INTO rollback_probe VALUES (1)');
          throw new Error('abandon');
        }),
        /abandon/,
      );
      const rows = await db.client.query<{ count: bigint }>('SELECT count(*) AS count FROM rollback_probe');
      assert.equal(rows[0]!.count, 0n);
    });

    it('keeps a statement outside a transaction out of a transaction open at the time', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      await db.client.execute('CREATE TABLE isolation_probe (n integer)');
      let inside!: () => void;
      const opened = new Promise<void>((resolve) => (inside = resolve));
      const abandoned = db.client.transaction(async (tx) => {
        await tx.query('INSERT INTO isolation_probe VALUES ($1)', [1]);
        inside();
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('abandon');
      });
      await opened;
      await db.client.query('INSERT INTO isolation_probe VALUES ($1)', [2]);
      await assert.rejects(abandoned, /abandon/);
      const rows = await db.client.query<{ n: number }>('SELECT n FROM isolation_probe');
      assert.deepEqual(rows, [{ n: 2 }], 'the rollback took only the row of the transaction');
    });

    it('answers a failing statement with its SQLSTATE and goes on answering', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      await db.client.execute('CREATE TABLE unique_probe (n integer PRIMARY KEY)');
      const insert = 'INSERT INTO unique_probe VALUES ($1)';
      await db.client.query(insert, [1]);
      await assert.rejects(db.client.query(insert, [1]), (error: unknown) => {
        assert.equal(readSqlState(error), SQLSTATE_UNIQUE_VIOLATION);
        return true;
      });
      await assert.rejects(db.client.query('SELECT $1::int / 0 AS n', [1]), (error: unknown) => {
        assert.equal(readSqlState(error), '22012');
        return true;
      });
      await db.client.query(insert, [2]);
      const rows = await db.client.query<{ n: number }>(
        'SELECT n FROM unique_probe WHERE n > $1 ORDER BY n',
        [0],
      );
      assert.deepEqual(rows, [{ n: 1 }, { n: 2 }]);
    });

    it('refuses a database that holds a migration this build does not know', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      await db.client.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from-the-future')`);
      try {
        await assert.rejects(applyMigrations(db.client), hasCode('SCHEMA_TOO_NEW'));
      } finally {
        await db.client.query('DELETE FROM schema_migrations WHERE version = 999');
      }
    });

    it('refuses a stored migration whose name differs from this build', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      await db.client.query(`UPDATE schema_migrations SET name = 'renamed' WHERE version = 1`);
      try {
        await assert.rejects(applyMigrations(db.client), hasCode('MIGRATION_MISMATCH'));
      } finally {
        await db.client.query(`UPDATE schema_migrations SET name = $1 WHERE version = 1`, [
          MIGRATIONS[0]!.name,
        ]);
      }
    });
  });
}

describe('openDatabase on a PostgreSQL server', () => {
  it('applies migrations exactly once when two processes open a new schema at once', async (t) => {
    if (skipUnavailable(t, 'server')) return;
    const schema = createTestSchemaName();
    const options = { databaseUrl: TEST_DATABASE_URL!, schema, poolSize: 2 };
    try {
      const [a, b] = await Promise.all([openDatabase(options), openDatabase(options)]);
      const rows = await a.query('SELECT version FROM schema_migrations');
      await a.close();
      await b.close();
      assert.equal(rows.length, MIGRATIONS.length);
    } finally {
      await dropTestSchema(schema);
    }
  });
});

describe('PgliteClient durability', () => {
  it('fsyncs on the host before a commit resolves', async () => {
    const dir = await createPgliteDir();
    const client = await PgliteClient.open({ dataDir: dir, schema: 'public' });
    try {
      await client.execute('CREATE TABLE probe (n integer)');
      const before = client.syncCount;
      await client.transaction(async (tx) => {
        await tx.query('INSERT INTO probe VALUES (1)');
      });
      assert.ok(
        client.syncCount > before,
        `expected an fsync for the commit, saw ${client.syncCount - before}`,
      );
    } finally {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fsyncs on the host before a statement with parameters outside a transaction resolves', async () => {
    const dir = await createPgliteDir();
    const client = await PgliteClient.open({ dataDir: dir, schema: 'public' });
    try {
      await client.execute('CREATE TABLE probe (n integer)');
      for (const n of [1, 2, 3]) {
        const before = client.syncCount;
        await client.query('INSERT INTO probe VALUES ($1)', [n]);
        assert.ok(client.syncCount > before, `expected an fsync for insert ${n}, saw none`);
      }
    } finally {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps committed rows across close and reopen', async () => {
    const dir = await createPgliteDir();
    try {
      const first = await openDatabase({ pgliteDir: dir });
      await first.execute('CREATE TABLE probe (n integer)');
      await first.query('INSERT INTO probe VALUES (42)');
      await first.close();
      const second = await openDatabase({ pgliteDir: dir });
      const rows = await second.query<{ n: number }>('SELECT n FROM probe');
      await second.close();
      assert.deepEqual(rows, [{ n: 42 }]);
      await assert.rejects(second.query('SELECT 1'), hasCode('STORE_CLOSED'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('resolveDatabaseOptions', () => {
  it('rejects an unknown option key', () => {
    assert.throws(
      () => resolveDatabaseOptions({ databseUrl: 'x' } as never),
      hasCode('STORE_OPTIONS_INVALID'),
    );
  });

  it('rejects a database URL of another scheme', () => {
    assert.throws(
      () => resolveDatabaseOptions({ databaseUrl: 'mysql://x' }),
      hasCode('STORE_OPTIONS_INVALID'),
    );
  });

  it('rejects a schema name that could smuggle SQL', async () => {
    await assert.rejects(
      PgliteClient.open({ dataDir: 'memory://', schema: 'x; DROP TABLE y' }),
      hasCode('STORE_OPTIONS_INVALID'),
    );
  });
});
