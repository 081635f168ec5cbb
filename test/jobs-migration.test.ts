import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PgClient, PgliteClient, type SqlClient } from '../src/store/index.ts';
import { applyMigrations, MIGRATIONS } from '../src/store/migrate.ts';
import { SqlCaptureStorage } from '../src/store/sql-capture-storage.ts';
import {
  createPgliteDir,
  createTestSchemaName,
  dropTestSchema,
  skipUnavailable,
  TEST_BACKENDS,
  TEST_DATABASE_URL,
  type TestBackend,
} from '../src/store/test-support/databases.ts';

// Migration 13 moves the capture queue into the job queue: a database holding captures in every
// state before the upgrade shows the same captures after it, and a capture left running is queued.

const T = '2026-05-06T07:08:09.123Z';
const ids = {
  queued: '00000000-0000-4000-8000-000000000001',
  running: '00000000-0000-4000-8000-000000000002',
  done: '00000000-0000-4000-8000-000000000003',
  failed: '00000000-0000-4000-8000-000000000004',
};

async function openUnmigrated(
  backend: TestBackend,
): Promise<{ client: SqlClient; dispose(): Promise<void> }> {
  if (backend === 'pglite') {
    const dir = await createPgliteDir();
    const client = await PgliteClient.open({ dataDir: dir, schema: 'public' });
    return {
      client,
      dispose: async () => (await client.close(), rmSync(dir, { recursive: true, force: true })),
    };
  }
  const schema = createTestSchemaName();
  const client = await PgClient.open({ connectionString: TEST_DATABASE_URL!, schema, poolSize: 2 });
  const dispose = async () => {
    await client.close();
    await dropTestSchema(schema);
  };
  return { client, dispose };
}

async function insertCapture(client: SqlClient, id: string, status: string, extra: Record<string, unknown>) {
  await client.query(
    `INSERT INTO capture_jobs (job_id, unit, url, options, status, phase, attempts, created_at, updated_at,
       started_at, finished_at, result, anchor, error)
     VALUES ($1, 'unit-a', 'https://example.com/', '{"loadTimeoutMs":5000}', $2, $3, $4, $5, $5, $6, $7, $8, $9, $10)`,
    [
      id,
      status,
      extra['phase'] ?? null,
      extra['attempts'] ?? 0,
      T,
      extra['startedAt'] ?? null,
      extra['finishedAt'] ?? null,
      extra['result'] ?? null,
      extra['anchor'] ?? null,
      extra['error'] ?? null,
    ],
  );
}

for (const backend of TEST_BACKENDS) {
  describe(`migration 13 (jobs) on ${backend}`, () => {
    it('keeps every capture of the old queue, and queues the one left running', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await openUnmigrated(backend);
      try {
        await applyMigrations(
          db.client,
          MIGRATIONS.filter((migration) => migration.version < 13),
        );
        await insertCapture(db.client, ids.queued, 'queued', { phase: 'queued' });
        await insertCapture(db.client, ids.running, 'running', {
          phase: 'loading',
          attempts: 1,
          startedAt: T,
        });
        const anchor = { chain: 'evidence', index: 5, time: T, bundleSha256: null };
        await insertCapture(db.client, ids.done, 'done', {
          attempts: 1,
          startedAt: T,
          finishedAt: T,
          result: JSON.stringify({ state: 'complete' }),
          anchor: JSON.stringify(anchor),
        });
        await insertCapture(db.client, ids.failed, 'failed', {
          attempts: 2,
          finishedAt: T,
          error: JSON.stringify({ code: 'CAPTURE_FAILED', message: 'net::ERR_NAME_NOT_RESOLVED' }),
        });
        assert.deepEqual(
          await applyMigrations(db.client),
          MIGRATIONS.filter((migration) => migration.version >= 13).map((migration) => migration.version),
        );

        const storage = new SqlCaptureStorage(db.client);
        const done = await storage.readJob(ids.done);
        assert.equal(done?.status, 'done');
        assert.deepEqual(done?.anchor, anchor);
        assert.deepEqual(done?.result, { state: 'complete' });
        assert.deepEqual(done?.options, { loadTimeoutMs: 5000 });
        assert.equal((await storage.findJobByEntry('evidence', 5))?.id, ids.done);
        const failed = await storage.readJob(ids.failed);
        assert.equal(failed?.status, 'failed');
        assert.deepEqual(failed?.error, { code: 'CAPTURE_FAILED', message: 'net::ERR_NAME_NOT_RESOLVED' });
        const resumed = await storage.readJob(ids.running);
        assert.equal(resumed?.status, 'queued');
        assert.equal(resumed?.phase, 'queued');
        assert.equal(resumed?.attempts, 1);
        assert.equal(await storage.countJobs('queued', 'unit-a'), 2);
        const order = [
          await storage.claimNextJob(T),
          await storage.claimNextJob(T),
          await storage.claimNextJob(T),
        ];
        assert.deepEqual(
          order.map((job) => job?.id ?? null),
          [ids.queued, ids.running, null],
        );
      } finally {
        await db.dispose();
      }
    });
  });
}
