// Job queue throughput on PGlite and on a PostgreSQL server: jobs enqueued, claimed and
// completed per second by concurrent workers, each figure beside the rate of plain single-row
// INSERTs into a table of the same shape in the same database in the same run.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { JobQueue, JobWorker } from '../src/jobs/index.ts';
import { openDatabase, SqlJobStorage, type DatabaseOptions, type SqlClient } from '../src/store/index.ts';
import {
  createPgliteDir,
  createTestSchemaName,
  dropTestSchema,
} from '../src/store/test-support/databases.ts';
import { printRow } from './harness.ts';

const WORKERS = 8;
const MEASURE_MS = 3_000;
const PAYLOAD = { target: 42, url: 'https://example.com/page' };

async function runConcurrently(workers: number, durationMs: number, operation: () => Promise<unknown>) {
  const until = performance.now() + durationMs;
  let operations = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) {
        await operation();
        operations += 1;
      }
    }),
  );
  return operations / ((performance.now() - start) / 1000);
}

const DRAIN_JOBS = 300;

/** Jobs per second a JobWorker (claims, heartbeats, completion) gets through a queue filled ahead. */
async function measureWorkerDrain(queue: JobQueue, storage: SqlJobStorage): Promise<number> {
  for (let i = 0; i < DRAIN_JOBS; i += 1) {
    await queue.enqueue({ kind: 'drain', payload: PAYLOAD, organisation: `unit-${i % 4}` });
  }
  let finished = 0;
  let allDone!: () => void;
  const drained = new Promise<void>((resolve) => (allDone = resolve));
  const worker = new JobWorker({
    storage,
    options: { concurrency: WORKERS, leaseMs: 60_000, heartbeatMs: 15_000, pollMs: 1_000 },
    handlers: {
      drain: {
        run: async () => {
          finished += 1;
          if (finished === DRAIN_JOBS) allDone();
          return null;
        },
      },
    },
  });
  const start = performance.now();
  worker.start();
  await drained;
  await worker.close();
  return DRAIN_JOBS / ((performance.now() - start) / 1000);
}

async function benchBackend(name: string, options: Partial<DatabaseOptions>): Promise<void> {
  const client: SqlClient = await openDatabase(options);
  try {
    await client.execute('CREATE TABLE bench_jobs (LIKE jobs INCLUDING ALL)');
    const now = new Date().toISOString();
    const insertRate = await runConcurrently(WORKERS, MEASURE_MS, () =>
      client.query(
        `INSERT INTO bench_jobs (job_id, kind, payload, organisation, status, run_at, max_attempts, created_at, updated_at)
         VALUES ($1, 'bench', $2::jsonb, 'unit-a', 'queued', $3::timestamptz, 5, $3::timestamptz, $3::timestamptz)`,
        [randomUUID(), JSON.stringify(PAYLOAD), now],
      ),
    );
    const storage = new SqlJobStorage(client);
    const queue = new JobQueue(storage);
    let worker = 0;
    const cycleRate = await runConcurrently(WORKERS, MEASURE_MS, async () => {
      const owner = `bench-${(worker += 1)}`;
      await queue.enqueue({ kind: 'bench', payload: PAYLOAD, organisation: `unit-${worker % 4}` });
      const [job] = await storage.claimJobs(
        { kinds: ['bench'], owner, leaseMs: 60_000, limit: 1 },
        new Date().toISOString(),
      );
      if (job !== undefined) await storage.completeJob(job.id, owner, { ok: true }, new Date().toISOString());
    });
    printRow({
      name: `${name}: ${WORKERS} workers, each job enqueued + claimed + completed`,
      value: cycleRate,
      unit: 'jobs/s',
      baselineName: `${WORKERS} concurrent single-row INSERTs into a table of the same shape`,
      baselineValue: insertRate,
    });
    const drainRate = await measureWorkerDrain(queue, storage);
    printRow({
      name: `${name}: a JobWorker (concurrency ${WORKERS}) draining a queue of ${DRAIN_JOBS} jobs`,
      value: drainRate,
      unit: 'jobs/s',
      baselineName: `${WORKERS} concurrent single-row INSERTs into a table of the same shape`,
      baselineValue: insertRate,
    });
    const done = await storage.countJobs({ status: 'done', kind: 'bench' });
    const queued = await storage.countJobs({ status: 'queued', kind: 'bench' });
    console.log(`${name}: ${done} jobs done, ${queued} left queued`);
  } finally {
    await client.close();
  }
}

export async function runBench(): Promise<void> {
  const dir = await createPgliteDir();
  try {
    await benchBackend('PGlite', { pgliteDir: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const databaseUrl = process.env.SEALCHAIN_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (databaseUrl === undefined || databaseUrl === '') {
    console.log('PostgreSQL server: skipped (set SEALCHAIN_TEST_DATABASE_URL or DATABASE_URL)');
    return;
  }
  const schema = createTestSchemaName();
  try {
    await benchBackend('PostgreSQL server', { databaseUrl, schema, poolSize: WORKERS });
  } finally {
    await dropTestSchema(schema);
  }
}
